// Benchmark suite of the state layer (registered in src/bench/suites/index.ts): building a full
// block at the default depths, and the light verifier on one leaf, both on the kernel's Poseidon.
//
// Rows: "rollup-build" (size = leaves, every transaction with K note hashes and K nullifiers),
// "rollup-verify-leaf" (size = 1 leaf).
import type { BenchContext, BenchSuite } from '../types.js';
import { loadKernel } from '../../kernel/index.js';
import { buildBlock } from '../../rollup/block-builder.js';
import { kernelFieldHasher } from '../../rollup/hasher.js';
import { verifyLeafTransition } from '../../rollup/leaf-verifier.js';
import { RollupState } from '../../rollup/state.js';
import type { Transaction } from '../../rollup/types.js';

function fullTransactions(n: number, seed: bigint): Transaction[] {
  let x = seed;
  const next = () => (x = (x * 6364136223846793005n + 1442695040888963407n) & ((1n << 250n) - 1n)) + 1n;
  return Array.from({ length: n }, () => ({
    noteHashes: [next(), next()],
    nullifiers: [next(), next()],
    fee: 1n,
    payload: new Uint8Array(1024),
  }));
}

export const rollupSuite: BenchSuite = {
  name: 'rollup',
  description: 'block building and light leaf verification at depth 20 on the kernel Poseidon',
  cases: ['rollup-build', 'rollup-verify-leaf'],
  async run(ctx: BenchContext) {
    const hasher = kernelFieldHasher(await loadKernel());
    const heights = ctx.quick ? [2] : [2, 4, 6];
    let lastBlock: ReturnType<typeof buildBlock> | undefined;
    if (ctx.wants('rollup-build')) {
      for (const k of heights) {
        let seed = 1n;
        const ms = await ctx.median(
          () => {
            lastBlock = buildBlock(RollupState.genesis(hasher), fullTransactions(2 ** k, seed++), { height: k });
          },
          ctx.quick ? 2 : 5,
        );
        ctx.record({ name: 'rollup-build', impl: 'kernel-poseidon', size: 2 ** k, threads: 1, ms });
      }
    }
    if (ctx.wants('rollup-verify-leaf')) {
      const block = lastBlock ?? buildBlock(RollupState.genesis(hasher), fullTransactions(4, 7n), { height: 2 });
      const leaf = block.leaves[block.leaves.length - 1]!;
      const ms = await ctx.median(
        () => verifyLeafTransition(hasher, leaf.start, leaf.tx, leaf.hints),
        ctx.quick ? 5 : 50,
      );
      ctx.record({ name: 'rollup-verify-leaf', impl: 'kernel-poseidon', size: 1, threads: 1, ms });
    }
  },
};
