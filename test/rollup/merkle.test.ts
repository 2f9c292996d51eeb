import { beforeAll, describe, expect, it } from 'vitest';
import { computeMerkleRoot, merkleRootOfLeaves, verifyMerklePath, zeroHashes } from '../../src/rollup/merkle.js';
import { SparseMerkleTree } from '../../src/rollup/sparse-tree.js';
import type { FieldHasher } from '../../src/rollup/hasher.js';
import { countingHasher, denseRoot, liteHasher, loadKernelHasher } from './helpers.js';

let hasher: FieldHasher;
beforeAll(async () => {
  hasher = await loadKernelHasher();
});

describe('zero hashes', () => {
  it('follow zero[l+1] = H(zero[l], zero[l]) and match an all-empty dense tree', () => {
    const zeros = zeroHashes(hasher, 6);
    expect(zeros[0]).toBe(0n);
    for (let l = 0; l < 6; l++) expect(zeros[l + 1]).toBe(hasher.hash2(zeros[l]!, zeros[l]!));
    expect(zeros[6]).toBe(denseRoot(liteHasher, 6, []));
  });
});

describe('SparseMerkleTree', () => {
  it('agrees with a dense reference tree after scattered writes', () => {
    const tree = new SparseMerkleTree(hasher, 5);
    const leaves = new Array<bigint>(32).fill(0n);
    for (const [i, v] of [
      [0, 7n],
      [31, 9n],
      [13, 123456789n],
      [14, 5n],
      [13, 42n],
    ] as const) {
      tree.setLeaf(i, v);
      leaves[i] = v;
      expect(tree.root).toBe(denseRoot(liteHasher, 5, leaves));
    }
  });

  it('setLeaves equals the same leaves set one by one, at unaligned offsets too', () => {
    const a = new SparseMerkleTree(hasher, 6);
    const b = new SparseMerkleTree(hasher, 6);
    const values = [3n, 0n, 8n, 11n, 1n];
    a.setLeaves(5, values);
    values.forEach((v, i) => b.setLeaf(5 + i, v));
    expect(a.root).toBe(b.root);
    expect(a.root).not.toBe(zeroHashes(hasher, 6)[6]);
  });

  it('sibling paths open every leaf and fail for a wrong leaf, index or sibling', () => {
    const tree = new SparseMerkleTree(hasher, 4);
    tree.setLeaves(0, [1n, 2n, 3n, 4n, 5n]);
    for (let i = 0; i < 16; i++) {
      const path = tree.siblingPath(i);
      expect(verifyMerklePath(hasher, tree.root, tree.leaf(i), i, path)).toBe(true);
    }
    const path = tree.siblingPath(2);
    expect(verifyMerklePath(hasher, tree.root, 4n, 2, path)).toBe(false);
    expect(verifyMerklePath(hasher, tree.root, 3n, 3, path)).toBe(false);
    expect(verifyMerklePath(hasher, tree.root, 3n, 16, path)).toBe(false);
    const bad = [...path];
    bad[3] = bad[3]! + 1n;
    expect(verifyMerklePath(hasher, tree.root, 3n, 2, bad)).toBe(false);
  });

  it('a subtree root at a higher level opens with the path of that level', () => {
    const tree = new SparseMerkleTree(hasher, 5);
    tree.setLeaves(4, [10n, 20n, 30n, 40n]);
    const sub = merkleRootOfLeaves(hasher, [10n, 20n, 30n, 40n]);
    expect(tree.node(2, 1)).toBe(sub);
    expect(computeMerkleRoot(hasher, sub, 1, tree.siblingPath(1, 2))).toBe(tree.root);
  });

  it('depth 20 costs nothing up front and stores only non-empty nodes', () => {
    const counter = countingHasher(liteHasher);
    const tree = new SparseMerkleTree(counter, 20);
    expect(counter.calls).toBe(20); // the zero-subtree hashes, once
    expect(tree.storedNodeCount).toBe(0);
    tree.setLeaf(1000, 1n);
    expect(tree.storedNodeCount).toBe(21);
    tree.setLeaf(1000, 0n); // back to empty: nothing stored
    expect(tree.storedNodeCount).toBe(0);
    expect(tree.root).toBe(zeroHashes(liteHasher, 20)[20]);
  });

  it('clones are independent', () => {
    const a = new SparseMerkleTree(hasher, 4);
    a.setLeaf(1, 1n);
    const b = a.clone();
    b.setLeaf(2, 2n);
    expect(a.root).not.toBe(b.root);
    expect(a.leaf(2)).toBe(0n);
  });

  it('rejects indices outside the tree', () => {
    const tree = new SparseMerkleTree(hasher, 3);
    expect(() => tree.setLeaf(8, 1n)).toThrow(RangeError);
    expect(() => tree.siblingPath(-1)).toThrow(/outside level 0/);
    expect(() => tree.setLeaves(7, [1n, 2n])).toThrow(RangeError);
  });
});
