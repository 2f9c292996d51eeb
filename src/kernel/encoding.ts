// Byte encodings at the kernel boundary: 32-byte little-endian field elements and 64-byte affine
// G1 points (x ‖ y, identity = zeros). Pure helpers, no wasm.
import { FIELD_BYTES, G1_BYTES, KernelInputError } from './types.js';

export function bytesToBigintLE(bytes: Uint8Array): bigint {
  let x = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) x = (x << 8n) | BigInt(bytes[i]!);
  return x;
}

export function bigintToBytesLE(x: bigint, length = FIELD_BYTES): Uint8Array {
  if (x < 0n) throw new KernelInputError('negative integer cannot be encoded');
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    out[i] = Number(x & 0xffn);
    x >>= 8n;
  }
  if (x !== 0n) throw new KernelInputError(`integer does not fit in ${length} bytes`);
  return out;
}

/** Encodes bigints (each < 2^256) as an n × 32-byte vector. */
export function encodeFrVector(values: readonly bigint[]): Uint8Array {
  const out = new Uint8Array(values.length * FIELD_BYTES);
  values.forEach((v, i) => out.set(bigintToBytesLE(v), i * FIELD_BYTES));
  return out;
}

export function decodeFrVector(bytes: Uint8Array): bigint[] {
  const n = bytes.length / FIELD_BYTES;
  return Array.from({ length: n }, (_, i) => bytesToBigintLE(bytes.subarray(i * FIELD_BYTES, (i + 1) * FIELD_BYTES)));
}

/** Affine point (or null for the identity) → 64 bytes. */
export function encodeG1(point: { x: bigint; y: bigint } | null): Uint8Array {
  const out = new Uint8Array(G1_BYTES);
  if (point) {
    out.set(bigintToBytesLE(point.x), 0);
    out.set(bigintToBytesLE(point.y), FIELD_BYTES);
  }
  return out;
}

/** 64 bytes → affine coordinates, or null for the identity (64 zero bytes). No curve check. */
export function decodeG1(bytes: Uint8Array): { x: bigint; y: bigint } | null {
  if (bytes.length !== G1_BYTES) throw new KernelInputError(`a G1 point is ${G1_BYTES} bytes, got ${bytes.length}`);
  if (bytes.every((b) => b === 0)) return null;
  return { x: bytesToBigintLE(bytes.subarray(0, FIELD_BYTES)), y: bytesToBigintLE(bytes.subarray(FIELD_BYTES)) };
}
