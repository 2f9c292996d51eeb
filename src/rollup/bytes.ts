// Strict big-endian reader/writer for this layer's canonical encodings. The reader turns every
// malformed input into a DecodeError with a precise message; it never reduces or guesses.
import { DecodeError } from './errors.js';
import { FR_MODULUS, bytesToBigintBE, fieldToBytesBE } from './field.js';

export class ByteWriter {
  private chunks: Uint8Array[] = [];
  private length = 0;

  u8(x: number): this {
    return this.bytes(Uint8Array.of(x));
  }

  u32(x: number): this {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, x, false);
    return this.bytes(b);
  }

  u64(x: bigint): this {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setBigUint64(0, x, false);
    return this.bytes(b);
  }

  field(x: bigint): this {
    return this.bytes(fieldToBytesBE(x));
  }

  bytes(b: Uint8Array): this {
    this.chunks.push(b);
    this.length += b.length;
    return this;
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.length);
    let off = 0;
    for (const c of this.chunks) {
      out.set(c, off);
      off += c.length;
    }
    return out;
  }
}

export class ByteReader {
  private offset = 0;

  constructor(
    private readonly buf: Uint8Array,
    /** Names the structure in error messages, e.g. "transaction". */
    private readonly what: string,
  ) {}

  get remaining(): number {
    return this.buf.length - this.offset;
  }

  private need(n: number, field: string): void {
    if (this.remaining < n)
      throw new DecodeError(
        'truncated',
        `${this.what} truncated: ${field} needs ${n} bytes at offset ${this.offset}, only ${this.remaining} left`,
      );
  }

  u8(field: string): number {
    this.need(1, field);
    return this.buf[this.offset++]!;
  }

  u32(field: string): number {
    this.need(4, field);
    const v = new DataView(this.buf.buffer, this.buf.byteOffset + this.offset, 4).getUint32(0, false);
    this.offset += 4;
    return v;
  }

  u64(field: string): bigint {
    this.need(8, field);
    const v = new DataView(this.buf.buffer, this.buf.byteOffset + this.offset, 8).getBigUint64(0, false);
    this.offset += 8;
    return v;
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

  bytes(n: number, field: string): Uint8Array {
    this.need(n, field);
    const out = this.buf.slice(this.offset, this.offset + n);
    this.offset += n;
    return out;
  }

  /** Rejects anything after the structure's end. */
  end(): void {
    if (this.remaining !== 0)
      throw new DecodeError(
        'trailing-bytes',
        `${this.what}: ${this.remaining} trailing bytes after offset ${this.offset}`,
      );
  }
}
