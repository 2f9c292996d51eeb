import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildBlock } from '../../src/rollup/block-builder.js';
import type { FieldHasher } from '../../src/rollup/hasher.js';
import { verifyLeafChain } from '../../src/rollup/leaf-verifier.js';
import { RollupState } from '../../src/rollup/state.js';
import type { RollupParams, Transaction } from '../../src/rollup/types.js';
import { loadKernelHasher } from './helpers.js';

let hasher: FieldHasher;
beforeAll(async () => {
  hasher = await loadKernelHasher();
});

const params: RollupParams = {
  noteHashTreeDepth: 6,
  nullifierTreeDepth: 5,
  maxNoteHashesPerTx: 2,
  maxNullifiersPerTx: 2,
  maxPayloadBytes: 16,
};

// Nullifiers from a small range so that repeats (within a transaction, across the block) are common.
const txArb: fc.Arbitrary<Transaction> = fc.record({
  noteHashes: fc.array(fc.bigInt({ min: 1n, max: 1n << 200n }), { maxLength: 2 }),
  nullifiers: fc.array(fc.bigInt({ min: 1n, max: 12n }), { maxLength: 2 }),
  fee: fc.bigInt({ min: 0n, max: 1000n }),
  payload: fc.uint8Array({ maxLength: 16 }),
});

describe('buildBlock (property)', () => {
  it('rejects exactly the transactions a set model rejects, and the transcript verifies', () => {
    fc.assert(
      fc.property(fc.array(txArb, { maxLength: 8 }), (candidates) => {
        const state = RollupState.genesis(hasher, params);
        const block = buildBlock(state, candidates, { height: 3 });

        const spent = new Set<bigint>();
        const expectedRejected: number[] = [];
        const accepted: Transaction[] = [];
        candidates.forEach((tx, i) => {
          const unique = new Set(tx.nullifiers).size === tx.nullifiers.length;
          if (!unique || tx.nullifiers.some((v) => spent.has(v))) expectedRejected.push(i);
          else {
            tx.nullifiers.forEach((v) => spent.add(v));
            accepted.push(tx);
          }
        });
        expect(block.rejected.map((r) => r.candidateIndex)).toEqual(expectedRejected);
        for (const r of block.rejected) expect(r.error.name).toBe('DuplicateNullifierError');
        expect(block.leaves.filter((l) => !l.isPadding).map((l) => l.tx)).toEqual(accepted);
        expect(block.totalFee).toBe(accepted.reduce((s, t) => s + t.fee, 0n));

        expect(verifyLeafChain(hasher, block.start, block.leaves, params)).toEqual(block.end);
        // Rejections leave no trace: the accepted list alone reaches the same state.
        const clean = buildBlock(RollupState.genesis(hasher, params), accepted, { height: 3 });
        expect(clean.rejected).toEqual([]);
        expect(clean.end).toEqual(block.end);
        expect(block.end.nullifierTree.nextIndex).toBe(1 + spent.size);
      }),
      { numRuns: 25 },
    );
  });
});
