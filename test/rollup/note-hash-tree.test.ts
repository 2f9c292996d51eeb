import { beforeAll, describe, expect, it } from 'vitest';
import { InvalidLeafWitnessError, TreeFullError } from '../../src/rollup/errors.js';
import { FR_MODULUS } from '../../src/rollup/field.js';
import type { FieldHasher } from '../../src/rollup/hasher.js';
import { verifyMerklePath, zeroHashes } from '../../src/rollup/merkle.js';
import { applyNoteHashAppend } from '../../src/rollup/note-hash-rules.js';
import { NoteHashTree } from '../../src/rollup/note-hash-tree.js';
import { denseRoot, liteHasher, loadKernelHasher } from './helpers.js';

let hasher: FieldHasher;
beforeAll(async () => {
  hasher = await loadKernelHasher();
});

describe('NoteHashTree', () => {
  it('starts empty at the zero-subtree root', () => {
    const tree = NoteHashTree.empty(hasher, 20);
    expect(tree.snapshot()).toEqual({ root: zeroHashes(hasher, 20)[20], nextIndex: 0 });
  });

  it('appends single leaves with membership witnesses that open under the root', () => {
    const tree = NoteHashTree.empty(hasher, 4);
    const values = [11n, 22n, 33n];
    values.forEach((v) => tree.append(v));
    expect(tree.root).toBe(denseRoot(liteHasher, 4, values));
    values.forEach((v, i) => {
      const w = tree.membershipWitness(i);
      expect(verifyMerklePath(hasher, tree.root, v, w.leafIndex, w.siblingPath)).toBe(true);
    });
    expect(() => tree.membershipWitness(3)).toThrow(/has not been appended/);
  });

  it('appends K-slot subtrees whose hints the pure rule accepts, reaching the dense root', () => {
    const tree = NoteHashTree.empty(hasher, 5);
    const all: bigint[] = [];
    for (const slots of [
      [1n, 2n],
      [3n, 0n],
      [0n, 0n],
      [4n, 5n],
    ]) {
      const before = tree.snapshot();
      const hint = tree.appendSubtree(slots);
      expect(hint.subtreeSiblingPath).toHaveLength(4);
      expect(applyNoteHashAppend(hasher, 5, before, slots, hint)).toEqual(tree.snapshot());
      all.push(...slots);
    }
    expect(tree.root).toBe(denseRoot(liteHasher, 5, all));
    expect(tree.nextIndex).toBe(8);
  });

  it('the pure rule rejects a tampered path, a misaligned index and a non-empty target', () => {
    const tree = NoteHashTree.empty(hasher, 5);
    tree.appendSubtree([1n, 2n]);
    const before = tree.snapshot();
    const hint = tree.appendSubtree([3n, 4n]);
    const bad = { subtreeSiblingPath: [...hint.subtreeSiblingPath] };
    bad.subtreeSiblingPath[0] = 99n;
    expect(() => applyNoteHashAppend(hasher, 5, before, [3n, 4n], bad)).toThrow(InvalidLeafWitnessError);
    expect(() => applyNoteHashAppend(hasher, 5, { ...before, nextIndex: 3 }, [3n, 4n], hint)).toThrow(
      /not a multiple of K/,
    );
    // Claiming the slots 0..1 (already filled) are empty fails: the path does not open zeros there.
    const first = NoteHashTree.empty(hasher, 5);
    const firstHint = first.appendSubtree([1n, 2n]);
    expect(() =>
      applyNoteHashAppend(hasher, 5, first.snapshot(), [7n, 8n], { subtreeSiblingPath: firstHint.subtreeSiblingPath }),
    ).toThrow(/does not open an empty subtree/);
    const aliased = { subtreeSiblingPath: hint.subtreeSiblingPath.map((x, i) => (i === 2 ? x + FR_MODULUS : x)) };
    expect(() => applyNoteHashAppend(liteHasher, 5, before, [3n, 4n], aliased)).toThrow(/non-canonical/);
    expect(() =>
      applyNoteHashAppend(hasher, 5, before, [3n, 4n], { subtreeSiblingPath: hint.subtreeSiblingPath.slice(1) }),
    ).toThrow(/expected 4/);
  });

  it('refuses to overflow', () => {
    const tree = NoteHashTree.empty(hasher, 2);
    tree.appendSubtree([1n, 2n]);
    tree.appendSubtree([3n, 4n]);
    expect(() => tree.appendSubtree([5n, 6n])).toThrow(TreeFullError);
    expect(() => tree.append(5n)).toThrow(TreeFullError);
    expect(() => applyNoteHashAppend(hasher, 2, tree.snapshot(), [5n, 6n], { subtreeSiblingPath: [0n] })).toThrow(
      /full/,
    );
  });
});
