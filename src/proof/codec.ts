// Compact binary encodings for everything the proof system sends or stores.
//
// Every message: magic "FFLD" ‖ version (u8) ‖ kind (u8) ‖ body. Integers are u32 little-endian,
// field elements 32 bytes little-endian canonical, G1 points 64 bytes (checked on the curve),
// vectors and lists carry their count first. Decoding checks every count against the bytes that
// remain and against caps, and requires the body to end exactly; anything else is a
// ProofEncodingError naming what was wrong.
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

export class ByteWriter {
  private chunks: Uint8Array[] = [];
  private size = 0;

  bytes(b: Uint8Array): this {
    this.chunks.push(b);
    this.size += b.length;
    return this;
  }

  u8(v: number): this {
    return this.bytes(Uint8Array.of(v));
  }

  u32(v: number): this {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, v, true);
    return this.bytes(b);
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

  finish(): Uint8Array {
    const out = new Uint8Array(this.size);
    let o = 0;
    for (const c of this.chunks) {
      out.set(c, o);
      o += c.length;
    }
    return out;
  }
}

export class ByteReader {
  private offset = 0;

  constructor(private readonly buf: Uint8Array) {}

  private take(n: number, what: string): Uint8Array {
    if (n > this.buf.length - this.offset) {
      throw new ProofEncodingError(`truncated: ${what} needs ${n} bytes, ${this.buf.length - this.offset} remain`);
    }
    const out = this.buf.subarray(this.offset, this.offset + n);
    this.offset += n;
    return out;
  }

  u8(what: string): number {
    return this.take(1, what)[0];
  }

  u32(what: string): number {
    const b = this.take(4, what);
    return new DataView(b.buffer, b.byteOffset, 4).getUint32(0, true);
  }

  count(what: string, max: number, bytesEach: number): number {
    const n = this.u32(`${what} count`);
    if (n > max) throw new ProofEncodingError(`${what}: ${n} entries exceeds the cap of ${max}`);
    if (n * bytesEach > this.buf.length - this.offset) {
      throw new ProofEncodingError(
        `truncated: ${what} declares ${n} entries, only ${this.buf.length - this.offset} bytes remain`,
      );
    }
    return n;
  }

  field(what: string): bigint {
    const v = readLe32(this.take(FIELD_BYTES, what), 0);
    if (v >= FR_MODULUS) throw new ProofEncodingError(`${what} is not a canonical field element`);
    return v;
  }

  fields(what: string): bigint[] {
    const n = this.count(what, MAX_PUBLIC_INPUTS, FIELD_BYTES);
    const out: bigint[] = [];
    for (let i = 0; i < n; i++) out.push(this.field(`${what}[${i}]`));
    return out;
  }

  point(what: string): Uint8Array {
    const p = this.take(G1_BYTES, what).slice();
    if (!isValidG1Encoding(p)) throw new ProofEncodingError(`${what} is not a point of BN254 G1`);
    return p;
  }

  fixed(n: number, what: string): Uint8Array {
    return this.take(n, what).slice();
  }

  vector(what: string): FrVector {
    const n = this.count(what, MAX_VECTOR_ENTRIES, FIELD_BYTES);
    const v = this.take(n * FIELD_BYTES, what).slice();
    for (let i = 0; i < n; i++) {
      if (!isCanonicalFrAt(v, i * FIELD_BYTES)) {
        throw new ProofEncodingError(`${what}[${i}] is not a canonical field element`);
      }
    }
    return v;
  }

  end(what: string): void {
    if (this.offset !== this.buf.length) {
      throw new ProofEncodingError(`${what}: ${this.buf.length - this.offset} trailing bytes`);
    }
  }
}

export function writeHeader(w: ByteWriter, kind: MessageKind): ByteWriter {
  for (const b of MAGIC) w.u8(b);
  return w.u8(CODEC_VERSION).u8(kind);
}

export function readHeader(bytes: Uint8Array, kind: MessageKind): ByteReader {
  if (!(bytes instanceof Uint8Array)) throw new ProofEncodingError('expected bytes');
  const r = new ByteReader(bytes);
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

export function writeLeafInstance(w: ByteWriter, leaf: LeafInstance): void {
  w.point(leaf.comW).fields(leaf.x);
}

export function readLeafInstance(r: ByteReader, what: string): LeafInstance {
  return { comW: r.point(`${what}.comW`), x: r.fields(`${what}.x`) };
}

export function writeRelaxedInstance(w: ByteWriter, U: RelaxedInstance): void {
  w.point(U.comW).point(U.comE).field(U.u).fields(U.x);
}

export function readRelaxedInstance(r: ByteReader, what: string): RelaxedInstance {
  return {
    comW: r.point(`${what}.comW`),
    comE: r.point(`${what}.comE`),
    u: r.field(`${what}.u`),
    x: r.fields(`${what}.x`),
  };
}

export function writeRelaxedWitness(w: ByteWriter, wit: RelaxedWitness): void {
  w.vector(wit.W).vector(wit.E);
}

export function readRelaxedWitness(r: ByteReader, what: string): RelaxedWitness {
  return { W: r.vector(`${what}.W`), E: r.vector(`${what}.E`) };
}

export function readMergerKey(r: ByteReader, what: string): Uint8Array {
  return r.fixed(PUBLIC_KEY_BYTES, what);
}
