// Insertion into an indexed Merkle tree (a sorted linked list in the leaves): leaf
// (value, nextIndex, nextValue) hashes to H(H(value, nextIndex), nextValue), the empty leaf is 0,
// and nextValue = 0 means "no larger value". Inserting v ≠ 0:
//   1. the low leaf opens under the current root,
//   2. low.value < v and (v < low.nextValue or low.nextValue = 0): v is absent,
//   3. the low leaf becomes (low.value, nextIndex, v) on the same path: intermediate root,
//   4. the slot at nextIndex opens as empty (0) under the intermediate root,
//   5. the new leaf (v, low.nextIndex, low.nextValue) at nextIndex gives the new root; nextIndex + 1.
// v = 0 is padding: every check is switched off by the same selector and the state passes through,
// so the constraints are identical for real and padding slots. A padding slot must carry the
// all-zero hint, so that exactly one hint is valid for every slot (as in the rollup's rules).
import type { R1csBuilder } from '../builder.js';
import { R1csGadgetError } from '../errors.js';
import { type Lc, ZERO } from '../lc.js';
import { allocBits, fromBits, toBits } from './range.js';
import { assertEqualIf, assertTrueIf, isZero } from './equality.js';
import { assertCanonical, limbsLessThan, toLimbs } from './field-compare.js';
import { merkleRoot, type TreeStateVars } from './merkle.js';
import { poseidon2 } from './poseidon.js';
import { select } from './select.js';

export interface IndexedLeafVars {
  value: Lc;
  nextIndex: Lc;
  nextValue: Lc;
}

/** Plain values of one insertion's hint (the gadget allocates them as witness). */
export interface IndexedInsertionValues {
  lowValue: bigint;
  lowNextIndex: bigint;
  lowNextValue: bigint;
  lowLeafIndex: bigint;
  lowLeafSiblings: readonly bigint[];
  newLeafSiblings: readonly bigint[];
}

export function indexedLeafHash(b: R1csBuilder, leaf: IndexedLeafVars): Lc {
  return b.scope('leafHash', () => poseidon2(b, poseidon2(b, leaf.value, leaf.nextIndex), leaf.nextValue));
}

export function insertIndexedLeaf(
  b: R1csBuilder,
  depth: number,
  state: TreeStateVars,
  v: Lc,
  hint: IndexedInsertionValues,
): TreeStateVars & { inserted: Lc } {
  if (hint.lowLeafSiblings.length !== depth || hint.newLeafSiblings.length !== depth)
    throw new R1csGadgetError(
      `indexed insertion: sibling paths of ${hint.lowLeafSiblings.length} and ${hint.newLeafSiblings.length}, depth is ${depth}`,
    );
  const enabled = b.scope('enabled', () => isZero(b, v).negateBit());

  const low: IndexedLeafVars = {
    value: b.witness(hint.lowValue),
    nextIndex: b.witness(hint.lowNextIndex),
    nextValue: b.witness(hint.lowNextValue),
  };
  const lowBits = b.scope('indexBits', () => allocBits(b, hint.lowLeafIndex, depth));
  const lowSiblings = hint.lowLeafSiblings.map((s) => b.witness(s));
  const newSiblings = hint.newLeafSiblings.map((s) => b.witness(s));

  // 0. Padding carries the all-zero hint: (1 − enabled)·h = 0 for every hint value.
  b.scope('paddingHint', () => {
    const padding = enabled.negateBit();
    for (const h of [low.value, low.nextIndex, low.nextValue, fromBits(lowBits), ...lowSiblings, ...newSiblings])
      b.enforce(padding, h, ZERO);
  });

  // 1. Membership of the low leaf.
  b.scope('lowMembership', () => {
    const root = merkleRoot(b, indexedLeafHash(b, low), lowBits, lowSiblings);
    assertEqualIf(b, enabled, root, state.root);
  });

  // 2. Non-membership by ordering. v and low.nextValue must be canonical (a representative
  // shifted by r would pass "v < nextValue" falsely); a shifted low.value only makes
  // "low.value < v" harder, so it needs no check.
  b.scope('ordering', () => {
    const vLimbs = toLimbs(b, v);
    assertCanonical(b, vLimbs);
    const nextLimbs = toLimbs(b, low.nextValue);
    assertCanonical(b, nextLimbs);
    const lowLimbs = toLimbs(b, low.value);
    assertTrueIf(b, enabled, limbsLessThan(b, lowLimbs, vLimbs));
    const hasNext = isZero(b, low.nextValue).negateBit();
    assertTrueIf(b, b.mul(enabled, hasNext), limbsLessThan(b, vLimbs, nextLimbs));
  });

  // 3. Low-leaf update on the same path.
  const intermediate = b.scope('lowUpdate', () =>
    merkleRoot(
      b,
      indexedLeafHash(b, { value: low.value, nextIndex: state.nextIndex, nextValue: v }),
      lowBits,
      lowSiblings,
    ),
  );

  // 4–5. The new leaf at nextIndex. Its bits come from enabled·nextIndex so that a padding slot
  // never needs nextIndex < 2^depth (a full tree still accepts padding).
  const newRoot = b.scope('newLeaf', () => {
    const newBits = toBits(b, b.mul(enabled, state.nextIndex), depth);
    const emptyRoot = merkleRoot(b, ZERO, newBits, newSiblings);
    assertEqualIf(b, enabled, emptyRoot, intermediate);
    return merkleRoot(
      b,
      indexedLeafHash(b, { value: v, nextIndex: low.nextIndex, nextValue: low.nextValue }),
      newBits,
      newSiblings,
    );
  });

  return {
    root: b.scope('output', () => select(b, enabled, newRoot, state.root)),
    nextIndex: state.nextIndex.add(enabled),
    /** 1 when v ≠ 0 (a real insertion), 0 for padding. */
    inserted: enabled,
  };
}
