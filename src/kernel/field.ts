// BN254 field constants and the byte encodings used at the kernel boundary (32-byte little-endian).
import { FIELD_BYTES, FR_MODULUS, G1_BYTES, type FrVector } from './types.js';

/** The scalar field Fr of BN254 (circuits, witnesses, challenges): the kernel's. */
export { FR_MODULUS };
/** The base field Fq of BN254 (G1 coordinates). */
export const FQ_MODULUS = 21888242871839275222246405745257275088696311157297823662689037894645226208583n;

/** Fr's modulus as 32 little-endian bytes, for byte-wise canonical checks. */
const FR_MODULUS_LE: Uint8Array = (() => {
  const b = new Uint8Array(FIELD_BYTES);
  let v = FR_MODULUS;
  for (let i = 0; i < FIELD_BYTES; i++) {
    b[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return b;
})();

/** True when the 32 little-endian bytes at offset encode a value < r (no bigint built). */
export function isCanonicalFrAt(bytes: Uint8Array, offset: number): boolean {
  for (let i = FIELD_BYTES - 1; i >= 0; i--) {
    const b = bytes[offset + i];
    const m = FR_MODULUS_LE[i];
    if (b !== m) return b < m;
  }
  return false; // equal to r
}

export function frMod(a: bigint): bigint {
  const r = a % FR_MODULUS;
  return r < 0n ? r + FR_MODULUS : r;
}

const MASK64 = (1n << 64n) - 1n;

/** The 32 little-endian bytes at offset as an integer (four 64-bit words, not one byte at a time). */
export function readLe32(bytes: Uint8Array, offset: number): bigint {
  const dv = new DataView(bytes.buffer, bytes.byteOffset + offset, FIELD_BYTES);
  return (
    dv.getBigUint64(0, true) |
    (dv.getBigUint64(8, true) << 64n) |
    (dv.getBigUint64(16, true) << 128n) |
    (dv.getBigUint64(24, true) << 192n)
  );
}

/** Writes value mod 2^256 as 32 little-endian bytes at offset. */
export function writeLe32(bytes: Uint8Array, offset: number, value: bigint): void {
  const dv = new DataView(bytes.buffer, bytes.byteOffset + offset, FIELD_BYTES);
  dv.setBigUint64(0, value & MASK64, true);
  dv.setBigUint64(8, (value >> 64n) & MASK64, true);
  dv.setBigUint64(16, (value >> 128n) & MASK64, true);
  dv.setBigUint64(24, value >> 192n, true);
}

export function frToBytes(a: bigint): Uint8Array {
  const out = new Uint8Array(FIELD_BYTES);
  writeLe32(out, 0, frMod(a));
  return out;
}

export function frVectorFromBigints(values: readonly bigint[]): FrVector {
  const out = new Uint8Array(values.length * FIELD_BYTES);
  values.forEach((v, i) => writeLe32(out, i * FIELD_BYTES, frMod(v)));
  return out;
}

export function frVectorToBigints(v: FrVector): bigint[] {
  const n = v.length / FIELD_BYTES;
  const out: bigint[] = new Array(n);
  for (let i = 0; i < n; i++) out[i] = readLe32(v, i * FIELD_BYTES);
  return out;
}

export function frVectorLength(v: FrVector): number {
  return v.length / FIELD_BYTES;
}

export function frZeros(n: number): FrVector {
  return new Uint8Array(n * FIELD_BYTES);
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}

/** The G1 identity in the kernel's affine encoding (64 zero bytes). */
export const G1_IDENTITY: Uint8Array = new Uint8Array(G1_BYTES);

export function isG1Identity(p: Uint8Array): boolean {
  return bytesEqual(p, G1_IDENTITY);
}

/** True when p is the identity or an affine point on y² = x³ + 3 with canonical coordinates. */
export function isValidG1Encoding(p: Uint8Array): boolean {
  if (p.length !== G1_BYTES) return false;
  if (isG1Identity(p)) return true;
  const x = readLe32(p, 0);
  const y = readLe32(p, FIELD_BYTES);
  if (x >= FQ_MODULUS || y >= FQ_MODULUS) return false;
  // BN254 G1 has cofactor 1: being on the curve is being in the group.
  return (y * y - (x * x * x + 3n)) % FQ_MODULUS === 0n;
}
