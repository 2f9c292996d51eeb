import { beforeAll, describe, expect, it } from 'vitest';
import { buildBlock } from '../../src/rollup/block-builder.js';
import {
  BlockBuildError,
  DuplicateNullifierError,
  InvalidLeafWitnessError,
  InvalidTransactionError,
} from '../../src/rollup/errors.js';
import type { FieldHasher } from '../../src/rollup/hasher.js';
import { snapshotsEqual, verifyLeafChain, verifyLeafTransition } from '../../src/rollup/leaf-verifier.js';
import { RollupState } from '../../src/rollup/state.js';
import { emptyTransaction, transactionEffectsHash } from '../../src/rollup/transaction.js';
import type { BlockBuildResult, LeafHints, LeafWitness, Transaction } from '../../src/rollup/types.js';
import { SMALL_PARAMS, loadKernelHasher } from './helpers.js';

let hasher: FieldHasher;
beforeAll(async () => {
  hasher = await loadKernelHasher();
});

function tx(noteHashes: bigint[], nullifiers: bigint[], fee = 1n): Transaction {
  return { noteHashes, nullifiers, fee, payload: new Uint8Array([noteHashes.length, nullifiers.length]) };
}

function tamper(hints: LeafHints, f: (h: LeafHints) => void): LeafHints {
  const c = structuredClone(hints);
  f(c);
  return c;
}

describe('buildBlock at the default depths (20/20, K = 2)', () => {
  let state: RollupState;
  let block: BlockBuildResult;
  const candidates = [
    tx([11n, 12n], [101n, 102n], 5n),
    tx([13n], [50n], 7n),
    tx([], [102n], 1n), // duplicate of a nullifier earlier in the block
    tx([14n, 15n], [], 2n),
    tx([16n], [103n, 103n]), // repeated within one transaction
  ];

  beforeAll(() => {
    state = RollupState.genesis(hasher);
    block = buildBlock(state, candidates, { height: 3 });
  });

  it('pads to 2^k leaves with empty transactions', () => {
    expect(block.leaves).toHaveLength(8);
    expect(block.leaves.map((l) => l.isPadding)).toEqual([false, false, false, true, true, true, true, true]);
    for (const l of block.leaves.filter((x) => x.isPadding)) expect(l.tx).toEqual(emptyTransaction());
  });

  it('reports the rejected candidates with named errors and precise messages', () => {
    expect(block.rejected.map((r) => r.candidateIndex)).toEqual([2, 4]);
    expect(block.rejected[0]!.error).toBeInstanceOf(DuplicateNullifierError);
    expect(block.rejected[0]!.error.message).toBe('nullifier 0x66 is already in the nullifier tree');
    expect(block.rejected[1]!.error).toBeInstanceOf(DuplicateNullifierError);
    expect(block.rejected[1]!.error.message).toBe('nullifier 0x67 appears twice in the transaction');
  });

  it('chains every leaf: end of leaf i = start of leaf i+1, block start and end match', () => {
    expect(snapshotsEqual(block.leaves[0]!.start, block.start)).toBe(true);
    for (let i = 0; i + 1 < block.leaves.length; i++) expect(block.leaves[i]!.end).toEqual(block.leaves[i + 1]!.start);
    expect(block.leaves[7]!.end).toEqual(block.end);
    expect(block.end).toEqual(state.snapshot());
    // 8 leaves × K note-hash slots; genesis leaf + 4 nullifiers.
    expect(block.end.noteHashTree.nextIndex).toBe(16);
    expect(block.end.nullifierTree.nextIndex).toBe(4);
  });

  it('the light verifier recomputes every leaf from its start, tx and hints alone', () => {
    for (const leaf of block.leaves) {
      const t = verifyLeafTransition(hasher, leaf.start, leaf.tx, leaf.hints);
      expect(t.end).toEqual(leaf.end);
      expect(t.effectsHash).toBe(transactionEffectsHash(hasher, leaf.tx));
      expect(t.effectsHash).toBe(leaf.effectsHash);
    }
    expect(verifyLeafChain(hasher, block.start, block.leaves)).toEqual(block.end);
  });

  it('accumulates fees', () => {
    expect(block.totalFee).toBe(14n);
    expect(block.leaves.map((l) => l.accumulatedFeeEnd)).toEqual([5n, 12n, 14n, 14n, 14n, 14n, 14n, 14n]);
  });

  it('rejects tampered hints (every kind of sibling and low-leaf field)', () => {
    const leaf = block.leaves[0]!;
    const forgeries: [LeafHints, RegExp][] = [
      [
        tamper(leaf.hints, (h) => (h.noteHashAppend.subtreeSiblingPath[5]! += 1n)),
        /note-hash subtree path does not open an empty subtree/,
      ],
      [
        tamper(leaf.hints, (h) => (h.nullifierInsertions[1]!.lowLeafSiblingPath[0]! += 1n)),
        /slot 1: low leaf at index \d+ does not open/,
      ],
      [
        tamper(leaf.hints, (h) => (h.nullifierInsertions[0]!.newLeafSiblingPath[19] = 0n)),
        /slot 0: new-leaf path does not open an empty slot/,
      ],
      [
        tamper(leaf.hints, (h) => (h.nullifierInsertions[0]!.lowLeaf.value = 1n)),
        /slot 0: low leaf at index 0 does not open/,
      ],
      [
        tamper(leaf.hints, (h) => (h.nullifierInsertions[1]!.lowLeaf.nextIndex = 3)),
        /slot 1: low leaf at index \d+ does not open/,
      ],
      [
        tamper(leaf.hints, (h) => (h.nullifierInsertions[0]!.lowLeafIndex = 1)),
        /slot 0: low leaf at index 1 does not open/,
      ],
      [tamper(leaf.hints, (h) => h.nullifierInsertions.reverse()), /slot 0:/],
      [tamper(leaf.hints, (h) => h.nullifierInsertions.pop()), /carry 1 nullifier insertions, expected 2/],
    ];
    for (const [hints, message] of forgeries) {
      expect(() => verifyLeafTransition(hasher, leaf.start, leaf.tx, hints), String(message)).toThrow(
        InvalidLeafWitnessError,
      );
      expect(() => verifyLeafTransition(hasher, leaf.start, leaf.tx, hints)).toThrow(message);
    }
  });

  it('rejects a wrong start snapshot or a substituted transaction with honest hints', () => {
    const leaf = block.leaves[1]!;
    const wrongStart = structuredClone(leaf.start);
    wrongStart.nullifierTree.root += 1n;
    expect(() => verifyLeafTransition(hasher, wrongStart, leaf.tx, leaf.hints)).toThrow(
      /does not open under the current nullifier root/,
    );
    // 49 has the same low leaf as 50, but the new-leaf path was taken after the low leaf pointed
    // at 50, so it no longer opens.
    expect(() => verifyLeafTransition(hasher, leaf.start, tx([13n], [49n], 7n), leaf.hints)).toThrow(
      /new-leaf path does not open/,
    );
    // Changing only the note hashes still verifies, but gives a different end: the circuit binds both.
    const other = verifyLeafTransition(hasher, leaf.start, tx([99n], [50n], 7n), leaf.hints);
    expect(other.end.noteHashTree.root).not.toBe(leaf.end.noteHashTree.root);
  });

  it('a padding leaf with a smuggled nullifier hint is rejected', () => {
    const leaf = block.leaves[5]!;
    const donor = block.leaves[1]!.hints.nullifierInsertions[0]!;
    const hints = tamper(leaf.hints, (h) => (h.nullifierInsertions[0] = structuredClone(donor)));
    expect(() => verifyLeafTransition(hasher, leaf.start, leaf.tx, hints)).toThrow(/all-zero hint/);
  });

  it('the chain check catches a broken link, a wrong claimed end, effects hash or fee', () => {
    const broken = (f: (leaves: LeafWitness[]) => void) => {
      const leaves = structuredClone(block.leaves);
      f(leaves);
      return () => verifyLeafChain(hasher, block.start, leaves);
    };
    expect(broken((l) => l.splice(1, 1))).toThrow(/claims index 2/);
    expect(broken((l) => (l[2]!.end.noteHashTree.nextIndex += 2))).toThrow(/claimed end snapshot/);
    expect(broken((l) => (l[0]!.effectsHash += 1n))).toThrow(/effects hash/);
    expect(broken((l) => (l[3]!.accumulatedFeeEnd = 0n))).toThrow(/accumulated fee/);
    expect(broken((l) => ([l[0], l[1]] = [l[1]!, l[0]!]))).toThrow(InvalidLeafWitnessError);
  });

  it('a second block builds on the first and still rejects nullifiers from the first', () => {
    const next = buildBlock(state, [tx([], [101n]), tx([1n], [104n])], { height: 1 });
    expect(next.start).toEqual(block.end);
    expect(next.rejected).toHaveLength(1);
    expect(next.rejected[0]!.error.message).toBe('nullifier 0x65 is already in the nullifier tree');
    expect(verifyLeafChain(hasher, next.start, next.leaves)).toEqual(next.end);
  });
});

describe('buildBlock input checks', () => {
  it('reports malformed candidates and keeps the state untouched by them', () => {
    const state = RollupState.genesis(hasher, SMALL_PARAMS);
    const before = state.snapshot();
    const block = buildBlock(state, [tx([1n, 2n, 3n], []), tx([], [0n])], { height: 1 });
    expect(block.rejected.map((r) => r.error)).toEqual([
      expect.any(InvalidTransactionError),
      expect.any(InvalidTransactionError),
    ]);
    expect(block.leaves.every((l) => l.isPadding)).toBe(true);
    expect(block.start).toEqual(before);
  });

  it('refuses more candidates than leaves, bad heights and blocks that do not fit the note-hash tree', () => {
    const state = RollupState.genesis(hasher, SMALL_PARAMS);
    expect(() => buildBlock(state, [tx([], []), tx([], []), tx([], [])], { height: 1 })).toThrow(BlockBuildError);
    expect(() => buildBlock(state, [], { height: -1 })).toThrow(/block height -1/);
    // depth 5, K = 2: 16 leaves fill it exactly; 32 do not fit.
    expect(() => buildBlock(state.clone(), [], { height: 5 })).toThrow(
      /room for 32 slots, a block of 32 leaves needs 64/,
    );
    const full = buildBlock(state, [], { height: 4 });
    expect(full.end.noteHashTree.nextIndex).toBe(32);
  });

  it('a full nullifier tree rejects the transaction, not the block', () => {
    const state = RollupState.genesis(hasher, { ...SMALL_PARAMS, nullifierTreeDepth: 2 });
    const block = buildBlock(state, [tx([], [1n, 2n]), tx([], [3n, 4n]), tx([], [5n])], { height: 2 });
    expect(block.rejected.map((r) => r.error.name)).toEqual(['TreeFullError']);
    expect(block.end.nullifierTree.nextIndex).toBe(4);
    expect(verifyLeafChain(hasher, block.start, block.leaves, state.params)).toEqual(block.end);
  });
});
