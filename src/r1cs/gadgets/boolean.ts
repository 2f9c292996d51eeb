// Booleans: a bit is a variable b with b·(1 − b) = 0.
import type { R1csBuilder } from '../builder.js';
import { type Lc, ONE, ZERO } from '../lc.js';

/** Constrains x to be 0 or 1 (one constraint). */
export function assertBit(b: R1csBuilder, x: Lc): void {
  b.enforce(x, ONE.sub(x), ZERO);
}

/** A new bit variable; its value is value & 1 when value is not already 0 or 1 (the check catches it). */
export function allocBit(b: R1csBuilder, value: bigint): Lc {
  const x = b.witness(value);
  assertBit(b, x);
  return x;
}

/** x ∧ y for bits (one constraint). */
export function and(b: R1csBuilder, x: Lc, y: Lc): Lc {
  return b.mul(x, y);
}

/** x ∨ y = x + y − x·y for bits (one constraint). */
export function or(b: R1csBuilder, x: Lc, y: Lc): Lc {
  return x.add(y).sub(b.mul(x, y));
}

/** ¬x for a bit (free). */
export function not(x: Lc): Lc {
  return x.negateBit();
}
