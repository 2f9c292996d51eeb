// Ordering of full field elements (values up to r − 1 ≈ 2^253.6, too wide for range.ts alone).
// An element is split into limbs x = hi·2^128 + lo with lo < 2^128 and hi < 2^126, and the
// comparison runs limb-wise with a carry. Limbs are an integer representative of x below 2^254;
// assertCanonical pins it to the canonical one (x < r) where soundness needs it.
import type { R1csBuilder } from '../builder.js';
import { FR } from '../fr.js';
import { Lc } from '../lc.js';
import { allocBits, fromBits, toBits } from './range.js';

const LO_BITS = 128;
const HI_BITS = 126;
const TWO_128 = 1n << 128n;

export interface FieldLimbs {
  hi: Lc;
  lo: Lc;
}

/** Splits x into range-checked limbs (255 constraints). */
export function toLimbs(b: R1csBuilder, x: Lc): FieldLimbs {
  return b.scope('limbs', () => {
    const lo = fromBits(allocBits(b, x.value & (TWO_128 - 1n), LO_BITS));
    const hi = fromBits(allocBits(b, x.value >> 128n, HI_BITS));
    b.assertEqual(hi.scale(TWO_128).add(lo), x);
    return { hi, lo };
  });
}

/** Constant limbs of an integer below 2^254. */
export function constantLimbs(x: bigint): FieldLimbs {
  return { hi: Lc.constant(x >> 128n), lo: Lc.constant(x & (TWO_128 - 1n)) };
}

/**
 * 1 when x < y as integers, else 0 (258 constraints).
 * carry = bit 128 of 2^128 + y.lo − x.lo − 1 (1 iff y.lo > x.lo);
 * lt    = bit 126 of 2^126 + y.hi − x.hi − 1 + carry (1 iff y.hi > x.hi, or equal with carry).
 */
export function limbsLessThan(b: R1csBuilder, x: FieldLimbs, y: FieldLimbs): Lc {
  return b.scope('fieldLessThan', () => {
    const dLo = y.lo.sub(x.lo).addConstant(TWO_128 - 1n);
    const carry = toBits(b, dLo, LO_BITS + 1)[LO_BITS]!;
    const dHi = y.hi
      .sub(x.hi)
      .add(carry)
      .addConstant((1n << BigInt(HI_BITS)) - 1n);
    return toBits(b, dHi, HI_BITS + 1)[HI_BITS]!;
  });
}

/** x.hi·2^128 + x.lo < r: the limbs are the canonical representative (259 constraints). */
export function assertCanonical(b: R1csBuilder, x: FieldLimbs): void {
  b.scope('canonical', () => {
    b.assertEqual(limbsLessThan(b, x, constantLimbs(FR)), Lc.constant(1n));
  });
}
