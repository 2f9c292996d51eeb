// Conditional selection without branching: the constraint is the same whatever the bit's value.
import type { R1csBuilder } from '../builder.js';
import { FR } from '../fr.js';
import type { Lc } from '../lc.js';

/** bit ? whenOne : whenZero, for a constrained bit (one constraint: bit·(t − f) = out − f). */
export function select(b: R1csBuilder, bit: Lc, whenOne: Lc, whenZero: Lc): Lc {
  const diff = whenOne.sub(whenZero);
  const out = b.witness((whenZero.value + bit.value * diff.value) % FR);
  b.enforce(bit, diff, out.sub(whenZero));
  return out;
}

/**
 * bit ? (c, a) : (a, c): orders a Merkle node a and its sibling c (one constraint; the second
 * output is linear, a + c − first).
 */
export function conditionalSwap(b: R1csBuilder, bit: Lc, a: Lc, c: Lc): [Lc, Lc] {
  const first = select(b, bit, c, a);
  const second = a.add(c).sub(first);
  return [first, second];
}
