// Zero tests and (conditional) equality.
import type { R1csBuilder } from '../builder.js';
import { frInv } from '../fr.js';
import { type Lc, ONE, ZERO } from '../lc.js';

/**
 * 1 when x = 0, else 0 (two constraints): x·inv = 1 − out and x·out = 0. With x ≠ 0 the second
 * forces out = 0 and the first is met by inv = x⁻¹; with x = 0 the first forces out = 1.
 */
export function isZero(b: R1csBuilder, x: Lc): Lc {
  const inv = b.witness(x.value === 0n ? 0n : frInv(x.value));
  const out = b.witness(x.value === 0n ? 1n : 0n);
  b.enforce(x, inv, ONE.sub(out));
  b.enforce(x, out, ZERO);
  return out;
}

/** 1 when x = y, else 0 (two constraints). */
export function isEqual(b: R1csBuilder, x: Lc, y: Lc): Lc {
  return isZero(b, x.sub(y));
}

/** enabled ⇒ x = y, for a constrained bit enabled (one constraint: enabled·(x − y) = 0). */
export function assertEqualIf(b: R1csBuilder, enabled: Lc, x: Lc, y: Lc): void {
  b.enforce(enabled, x.sub(y), ZERO);
}

/** enabled ⇒ bit = 1 (one constraint). */
export function assertTrueIf(b: R1csBuilder, enabled: Lc, bit: Lc): void {
  assertEqualIf(b, enabled, bit, ONE);
}
