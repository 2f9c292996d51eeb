// Pure rules of the indexed nullifier tree: leaf hash, low-leaf check, one insertion.
import { InvalidLeafWitnessError } from './errors.js';
import type { FieldHasher } from './hasher.js';
import { isFieldElement } from './field.js';
import { computeMerkleRoot, verifyMerklePath } from './merkle.js';
import type { NullifierInsertionHint, NullifierLeaf, TreeSnapshot } from './types.js';

/** Leaf hash H(H(value, nextIndex), nextValue): two t = 3 Poseidon calls. */
export function nullifierLeafHash(hasher: FieldHasher, leaf: NullifierLeaf): bigint {
  return hasher.hash2(hasher.hash2(leaf.value, BigInt(leaf.nextIndex)), leaf.nextValue);
}

/** The genesis leaf at index 0: the list's head, smaller than every nullifier. */
export const GENESIS_NULLIFIER_LEAF: Readonly<NullifierLeaf> = Object.freeze({
  value: 0n,
  nextIndex: 0,
  nextValue: 0n,
});

/** low.value < v < low.nextValue, where nextValue = 0 stands for "infinity". */
export function isLowLeafFor(low: NullifierLeaf, v: bigint): boolean {
  return low.value < v && (low.nextValue === 0n || v < low.nextValue);
}

/** True when `lowLeaf` opens under `root` and brackets v: proves v is not in the tree. */
export function verifyNullifierNonMembership(
  hasher: FieldHasher,
  root: bigint,
  v: bigint,
  lowLeaf: NullifierLeaf,
  lowLeafIndex: number,
  siblingPath: readonly bigint[],
): boolean {
  return (
    isLowLeafFor(lowLeaf, v) &&
    verifyMerklePath(hasher, root, nullifierLeafHash(hasher, lowLeaf), lowLeafIndex, siblingPath)
  );
}

/** The canonical hint of a zero (padding) nullifier slot: every number and sibling zero. */
export function emptyNullifierInsertionHint(depth: number): NullifierInsertionHint {
  return {
    lowLeaf: { value: 0n, nextIndex: 0, nextValue: 0n },
    lowLeafIndex: 0,
    lowLeafSiblingPath: new Array<bigint>(depth).fill(0n),
    newLeafSiblingPath: new Array<bigint>(depth).fill(0n),
  };
}

function isEmptyHint(h: NullifierInsertionHint): boolean {
  return (
    h.lowLeaf.value === 0n &&
    h.lowLeaf.nextIndex === 0 &&
    h.lowLeaf.nextValue === 0n &&
    h.lowLeafIndex === 0 &&
    h.lowLeafSiblingPath.every((x) => x === 0n) &&
    h.newLeafSiblingPath.every((x) => x === 0n)
  );
}

/**
 * Inserts nullifier v (or does nothing for v = 0) and returns the new snapshot; throws
 * InvalidLeafWitnessError naming the first failing check. See NullifierInsertionHint.
 */
export function applyNullifierInsertion(
  hasher: FieldHasher,
  depth: number,
  start: TreeSnapshot,
  v: bigint,
  hint: NullifierInsertionHint,
): TreeSnapshot {
  if (hint.lowLeafSiblingPath.length !== depth || hint.newLeafSiblingPath.length !== depth)
    throw new InvalidLeafWitnessError(
      `nullifier hint paths have ${hint.lowLeafSiblingPath.length} and ${hint.newLeafSiblingPath.length} siblings, expected ${depth}`,
    );
  // Canonical values only: a hasher that reduces its inputs would otherwise let nextValue + p
  // stand for nextValue and pass the range check for a value already in the tree.
  if (!isFieldElement(v)) throw new InvalidLeafWitnessError(`nullifier is not a canonical field element`);
  if (!isFieldElement(hint.lowLeaf.value) || !isFieldElement(hint.lowLeaf.nextValue))
    throw new InvalidLeafWitnessError('low leaf value or next value is not a canonical field element');
  if (!hint.lowLeafSiblingPath.every(isFieldElement) || !hint.newLeafSiblingPath.every(isFieldElement))
    throw new InvalidLeafWitnessError('nullifier hint path holds a non-canonical field element');
  if (!isFieldElement(start.root)) throw new InvalidLeafWitnessError('nullifier root is not a canonical field element');
  if (v === 0n) {
    if (!isEmptyHint(hint))
      throw new InvalidLeafWitnessError('a zero (padding) nullifier slot must carry the all-zero hint');
    return { ...start };
  }
  const capacity = 2 ** depth;
  if (!Number.isInteger(start.nextIndex) || start.nextIndex < 1)
    throw new InvalidLeafWitnessError(`nullifier tree next index ${start.nextIndex} is not a positive integer`);
  if (start.nextIndex >= capacity)
    throw new InvalidLeafWitnessError(`nullifier tree is full: next index ${start.nextIndex}, capacity ${capacity}`);
  const low = hint.lowLeaf;
  if (!Number.isInteger(low.nextIndex) || low.nextIndex < 0 || low.nextIndex >= capacity)
    throw new InvalidLeafWitnessError(`low leaf next index ${low.nextIndex} is outside the tree`);
  if (low.value === v)
    throw new InvalidLeafWitnessError(
      `nullifier 0x${v.toString(16)} is already in the tree (low leaf value equals it)`,
    );
  if (low.nextValue === v)
    throw new InvalidLeafWitnessError(`nullifier 0x${v.toString(16)} is already in the tree (low leaf points at it)`);
  if (!isLowLeafFor(low, v))
    throw new InvalidLeafWitnessError(
      `low leaf (value 0x${low.value.toString(16)}, next 0x${low.nextValue.toString(16)}) does not bracket nullifier 0x${v.toString(16)}`,
    );
  if (!verifyMerklePath(hasher, start.root, nullifierLeafHash(hasher, low), hint.lowLeafIndex, hint.lowLeafSiblingPath))
    throw new InvalidLeafWitnessError(
      `low leaf at index ${hint.lowLeafIndex} does not open under the current nullifier root`,
    );

  const updatedLow: NullifierLeaf = { value: low.value, nextIndex: start.nextIndex, nextValue: v };
  const intermediateRoot = computeMerkleRoot(
    hasher,
    nullifierLeafHash(hasher, updatedLow),
    hint.lowLeafIndex,
    hint.lowLeafSiblingPath,
  );
  if (computeMerkleRoot(hasher, 0n, start.nextIndex, hint.newLeafSiblingPath) !== intermediateRoot)
    throw new InvalidLeafWitnessError(
      `new-leaf path does not open an empty slot at index ${start.nextIndex} after the low-leaf update`,
    );
  const newLeaf: NullifierLeaf = { value: v, nextIndex: low.nextIndex, nextValue: low.nextValue };
  return {
    root: computeMerkleRoot(hasher, nullifierLeafHash(hasher, newLeaf), start.nextIndex, hint.newLeafSiblingPath),
    nextIndex: start.nextIndex + 1,
  };
}
