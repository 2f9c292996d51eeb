// Benchmark suite of the base-rollup circuit (registered in src/bench/suites/index.ts).
// Rows: "circuit-shape" (building the shape from scratch: constraints, CSR, digest),
// "circuit-witness" (one leaf: witness-only build + assignment bytes), size = constraint count.
import type { BenchContext, BenchSuite } from '../types.js';
import { loadKernel } from '../../kernel/index.js';
import { buildBlock } from '../../rollup/block-builder.js';
import { kernelFieldHasher } from '../../rollup/hasher.js';
import { DEFAULT_ROLLUP_PARAMS } from '../../rollup/params.js';
import { RollupState } from '../../rollup/state.js';
import { baseRollupWitness, buildBaseRollupCircuit, zeroLeaf } from '../../rollup/circuit/base-rollup.js';

export const circuitSuite: BenchSuite = {
  name: 'circuit',
  description: 'base-rollup circuit at depths 20/20, K = 2: shape build and per-leaf witness generation',
  cases: ['circuit-shape', 'circuit-witness'],
  async run(ctx: BenchContext) {
    const params = DEFAULT_ROLLUP_PARAMS;
    const leafCtx = { constantsHash: 1n, proverKeyHash: 2n };
    const size = buildBaseRollupCircuit(params, zeroLeaf(params), leafCtx).numConstraints;
    if (ctx.wants('circuit-shape')) {
      const ms = await ctx.median(
        () => buildBaseRollupCircuit(params, zeroLeaf(params), leafCtx).shape(),
        ctx.quick ? 2 : 5,
      );
      ctx.record({ name: 'circuit-shape', impl: 'ts-bigint', size, threads: 1, ms });
    }
    if (ctx.wants('circuit-witness')) {
      const hasher = kernelFieldHasher(await loadKernel());
      const tx = { noteHashes: [11n, 12n], nullifiers: [1n << 200n, 12345n], fee: 3n, payload: new Uint8Array(1024) };
      const leaf = buildBlock(RollupState.genesis(hasher, params), [tx], { height: 0 }).leaves[0]!;
      const ms = await ctx.median(() => baseRollupWitness(params, leaf, leafCtx), ctx.quick ? 3 : 10);
      ctx.record({ name: 'circuit-witness', impl: 'ts-bigint', size, threads: 1, ms });
    }
  },
};
