// BN254 scalar-field arithmetic on bigints for witness values and constraint coefficients.
// Plain bigint code: the builder only needs a few operations per constraint. The modulus and the
// 32-byte little-endian encoding are the kernel boundary's (../kernel/field.ts), under the names
// circuits use.
import { FIELD_BYTES } from '../kernel/types.js';
import { FR_MODULUS as FR, frMod } from '../kernel/field.js';

export { FR, frMod };
export { readLe32 as readFrLe, writeLe32 as writeFrLe } from '../kernel/field.js';

export const FR_BYTES = FIELD_BYTES;

export function frPow(base: bigint, exponent: bigint): bigint {
  let result = 1n;
  let b = frMod(base);
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % FR;
    b = (b * b) % FR;
    e >>= 1n;
  }
  return result;
}

/** Multiplicative inverse; 0 maps to 0 (callers that need an inverse of 0 have a bug or a selector). */
export function frInv(a: bigint): bigint {
  return frPow(a, FR - 2n);
}

const MASK64 = (1n << 64n) - 1n;

export function frVectorOf(values: readonly bigint[]): Uint8Array {
  const out = new Uint8Array(values.length * FR_BYTES);
  const dv = new DataView(out.buffer);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    const o = i * FR_BYTES;
    // Most witness entries are bits or small integers: one word suffices.
    if (v <= MASK64) {
      dv.setBigUint64(o, v, true);
      continue;
    }
    dv.setBigUint64(o, v & MASK64, true);
    dv.setBigUint64(o + 8, (v >> 64n) & MASK64, true);
    dv.setBigUint64(o + 16, (v >> 128n) & MASK64, true);
    dv.setBigUint64(o + 24, v >> 192n, true);
  }
  return out;
}
