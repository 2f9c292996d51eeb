// Bit decompositions, range checks and comparisons of small (< 2^252) values.
import type { R1csBuilder } from '../builder.js';
import { R1csGadgetError } from '../errors.js';
import { Lc } from '../lc.js';
import { allocBit } from './boolean.js';

/** Widest decomposition whose recomposition cannot wrap around r (2^253 < r). */
export const MAX_BITS = 253;

/** n new bits holding the low n bits of value (n constraints); no tie to any other variable. */
export function allocBits(b: R1csBuilder, value: bigint, n: number): Lc[] {
  if (!Number.isInteger(n) || n < 1 || n > MAX_BITS)
    throw new R1csGadgetError(`bit width must be in [1, ${MAX_BITS}], got ${n}`);
  const bits: Lc[] = [];
  for (let i = 0; i < n; i++) bits.push(allocBit(b, (value >> BigInt(i)) & 1n));
  return bits;
}

/** Σ bitsᵢ·2^i (free). */
export function fromBits(bits: readonly Lc[]): Lc {
  return Lc.sum(bits.map((bit, i) => [bit, 1n << BigInt(i)] as const));
}

/**
 * Little-endian bits of x with x = Σ bitsᵢ·2^i (n + 1 constraints). A value that does not fit in
 * n bits leaves the recomposition unsatisfied, so this is also a range check x < 2^n.
 */
export function toBits(b: R1csBuilder, x: Lc, n: number): Lc[] {
  return b.scope('bits', () => {
    const bits = allocBits(b, x.value, n);
    b.assertEqual(fromBits(bits), x);
    return bits;
  });
}

/** x < 2^n (n + 1 constraints). */
export function assertRange(b: R1csBuilder, x: Lc, n: number): void {
  toBits(b, x, n);
}

/**
 * 1 when x < y, else 0, for x, y < 2^n with n ≤ 251 (n + 2 constraints): bit n of
 * 2^n + y − x − 1 ∈ [0, 2^(n+1)). The caller guarantees the ranges of x and y.
 */
export function lessThan(b: R1csBuilder, x: Lc, y: Lc, n: number): Lc {
  if (n > MAX_BITS - 2) throw new R1csGadgetError(`lessThan supports at most ${MAX_BITS - 2}-bit operands, got ${n}`);
  return b.scope('lessThan', () => {
    const d = y.sub(x).addConstant((1n << BigInt(n)) - 1n);
    return toBits(b, d, n + 1)[n]!;
  });
}
