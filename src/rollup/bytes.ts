// This layer's canonical encodings on the protocol's one ByteReader / ByteWriter: big-endian, plus
// canonical field elements. Every malformed input becomes a DecodeError whose code is the reader's
// fault; it never reduces or guesses.
import { ByteReader, ByteWriter } from '../protocol/bytes.js';
import { DecodeError } from './errors.js';
import { FR_MODULUS, bytesToBigintBE, fieldToBytesBE } from './field.js';

export class RollupWriter extends ByteWriter {
  field(x: bigint): this {
    return this.bytes(fieldToBytesBE(x));
  }
}

export class RollupReader extends ByteReader {
  /** `what` names the structure in error messages, e.g. "transaction". */
  constructor(buf: Uint8Array, what: string) {
    super(buf, (message, fault) => new DecodeError(fault === 'out-of-range' ? 'bad-index' : fault, message), {
      what,
    });
  }

  /** A canonical field element (< p), 32 bytes big-endian. */
  field(field: string): bigint {
    this.need(32, field);
    const v = bytesToBigintBE(this.buf, this.offset);
    if (v >= FR_MODULUS)
      throw new DecodeError(
        'non-canonical-field',
        `${this.what}: ${field} at offset ${this.offset} is not a canonical field element (≥ p)`,
      );
    this.offset += 32;
    return v;
  }
}
