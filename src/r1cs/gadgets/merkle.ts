// Poseidon Merkle paths. Levels run from the leaf up; bit i of the index (least significant first)
// is 1 when the node at level i is a right child, so the index's bits are the path's directions.
import type { R1csBuilder } from '../builder.js';
import { R1csGadgetError } from '../errors.js';
import { Lc } from '../lc.js';
import { poseidon2, poseidon2Plain } from './poseidon.js';
import { allocBits, fromBits } from './range.js';
import { conditionalSwap } from './select.js';

/** A tree as circuits see it: root and the index of the first empty leaf. */
export interface TreeStateVars {
  root: Lc;
  nextIndex: Lc;
}

/** Root over node at the bottom of the path (depth · (1 + 251) constraints). */
export function merkleRoot(b: R1csBuilder, node: Lc, directionBits: readonly Lc[], siblings: readonly Lc[]): Lc {
  if (directionBits.length !== siblings.length)
    throw new R1csGadgetError(`Merkle path: ${directionBits.length} direction bits for ${siblings.length} siblings`);
  return b.scope('merklePath', () => {
    let cur = node;
    for (let i = 0; i < siblings.length; i++) {
      const [left, right] = conditionalSwap(b, directionBits[i]!, cur, siblings[i]!);
      cur = poseidon2(b, left, right);
    }
    return cur;
  });
}

/** Root of a complete subtree over 2^h leaves (2^h − 1 hashes). */
export function subtreeRoot(b: R1csBuilder, leaves: readonly Lc[]): Lc {
  if (leaves.length === 0 || (leaves.length & (leaves.length - 1)) !== 0)
    throw new R1csGadgetError(`subtree needs a power-of-two leaf count, got ${leaves.length}`);
  return b.scope('subtree', () => {
    let level = [...leaves];
    while (level.length > 1) {
      const next: Lc[] = [];
      for (let i = 0; i < level.length; i += 2) next.push(poseidon2(b, level[i]!, level[i + 1]!));
      level = next;
    }
    return level[0]!;
  });
}

/** Roots of empty subtrees: zero[0] = 0, zero[l + 1] = H(zero[l], zero[l]). */
export function emptySubtreeRoot(height: number): bigint {
  let z = 0n;
  for (let l = 0; l < height; l++) z = poseidon2Plain(z, z);
  return z;
}

/**
 * Appends 2^h leaves as one subtree at subtree index nextIndex / 2^h of an append-only tree of the
 * given depth. The path (depth − h siblings) must open the empty subtree under the current root;
 * the same path over the filled subtree gives the new root. Also constrains nextIndex to be a
 * multiple of 2^h below 2^depth.
 */
export function appendSubtree(
  b: R1csBuilder,
  depth: number,
  state: TreeStateVars,
  leaves: readonly Lc[],
  siblingValues: readonly bigint[],
): TreeStateVars {
  const k = leaves.length;
  const h = Math.log2(k);
  if (!Number.isInteger(h) || h >= depth)
    throw new R1csGadgetError(`cannot append ${k} leaves as a subtree of a depth-${depth} tree`);
  if (siblingValues.length !== depth - h)
    throw new R1csGadgetError(`subtree path has ${siblingValues.length} siblings, expected ${depth - h}`);
  return b.scope('appendSubtree', () => {
    const bits = b.scope('indexBits', () => {
      const bits = allocBits(b, state.nextIndex.value >> BigInt(h), depth - h);
      b.assertEqual(fromBits(bits).scale(BigInt(k)), state.nextIndex);
      return bits;
    });
    const siblings = siblingValues.map((s) => b.witness(s));
    const before = b.scope('emptyCheck', () => merkleRoot(b, Lc.constant(emptySubtreeRoot(h)), bits, siblings));
    b.assertEqual(before, state.root);
    const root = b.scope('newRoot', () => merkleRoot(b, subtreeRoot(b, leaves), bits, siblings));
    return { root, nextIndex: state.nextIndex.addConstant(BigInt(k)) };
  });
}
