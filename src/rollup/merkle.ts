// Pure Merkle rules: zero-subtree hashes and root recomputation from a leaf and its path.
// These are exactly the computations the base-rollup circuit constrains.
import type { FieldHasher } from './hasher.js';

const zeroCache = new WeakMap<FieldHasher, bigint[]>();

/**
 * zero[l] = root of an empty subtree of height l: zero[0] = 0, zero[l+1] = H(zero[l], zero[l]).
 * Returns at least depth + 1 entries (cached per hasher, so depth 20 costs 20 hashes once).
 */
export function zeroHashes(hasher: FieldHasher, depth: number): readonly bigint[] {
  let zeros = zeroCache.get(hasher);
  if (!zeros) {
    zeros = [0n];
    zeroCache.set(hasher, zeros);
  }
  while (zeros.length <= depth) {
    const z = zeros[zeros.length - 1]!;
    zeros.push(hasher.hash2(z, z));
  }
  return zeros;
}

/**
 * Root of the tree whose node `node` sits at position `index` of its level, given the siblings
 * from that level upwards. Bit i of index (LSB first) = 1: the node at step i is a right child.
 * The caller checks 0 ≤ index < 2^siblingPath.length.
 */
export function computeMerkleRoot(
  hasher: FieldHasher,
  node: bigint,
  index: number,
  siblingPath: readonly bigint[],
): bigint {
  let acc = node;
  let idx = index;
  for (const sibling of siblingPath) {
    acc = idx % 2 === 0 ? hasher.hash2(acc, sibling) : hasher.hash2(sibling, acc);
    idx = Math.floor(idx / 2);
  }
  return acc;
}

/** Merkle root of a power-of-two list of leaves (the note-hash subtree of one transaction). */
export function merkleRootOfLeaves(hasher: FieldHasher, leaves: readonly bigint[]): bigint {
  let level = [...leaves];
  while (level.length > 1) {
    const next: bigint[] = [];
    for (let i = 0; i < level.length; i += 2) next.push(hasher.hash2(level[i]!, level[i + 1]!));
    level = next;
  }
  return level[0]!;
}

/** True when `node` at `index` opens under `root` with the given path. */
export function verifyMerklePath(
  hasher: FieldHasher,
  root: bigint,
  node: bigint,
  index: number,
  siblingPath: readonly bigint[],
): boolean {
  if (!Number.isInteger(index) || index < 0 || index >= 2 ** siblingPath.length) return false;
  return computeMerkleRoot(hasher, node, index, siblingPath) === root;
}
