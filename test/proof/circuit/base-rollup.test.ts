import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FR, writeFrLe } from '../../../src/r1cs/fr.js';
import { checkAssignment } from '../../../src/r1cs/shape.js';
import {
  baseRollupConstraintCounts,
  baseRollupShape,
  baseRollupWitness,
  buildBaseRollupCircuit,
  CircuitInputError,
  type BaseRollupLeaf,
} from '../../../src/rollup/circuit/base-rollup.js';
import { bindingOutput, PUBLIC_INDEX, readPublicVector } from '../../../src/rollup/circuit/public-inputs.js';
import {
  applyNoteHashAppend,
  DEFAULT_ROLLUP_PARAMS,
  emptyNullifierInsertionHint,
  nullifierLeafHash,
  type RollupState,
  SparseMerkleTree,
  transactionEffectsHash,
} from '../../../src/rollup/index.js';
import type { LeafWitness, NullifierInsertionHint, RollupParams } from '../../../src/rollup/types.js';
import { block, CTX, liteHasher, SMALL, tx } from './helpers.js';

function satisfies(params: RollupParams, leaf: BaseRollupLeaf, ctx = CTX) {
  const b = buildBaseRollupCircuit(params, leaf, ctx);
  const shape = baseRollupShape(params);
  const a = b.assignment();
  const exported = checkAssignment(shape, a);
  const own = b.check();
  expect(exported.ok).toBe(own.ok);
  return { own, shape, a, b };
}

/** The builder's own check only (cheaper; the exported check is covered by satisfies()). */
const holds = (params: RollupParams, leaf: BaseRollupLeaf) => buildBaseRollupCircuit(params, leaf, CTX).check().ok;

const clone = <T>(x: T): T => structuredClone(x);

describe('base-rollup circuit: valid leaves', () => {
  it('random blocks from the block builder satisfy the circuit, padding leaves included', () => {
    const nonZeroField = fc.bigInt({ min: 1n, max: FR - 1n });
    const txArb = fc.record({
      noteHashes: fc.array(nonZeroField, { maxLength: 2 }),
      nullifiers: fc.uniqueArray(nonZeroField, { maxLength: 2 }),
      fee: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
      payload: fc.uint8Array({ maxLength: 64 }),
    });
    fc.assert(
      fc.property(fc.array(txArb, { minLength: 1, maxLength: 3 }), (txs) => {
        const { result } = block(SMALL, txs, 2);
        for (const leaf of result.leaves) {
          const { own, a, shape } = satisfies(SMALL, leaf);
          expect(own).toEqual({ ok: true });
          expect(shape.digest).toEqual(baseRollupShape(SMALL).digest);
          const x = readPublicVector(a.publicInputs);
          expect(x.end).toEqual(leaf.end);
          expect(x.effectsHash).toBe(leaf.effectsHash);
          expect(x.accumulatedFeeEnd).toBe(leaf.accumulatedFeeEnd);
        }
      }),
      { numRuns: 3 },
    );
  });

  it('chains nullifiers across leaves and within a transaction (low leaf = the previous insertion)', () => {
    const { result } = block(SMALL, [tx([1n], [100n, 50n]), tx([], [75n, 200n]), tx([2n, 3n], [60n])], 2);
    expect(result.rejected).toEqual([]);
    for (const leaf of result.leaves) expect(satisfies(SMALL, leaf).own).toEqual({ ok: true });
  });

  it('other parameters: K = 4 note hashes with 3 nullifiers, and K = 1 with 1 nullifier', () => {
    const wide: RollupParams = { ...SMALL, maxNoteHashesPerTx: 4, maxNullifiersPerTx: 3 };
    const { result } = block(wide, [tx([1n, 2n, 3n], [9n, 8n, 7n]), tx([4n], [6n])], 2);
    for (const leaf of result.leaves) expect(satisfies(wide, leaf).own).toEqual({ ok: true });
    const narrow: RollupParams = { ...SMALL, maxNoteHashesPerTx: 1, maxNullifiersPerTx: 1 };
    const r2 = block(narrow, [tx([1n], [5n]), tx([], [3n])], 1).result;
    for (const leaf of r2.leaves) expect(satisfies(narrow, leaf).own).toEqual({ ok: true });
    expect(baseRollupShape(wide).digest).not.toEqual(baseRollupShape(SMALL).digest);
  });

  it('padding leaves still prove on a full nullifier tree', () => {
    const tiny: RollupParams = { ...SMALL, nullifierTreeDepth: 2 };
    const { result } = block(tiny, [tx([1n], [5n, 6n]), tx([2n], [7n])], 2);
    expect(result.end.nullifierTree.nextIndex).toBe(4); // genesis + 3: capacity reached
    expect(result.leaves.filter((l) => l.isPadding).length).toBe(2);
    for (const leaf of result.leaves) expect(satisfies(tiny, leaf).own).toEqual({ ok: true });
  });

  it('the default parameters (depths 20/20, K = 2) fit 2^16 constraints and satisfy', () => {
    const counts = baseRollupConstraintCounts(DEFAULT_ROLLUP_PARAMS);
    expect(counts.total).toBeLessThanOrEqual(1 << 16);
    const { result } = block(DEFAULT_ROLLUP_PARAMS, [tx([9n, 8n], [FR - 1n, 1n << 200n], 5n)], 1);
    for (const leaf of result.leaves) {
      const { own, shape } = satisfies(DEFAULT_ROLLUP_PARAMS, leaf);
      expect(own).toEqual({ ok: true });
      expect(shape.numConstraints).toBe(counts.total);
    }
  });
});

describe('base-rollup circuit: what it rejects', () => {
  const leafOf = (): LeafWitness => block(SMALL, [tx([11n, 12n], [500n, 400n], 7n)], 1).result.leaves[0]!;

  it('a tampered witness entry', () => {
    const { own, shape, a } = satisfies(SMALL, leafOf());
    expect(own.ok).toBe(true);
    for (const col of [0, 3, 1000, shape.numWitness - 1]) {
      const w = a.witness.slice();
      writeFrLe(w, col * 32, 987654321n);
      expect(checkAssignment(shape, { ...a, witness: w }).ok).toBe(false);
    }
  });

  it('a wrong note-hash path', () => {
    const leaf = leafOf();
    leaf.hints.noteHashAppend.subtreeSiblingPath[2] = leaf.hints.noteHashAppend.subtreeSiblingPath[2]! + 1n;
    const r = satisfies(SMALL, leaf).own;
    expect(r.ok).toBe(false);
    expect(!r.ok && r.scope).toMatch(/^noteHashes/);
  });

  it('a wrong low-leaf path or low leaf', () => {
    const leaf = leafOf();
    const bad = clone(leaf);
    bad.hints.nullifierInsertions[1]!.lowLeafSiblingPath[0] = 5n;
    const r = satisfies(SMALL, bad).own;
    expect(!r.ok && r.scope).toMatch(/^nullifier1\/lowMembership/);
    const bad2 = clone(leaf);
    bad2.hints.nullifierInsertions[0]!.lowLeafIndex ^= 1;
    expect(satisfies(SMALL, bad2).own.ok).toBe(false);
    const bad3 = clone(leaf);
    bad3.hints.nullifierInsertions[0]!.newLeafSiblingPath[3] = 1n;
    const r3 = satisfies(SMALL, bad3).own;
    expect(!r3.ok && r3.scope).toMatch(/^nullifier0\/newLeaf/);
  });

  /**
   * The strongest duplicate attempt: every path is genuine and the only lie is the ordering.
   * lowLeaf = the predecessor of v (its nextValue is v), the rest computed as an insertion would.
   */
  function duplicateAttempt(state: RollupState, v: bigint): { hint: NullifierInsertionHint; root: bigint } {
    const nt = state.nullifierTree;
    const depth = nt.depth;
    const n = nt.nextIndex;
    const tree = new SparseMerkleTree(liteHasher, depth);
    let pred = 0;
    for (let i = 0; i < n; i++) {
      const l = nt.leaf(i);
      tree.setLeaf(i, nullifierLeafHash(liteHasher, l));
      if (l.nextValue === v) pred = i;
    }
    const low = nt.leaf(pred);
    expect(low.nextValue).toBe(v);
    const lowPath = tree.siblingPath(pred);
    tree.setLeaf(pred, nullifierLeafHash(liteHasher, { value: low.value, nextIndex: n, nextValue: v }));
    const newPath = tree.siblingPath(n);
    tree.setLeaf(n, nullifierLeafHash(liteHasher, { value: v, nextIndex: low.nextIndex, nextValue: low.nextValue }));
    return {
      hint: { lowLeaf: low, lowLeafIndex: pred, lowLeafSiblingPath: lowPath, newLeafSiblingPath: newPath },
      root: tree.root,
    };
  }

  it('a nullifier already in the tree', () => {
    const { state } = block(SMALL, [tx([1n], [300n, 100n])], 1);
    const next = block(SMALL, [tx([], [200n])], 1, state.clone()).result.leaves[0]!;
    // Replace the fresh nullifier 200 by the duplicate 300 with the best-possible hint.
    const { hint, root } = duplicateAttempt(state, 300n);
    const leaf = clone(next);
    leaf.tx.nullifiers = [300n];
    leaf.hints.nullifierInsertions[0] = hint;
    leaf.end.nullifierTree = { root, nextIndex: leaf.start.nullifierTree.nextIndex + 1 };
    const r = satisfies(SMALL, leaf).own;
    expect(r.ok).toBe(false);
    expect(!r.ok && r.scope).toMatch(/^nullifier0\/ordering/);
  });

  it('the same nullifier twice in one transaction', () => {
    const { state, result } = block(SMALL, [tx([], [42n])], 1);
    const first = result.leaves[0]!;
    const { hint, root } = duplicateAttempt(state, 42n);
    const leaf = clone(first);
    leaf.tx.nullifiers = [42n, 42n];
    leaf.hints.nullifierInsertions[1] = hint;
    leaf.end.nullifierTree = { root, nextIndex: first.end.nullifierTree.nextIndex + 1 };
    const r = satisfies(SMALL, leaf).own;
    expect(r.ok).toBe(false);
    expect(!r.ok && r.scope).toMatch(/^nullifier1\/ordering/);
  });

  it('a wrong end snapshot, fee or effects hash', () => {
    const cases: ((l: LeafWitness) => void)[] = [
      (l) => (l.end.noteHashTree.root += 1n),
      (l) => (l.end.noteHashTree.nextIndex += 2),
      (l) => (l.end.nullifierTree.root += 1n),
      (l) => (l.end.nullifierTree.nextIndex -= 1),
      (l) => (l.effectsHash += 1n),
      (l) => (l.accumulatedFeeEnd += 1n),
      (l) => (l.tx.fee = 1n << 64n), // fee out of u64 range
      (l) => (l.tx.payload = new Uint8Array([9])), // the effects hash commits to the payload
    ];
    for (const mutate of cases) {
      const leaf = leafOf();
      expect(holds(SMALL, leaf)).toBe(true);
      mutate(leaf);
      expect(holds(SMALL, leaf)).toBe(false);
    }
  });
});

describe('base-rollup circuit: only padded lists and canonical padding hints', () => {
  it('a padding nullifier slot with a non-zero hint', () => {
    const leaf = block(SMALL, [tx([3n], [4n])], 1).result.leaves[0]!;
    expect(holds(SMALL, leaf)).toBe(true);
    leaf.hints.nullifierInsertions[1]!.lowLeafSiblingPath[0] = 1n;
    const r = satisfies(SMALL, leaf).own;
    expect(!r.ok && r.scope).toBe('nullifier1/paddingHint');
  });

  it('a zero slot before a non-zero one (nullifiers, then note hashes)', () => {
    const base = block(SMALL, [tx([3n], [4n])], 1).result.leaves[0]!;
    const leaf = clone(base);
    leaf.tx.nullifiers = [0n, 4n];
    leaf.hints.nullifierInsertions = [
      emptyNullifierInsertionHint(SMALL.nullifierTreeDepth),
      base.hints.nullifierInsertions[0]!,
    ];
    leaf.effectsHash = transactionEffectsHash(liteHasher, leaf.tx, SMALL);
    const r = satisfies(SMALL, leaf).own;
    expect(!r.ok && r.scope).toBe('slotOrder');

    const notes = clone(base);
    notes.tx.noteHashes = [0n, 3n];
    notes.end.noteHashTree = applyNoteHashAppend(
      liteHasher,
      SMALL.noteHashTreeDepth,
      notes.start.noteHashTree,
      [0n, 3n],
      notes.hints.noteHashAppend,
    );
    notes.effectsHash = transactionEffectsHash(liteHasher, notes.tx, SMALL);
    const r2 = satisfies(SMALL, notes).own;
    expect(!r2.ok && r2.scope).toBe('slotOrder');
  });
});

describe('base-rollup circuit: prover binding', () => {
  it('the prover key hash changes the binding output, and a re-targeted statement fails', () => {
    const leaf = block(SMALL, [tx([5n], [6n])], 1).result.leaves[0]!;
    // baseRollupWitness (values only) equals the assignment of a full build.
    expect(baseRollupWitness(SMALL, leaf, CTX)).toEqual(buildBaseRollupCircuit(SMALL, leaf, CTX).assignment());
    const a1 = baseRollupWitness(SMALL, leaf, { ...CTX, proverKeyHash: 111n });
    const a2 = baseRollupWitness(SMALL, leaf, { ...CTX, proverKeyHash: 222n });
    const shape = baseRollupShape(SMALL);
    expect(checkAssignment(shape, a1).ok).toBe(true);
    expect(checkAssignment(shape, a2).ok).toBe(true);
    const bi = PUBLIC_INDEX.binding;
    expect(a1.publicInputs[bi]).not.toBe(a2.publicInputs[bi]);
    expect(a1.publicInputs[bi]).toBe(bindingOutput(CTX.constantsHash, leaf.effectsHash, 111n));
    // Prover 2 takes prover 1's witness and swaps in its own key (with or without its binding).
    const stolen = [...a1.publicInputs];
    stolen[PUBLIC_INDEX.proverKeyHash] = 222n;
    expect(checkAssignment(shape, { ...a1, publicInputs: stolen }).ok).toBe(false);
    stolen[bi] = a2.publicInputs[bi]!;
    expect(checkAssignment(shape, { ...a1, publicInputs: stolen }).ok).toBe(false);
  });
});

describe('base-rollup circuit: bad inputs', () => {
  const leafOf = (): LeafWitness => block(SMALL, [tx([1n], [2n])], 1).result.leaves[0]!;
  const cases: [string, (l: LeafWitness) => void, RegExp][] = [
    [
      'short note-hash path',
      (l) => l.hints.noteHashAppend.subtreeSiblingPath.pop(),
      /note-hash subtree path must have 5 siblings/,
    ],
    [
      'long low-leaf path',
      (l) => l.hints.nullifierInsertions[0]!.lowLeafSiblingPath.push(0n),
      /nullifier 0 low-leaf path must have 5/,
    ],
    ['missing insertion hint', (l) => l.hints.nullifierInsertions.pop(), /must carry 2 nullifier insertions/],
    ['too many nullifiers', (l) => (l.tx.nullifiers = [1n, 2n, 3n]), /more than 2 nullifiers/],
    ['non-canonical note hash', (l) => (l.tx.noteHashes = [FR]), /note hash 0 is not a canonical/],
    ['negative fee', (l) => (l.tx.fee = -1n), /fee is not a canonical/],
    ['fractional index', (l) => (l.start.nullifierTree.nextIndex = 1.5), /start nullifier next index/],
    [
      'non-canonical sibling',
      (l) => (l.hints.nullifierInsertions[1]!.newLeafSiblingPath[0] = FR + 3n),
      /new-leaf path\[0\]/,
    ],
  ];
  for (const [name, mutate, message] of cases) {
    it(`rejects ${name} with CircuitInputError`, () => {
      const leaf = leafOf();
      mutate(leaf);
      expect(() => buildBaseRollupCircuit(SMALL, leaf, CTX)).toThrow(CircuitInputError);
      expect(() => buildBaseRollupCircuit(SMALL, leaf, CTX)).toThrow(message);
    });
  }
  it('rejects a non-field prover key hash and invalid parameters', () => {
    expect(() => buildBaseRollupCircuit(SMALL, leafOf(), { ...CTX, proverKeyHash: FR })).toThrow(/prover key hash/);
    expect(() => buildBaseRollupCircuit({ ...SMALL, maxNoteHashesPerTx: 3 }, leafOf(), CTX)).toThrow(CircuitInputError);
  });
});
