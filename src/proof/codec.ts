// Compact binary encodings for everything the proof system sends or stores.
//
// Every message: magic "FFLD" ‖ version (u8) ‖ kind (u8) ‖ body. Integers are u32 little-endian,
// field elements 32 bytes little-endian canonical, G1 points 64 bytes (checked on the curve),
// vectors and lists carry their count first. Decoding checks every count against the bytes that
// remain and against caps, and requires the body to end exactly; anything else is a
// ProofEncodingError naming what was wrong.
import { ByteReader, ByteWriter } from '../protocol/bytes.js';
import { PUBLIC_KEY_BYTES } from '../protocol/keys.js';
import { FIELD_BYTES, G1_BYTES, type FrVector } from '../kernel/types.js';
import { ProofEncodingError } from './errors.js';
import { FR_MODULUS, isCanonicalFrAt, isValidG1Encoding, readLe32, writeLe32 } from '../kernel/field.js';
import type { LeafInstance, RelaxedInstance, RelaxedWitness } from './relaxed.js';

export const MAGIC = [0x46, 0x46, 0x4c, 0x44]; // "FFLD"
export const CODEC_VERSION = 1;

export enum MessageKind {
  LeafJob = 1,
  LeafProof = 2,
  MergeJob = 3,
  MergeProof = 4,
  BlockProof = 5,
  Instance = 6,
}

/** Caps that keep a hostile length field from allocating without bound. */
export const MAX_VECTOR_ENTRIES = 1 << 22;
export const MAX_PUBLIC_INPUTS = 1 << 10;
export const MAX_TREE_LEAVES = 1 << 16;

/** The protocol's ByteWriter in this encoding's little-endian order, with field elements, points, vectors. */
export class ProofWriter extends ByteWriter {
  constructor() {
    super({ littleEndian: true });
  }

  field(v: bigint): this {
    const b = new Uint8Array(FIELD_BYTES);
    writeLe32(b, 0, v);
    return this.bytes(b);
  }

  fields(vs: readonly bigint[]): this {
    this.u32(vs.length);
    for (const v of vs) this.field(v);
    return this;
  }

  point(p: Uint8Array): this {
    if (p.length !== G1_BYTES) throw new ProofEncodingError('a G1 point is 64 bytes');
    return this.bytes(p);
  }

  vector(v: FrVector): this {
    return this.u32(v.length / FIELD_BYTES).bytes(v);
  }
}

/** The protocol's ByteReader, little-endian, raising ProofEncodingError; adds capped counts and curve checks. */
export class ProofReader extends ByteReader {
  constructor(buf: Uint8Array, what: string) {
    super(buf, (message) => new ProofEncodingError(message), { what, littleEndian: true });
  }

  count(what: string, max: number, bytesEach: number): number {
    const n = this.u32(`${what} count`);
    if (n > max) throw new ProofEncodingError(`${this.what}: ${what}: ${n} entries exceeds the cap of ${max}`);
    if (n * bytesEach > this.remaining) {
      throw new ProofEncodingError(
        `${this.what} truncated: ${what} declares ${n} entries, only ${this.remaining} bytes left`,
      );
    }
    return n;
  }

  field(what: string): bigint {
    const v = readLe32(this.take(FIELD_BYTES, what), 0);
    if (v >= FR_MODULUS) throw new ProofEncodingError(`${this.what}: ${what} is not a canonical field element`);
    return v;
  }

  fields(what: string): bigint[] {
    const n = this.count(what, MAX_PUBLIC_INPUTS, FIELD_BYTES);
    const out: bigint[] = [];
    for (let i = 0; i < n; i++) out.push(this.field(`${what}[${i}]`));
    return out;
  }

  point(what: string): Uint8Array {
    const p = this.take(G1_BYTES, what);
    if (!isValidG1Encoding(p)) throw new ProofEncodingError(`${this.what}: ${what} is not a point of BN254 G1`);
    return p;
  }

  vector(what: string): FrVector {
    const n = this.count(what, MAX_VECTOR_ENTRIES, FIELD_BYTES);
    const v = this.take(n * FIELD_BYTES, what);
    for (let i = 0; i < n; i++) {
      if (!isCanonicalFrAt(v, i * FIELD_BYTES)) {
        throw new ProofEncodingError(`${this.what}: ${what}[${i}] is not a canonical field element`);
      }
    }
    return v;
  }
}

/** "LeafJob" -> "leaf job": the name a message's errors carry. */
const kindName = (kind: MessageKind): string => MessageKind[kind].replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();

export function writeHeader(w: ProofWriter, kind: MessageKind): ProofWriter {
  for (const b of MAGIC) w.u8(b);
  return w.u8(CODEC_VERSION).u8(kind);
}

export function readHeader(bytes: Uint8Array, kind: MessageKind): ProofReader {
  if (!(bytes instanceof Uint8Array)) throw new ProofEncodingError('expected bytes');
  const r = new ProofReader(bytes, kindName(kind));
  for (let i = 0; i < MAGIC.length; i++) {
    if (r.u8('magic') !== MAGIC[i]) throw new ProofEncodingError('bad magic: not a folding proof message');
  }
  const version = r.u8('version');
  if (version !== CODEC_VERSION)
    throw new ProofEncodingError(`unsupported version ${version} (expected ${CODEC_VERSION})`);
  const k = r.u8('kind');
  if (k !== kind) throw new ProofEncodingError(`wrong message kind ${k} (expected ${MessageKind[kind]} = ${kind})`);
  return r;
}

// --- building blocks shared by the message codecs ---

export function writeLeafInstance(w: ProofWriter, leaf: LeafInstance): void {
  w.point(leaf.comW).fields(leaf.x);
}

export function readLeafInstance(r: ProofReader, what: string): LeafInstance {
  return { comW: r.point(`${what}.comW`), x: r.fields(`${what}.x`) };
}

export function writeRelaxedInstance(w: ProofWriter, U: RelaxedInstance): void {
  w.point(U.comW).point(U.comE).field(U.u).fields(U.x);
}

export function readRelaxedInstance(r: ProofReader, what: string): RelaxedInstance {
  return {
    comW: r.point(`${what}.comW`),
    comE: r.point(`${what}.comE`),
    u: r.field(`${what}.u`),
    x: r.fields(`${what}.x`),
  };
}

export function writeRelaxedWitness(w: ProofWriter, wit: RelaxedWitness): void {
  w.vector(wit.W).vector(wit.E);
}

export function readRelaxedWitness(r: ProofReader, what: string): RelaxedWitness {
  return { W: r.vector(`${what}.W`), E: r.vector(`${what}.E`) };
}

export function readMergerKey(r: ProofReader, what: string): Uint8Array {
  return r.take(PUBLIC_KEY_BYTES, what);
}
