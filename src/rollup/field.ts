// BN254 scalar field facts the state layer needs, and its byte encodings.
// Network encodings in this layer are big-endian (network byte order). The kernel's memory is
// little-endian, but its poseidon2 takes and returns bigints, so no conversion happens here.

import { FR_MODULUS } from '../kernel/types.js';

/** The BN254 scalar field modulus (Fr), the kernel's. */
export { FR_MODULUS };

export function isFieldElement(x: bigint): boolean {
  return x >= 0n && x < FR_MODULUS;
}

/** 32 bytes big-endian; the caller guarantees 0 ≤ x < 2^256. */
export function fieldToBytesBE(x: bigint, out: Uint8Array = new Uint8Array(32), offset = 0): Uint8Array {
  let v = x;
  for (let i = 31; i >= 0; i--) {
    out[offset + i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

/** Reads 32 bytes big-endian as an integer (not reduced, not checked). */
export function bytesToBigintBE(bytes: Uint8Array, offset = 0, length = 32): bigint {
  let v = 0n;
  for (let i = 0; i < length; i++) v = (v << 8n) | BigInt(bytes[offset + i]!);
  return v;
}
