// BN254 scalar-field arithmetic on bigints for witness values and constraint coefficients.
// Plain bigint code: the builder only needs a few operations per constraint.

/** The BN254 scalar field modulus r (circuits live in Fr). */
export const FR = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;

export const FR_BYTES = 32;

export function frMod(a: bigint): bigint {
  const r = a % FR;
  return r < 0n ? r + FR : r;
}

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

/** Writes a canonical element as 32 little-endian bytes (four 64-bit words). */
export function writeFrLe(out: Uint8Array, offset: number, value: bigint): void {
  const dv = new DataView(out.buffer, out.byteOffset + offset, FR_BYTES);
  dv.setBigUint64(0, value & MASK64, true);
  dv.setBigUint64(8, (value >> 64n) & MASK64, true);
  dv.setBigUint64(16, (value >> 128n) & MASK64, true);
  dv.setBigUint64(24, value >> 192n, true);
}

export function readFrLe(bytes: Uint8Array, offset: number): bigint {
  const dv = new DataView(bytes.buffer, bytes.byteOffset + offset, FR_BYTES);
  return (
    dv.getBigUint64(0, true) |
    (dv.getBigUint64(8, true) << 64n) |
    (dv.getBigUint64(16, true) << 128n) |
    (dv.getBigUint64(24, true) << 192n)
  );
}

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
