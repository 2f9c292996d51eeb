import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { DuplicateNullifierError, InvalidLeafWitnessError, TreeFullError } from '../../src/rollup/errors.js';
import { FR_MODULUS } from '../../src/rollup/field.js';
import type { FieldHasher } from '../../src/rollup/hasher.js';
import {
  applyNullifierInsertion,
  emptyNullifierInsertionHint,
  nullifierLeafHash,
  verifyNullifierNonMembership,
} from '../../src/rollup/nullifier-rules.js';
import { NullifierTree } from '../../src/rollup/nullifier-tree.js';
import type { NullifierInsertionHint, NullifierLeaf } from '../../src/rollup/types.js';
import { denseRoot, liteHasher, loadKernelHasher } from './helpers.js';

let hasher: FieldHasher;
beforeAll(async () => {
  hasher = await loadKernelHasher();
});

/** Reference: the leaves an indexed tree must hold after inserting `values` in order. */
function referenceLeaves(values: readonly bigint[]): NullifierLeaf[] {
  const all = [0n, ...values];
  return all.map((v) => {
    const larger = all.filter((x) => x > v).sort((a, b) => (a < b ? -1 : 1));
    const next = larger[0];
    return { value: v, nextIndex: next === undefined ? 0 : all.indexOf(next), nextValue: next ?? 0n };
  });
}

function tamper(h: NullifierInsertionHint, f: (c: NullifierInsertionHint) => void): NullifierInsertionHint {
  const c = structuredClone(h);
  f(c);
  return c;
}

describe('nullifier leaf hash', () => {
  it('is H(H(value, nextIndex), nextValue)', () => {
    const leaf = { value: 5n, nextIndex: 3, nextValue: 9n };
    expect(nullifierLeafHash(hasher, leaf)).toBe(liteHasher.hash2(liteHasher.hash2(5n, 3n), 9n));
  });
});

describe('NullifierTree', () => {
  it('genesis holds leaf (0, 0, 0) at index 0 and next index 1', () => {
    const tree = NullifierTree.empty(hasher, 20);
    expect(tree.nextIndex).toBe(1);
    expect(tree.leaf(0)).toEqual({ value: 0n, nextIndex: 0, nextValue: 0n });
    const w = tree.membershipWitness(0);
    expect(tree.root).toBe(
      // leaf 0 = H(H(0,0),0), every other leaf empty
      (() => {
        let acc = nullifierLeafHash(liteHasher, { value: 0n, nextIndex: 0, nextValue: 0n });
        for (const s of w.siblingPath) acc = liteHasher.hash2(acc, s);
        return acc;
      })(),
    );
  });

  it('keeps the sorted linked list and matches a dense reference after out-of-order inserts', () => {
    const tree = NullifierTree.empty(hasher, 4);
    const values = [50n, 10n, 70n, 30n, 60n, FR_MODULUS - 1n];
    values.forEach((v) => tree.insert(v));
    const expected = referenceLeaves(values);
    expected.forEach((leaf, i) => expect(tree.leaf(i)).toEqual(leaf));
    expect(tree.root).toBe(
      denseRoot(
        liteHasher,
        4,
        expected.map((l) => nullifierLeafHash(liteHasher, l)),
      ),
    );
  });

  it('every insertion hint passes the pure rule and yields the tree snapshot', () => {
    const tree = NullifierTree.empty(hasher, 4);
    for (const v of [40n, 20n, 90n, 30n, 35n]) {
      const before = tree.snapshot();
      const hint = tree.insert(v);
      expect(applyNullifierInsertion(hasher, 4, before, v, hint)).toEqual(tree.snapshot());
    }
  });

  it('proves non-membership with the low leaf and refuses it for present values', () => {
    const tree = NullifierTree.empty(hasher, 4);
    [10n, 20n].forEach((v) => tree.insert(v));
    const w = tree.lowLeafWitness(15n);
    expect(w.lowLeaf.value).toBe(10n);
    expect(verifyNullifierNonMembership(hasher, tree.root, 15n, w.lowLeaf, w.lowLeafIndex, w.siblingPath)).toBe(true);
    // The same low leaf does not bracket 20 (present) or 25 (above its next value).
    expect(verifyNullifierNonMembership(hasher, tree.root, 20n, w.lowLeaf, w.lowLeafIndex, w.siblingPath)).toBe(false);
    expect(verifyNullifierNonMembership(hasher, tree.root, 25n, w.lowLeaf, w.lowLeafIndex, w.siblingPath)).toBe(false);
    expect(() => tree.lowLeafWitness(20n)).toThrow(DuplicateNullifierError);
    expect(tree.lowLeafWitness(99n).lowLeaf.value).toBe(20n);
  });

  it('rejects a duplicate nullifier and leaves the tree unchanged', () => {
    const tree = NullifierTree.empty(hasher, 4);
    tree.insert(7n);
    const before = tree.snapshot();
    expect(() => tree.insert(7n)).toThrow(/0x7 is already in the nullifier tree/);
    expect(tree.snapshot()).toEqual(before);
  });

  it('treats zero as padding: no change, the all-zero hint', () => {
    const tree = NullifierTree.empty(hasher, 4);
    const before = tree.snapshot();
    const hint = tree.insert(0n);
    expect(hint).toEqual(emptyNullifierInsertionHint(4));
    expect(tree.snapshot()).toEqual(before);
    expect(applyNullifierInsertion(hasher, 4, before, 0n, hint)).toEqual(before);
    expect(() =>
      applyNullifierInsertion(
        hasher,
        4,
        before,
        0n,
        tamper(hint, (h) => (h.lowLeafIndex = 1)),
      ),
    ).toThrow(/all-zero hint/);
  });

  it('refuses to overflow', () => {
    const tree = NullifierTree.empty(hasher, 1);
    tree.insert(5n);
    expect(() => tree.insert(6n)).toThrow(TreeFullError);
  });

  describe('the pure insertion rule rejects forged hints', () => {
    let tree: NullifierTree;
    let before: ReturnType<NullifierTree['snapshot']>;
    let hint: NullifierInsertionHint;
    beforeAll(() => {
      tree = NullifierTree.empty(hasher, 4);
      [10n, 30n].forEach((v) => tree.insert(v));
      before = tree.snapshot();
      hint = tree.clone().insert(20n);
    });

    it('honest hint passes', () => {
      expect(applyNullifierInsertion(hasher, 4, before, 20n, hint).nextIndex).toBe(4);
    });
    it('a tampered low-leaf sibling', () => {
      expect(() =>
        applyNullifierInsertion(
          hasher,
          4,
          before,
          20n,
          tamper(hint, (h) => (h.lowLeafSiblingPath[2]! += 1n)),
        ),
      ).toThrow(/does not open under the current nullifier root/);
    });
    it('a tampered new-leaf sibling', () => {
      expect(() =>
        applyNullifierInsertion(
          hasher,
          4,
          before,
          20n,
          tamper(hint, (h) => (h.newLeafSiblingPath[0] = 5n)),
        ),
      ).toThrow(/does not open an empty slot/);
    });
    it('a low leaf that does not bracket the value', () => {
      const low30 = tree.membershipWitness(2);
      const forged: NullifierInsertionHint = {
        ...hint,
        lowLeaf: tree.leaf(2),
        lowLeafIndex: 2,
        lowLeafSiblingPath: low30.siblingPath,
      };
      expect(() => applyNullifierInsertion(hasher, 4, before, 20n, forged)).toThrow(/does not bracket/);
    });
    it('a forged low leaf (claims a range gap that is not in the tree)', () => {
      expect(() =>
        applyNullifierInsertion(
          hasher,
          4,
          before,
          20n,
          tamper(hint, (h) => (h.lowLeaf.nextValue = 25n)),
        ),
      ).toThrow(/does not open/);
    });
    it('a duplicate, whichever leaf is offered as low leaf', () => {
      const w10 = tree.membershipWitness(1);
      const w30 = tree.membershipWitness(2);
      const via10: NullifierInsertionHint = {
        ...hint,
        lowLeaf: tree.leaf(1),
        lowLeafIndex: 1,
        lowLeafSiblingPath: w10.siblingPath,
      };
      const via30: NullifierInsertionHint = {
        ...hint,
        lowLeaf: tree.leaf(2),
        lowLeafIndex: 2,
        lowLeafSiblingPath: w30.siblingPath,
      };
      expect(() => applyNullifierInsertion(hasher, 4, before, 30n, via10)).toThrow(/already in the tree/);
      expect(() => applyNullifierInsertion(hasher, 4, before, 30n, via30)).toThrow(/already in the tree/);
    });
    it('a wrong path length', () => {
      expect(() =>
        applyNullifierInsertion(
          hasher,
          4,
          before,
          20n,
          tamper(hint, (h) => h.newLeafSiblingPath.pop()),
        ),
      ).toThrow(InvalidLeafWitnessError);
    });
    it('a wrong start next index', () => {
      expect(() => applyNullifierInsertion(hasher, 4, { ...before, nextIndex: 2 }, 20n, hint)).toThrow(
        InvalidLeafWitnessError,
      );
    });
  });

  it('rejects non-canonical aliases even under a hasher that reduces its inputs mod p', () => {
    // poseidon-lite reduces: H(x + p, y) = H(x, y). A low leaf whose next value is given as
    // nextValue + p would hash like the real leaf and bracket the value already in the tree.
    expect(liteHasher.hash2(5n + FR_MODULUS, 7n)).toBe(liteHasher.hash2(5n, 7n));
    const tree = NullifierTree.empty(liteHasher, 3);
    [10n, 30n].forEach((v) => tree.insert(v));
    const before = tree.snapshot();
    const w10 = tree.membershipWitness(1);
    const honestHint = tree.clone().insert(20n);
    const aliased: NullifierInsertionHint = {
      ...honestHint,
      lowLeaf: { ...tree.leaf(1), nextValue: 30n + FR_MODULUS },
      lowLeafIndex: 1,
      lowLeafSiblingPath: w10.siblingPath,
    };
    expect(() => applyNullifierInsertion(liteHasher, 3, before, 30n, aliased)).toThrow(/not a canonical field element/);
    expect(() => applyNullifierInsertion(liteHasher, 3, before, 20n + FR_MODULUS, honestHint)).toThrow(
      /not a canonical/,
    );
    const badPath = tamper(honestHint, (h) => (h.lowLeafSiblingPath[0]! += FR_MODULUS));
    expect(() => applyNullifierInsertion(liteHasher, 3, before, 20n, badPath)).toThrow(/non-canonical/);
  });

  it('property: random insert sequences keep hints valid and match the reference', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.bigInt({ min: 1n, max: 1000n }), { minLength: 1, maxLength: 7 }), (values) => {
        const tree = NullifierTree.empty(hasher, 3);
        for (const v of values) {
          const before = tree.snapshot();
          const hint = tree.insert(v);
          expect(applyNullifierInsertion(hasher, 3, before, v, hint)).toEqual(tree.snapshot());
        }
        const leaves = referenceLeaves(values);
        expect(tree.root).toBe(
          denseRoot(
            liteHasher,
            3,
            leaves.map((l) => nullifierLeafHash(liteHasher, l)),
          ),
        );
      }),
      { numRuns: 40 },
    );
  });
});
