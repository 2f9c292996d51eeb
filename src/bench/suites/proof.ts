// Proof suite: the folding prover and verifier on the real kernel and the real base-rollup
// circuit (default depths 20/20, K = 2), one thread and the worker pool.
//
// Rows (size = constraints for node rows, leaves for block rows):
//   proof-base     base proof: Com(W) of one leaf          (pool: the MSM split over workers)
//   proof-leaf-chunk  a light participant's leaf: transcript chunk → light check → witness → Com(W)
//   proof-merge    merge of two relaxed pairs: T, Com(T), r, both folds
//   proof-decider  Com(W), Com(E) openings + relation check
//   block-prove    a whole 2^k-leaf tree                   (pool: nodes spread over workers)
//   block-verify   the L1 verifier: decode, leaf chain, fold replay, decider
// Witness generation (the circuit's job) is done once, outside the timings.
// --quick uses the toy statement at 2^12 constraints instead (a smoke run of the suite).
import { createWorkerPool, type WorkerPool } from '../../../workers/jobs.js';
import { loadKernel } from '../../kernel/index.js';
import type { Kernel } from '../../kernel/types.js';
import { proveLeaf } from '../../proof/base.js';
import { proveBlock } from '../../proof/block-prover.js';
import { decide } from '../../proof/decider.js';
import { proveMerge } from '../../proof/nifs.js';
import { decideParallel, poolCommitter, proveLeafParallel, proveMergeParallel } from '../../proof/parallel.js';
import { proveBlockOnPool } from '../../proof/pool-prover.js';
import { blsKey, keyOf, mergeInputs, proofWorkload } from '../workloads.js';
import type { BenchContext, BenchSuite } from '../types.js';

async function run(ctx: BenchContext): Promise<void> {
  const kernel: Kernel = await loadKernel();
  const k = ctx.quick ? 2 : 3;
  const runs = ctx.quick ? 2 : 3;
  ctx.log(
    ctx.quick
      ? 'toy statement, 2^12 constraints'
      : `base-rollup circuit at the default depths: building a 2^${k}-leaf block and its witnesses`,
  );
  const work = proofWorkload(kernel, ctx.quick);
  const { impl, prepared, assignments, shapeName } = work;
  const size = prepared.shape.numConstraints;

  const { left, right } = mergeInputs(kernel, work);

  if (ctx.wants('proof-base')) {
    ctx.record({
      name: 'proof-base',
      impl,
      size,
      threads: 1,
      ms: await ctx.median(() => proveLeaf(kernel, prepared, assignments[0]), runs),
    });
  }
  if (work.leafFromChunk && ctx.wants('proof-leaf-chunk')) {
    ctx.record({ name: 'proof-leaf-chunk', impl, size, threads: 1, ms: await ctx.median(work.leafFromChunk, runs) });
  }
  if (ctx.wants('proof-merge')) {
    ctx.record({
      name: 'proof-merge',
      impl,
      size,
      threads: 1,
      ms: await ctx.median(() => proveMerge(kernel, prepared, left.U, left.w, right.U, right.w, blsKey(2)), runs),
    });
  }
  if (ctx.wants('proof-decider')) {
    ctx.record({
      name: 'proof-decider',
      impl,
      size,
      threads: 1,
      ms: await ctx.median(() => decide(kernel, prepared, left.U, left.w), runs),
    });
  }
  let block: ReturnType<typeof proveBlock> | undefined;
  if (ctx.wants('block-prove')) {
    ctx.log(`proving a block of ${2 ** k} leaves on one thread`);
    const ms = await ctx.median(() => (block = proveBlock(kernel, prepared, assignments, keyOf)), 1, false);
    ctx.record({ name: 'block-prove', impl, size: 2 ** k, threads: 1, ms });
  }
  if (ctx.wants('block-verify')) {
    const proof = (block ??= proveBlock(kernel, prepared, assignments, keyOf));
    ctx.record({
      name: 'block-verify',
      impl,
      size: 2 ** k,
      threads: 1,
      ms: await ctx.median(() => work.verify(proof), runs),
    });
  }

  if (!['proof-base', 'proof-merge', 'proof-decider', 'block-prove', 'block-verify'].some((c) => ctx.wants(c))) return;
  const pool: WorkerPool = await createWorkerPool({ preloadKernel: true });
  try {
    const threads = pool.size;
    ctx.log(`pool of ${threads} workers: warming up (each worker prepares the shape and its generators once)`);
    await proveBlockOnPool(pool, shapeName, prepared.shape, assignments.slice(0, 2 * threads), keyOf);
    const commit = poolCommitter(pool);
    if (ctx.wants('proof-base')) {
      ctx.record({
        name: 'proof-base',
        impl,
        size,
        threads,
        ms: await ctx.median(() => proveLeafParallel(prepared, assignments[0], commit), runs),
      });
    }
    if (ctx.wants('proof-merge')) {
      ctx.record({
        name: 'proof-merge',
        impl,
        size,
        threads,
        ms: await ctx.median(
          () => proveMergeParallel(kernel, prepared, left.U, left.w, right.U, right.w, blsKey(2), commit),
          runs,
        ),
      });
    }
    if (ctx.wants('proof-decider')) {
      ctx.record({
        name: 'proof-decider',
        impl,
        size,
        threads,
        ms: await ctx.median(() => decideParallel(kernel, prepared, left.U, left.w, commit), runs),
      });
    }
    if (ctx.wants('block-verify')) {
      const proof = (block ??= proveBlock(kernel, prepared, assignments, keyOf));
      ctx.record({
        name: 'block-verify',
        impl,
        size: 2 ** k,
        threads,
        ms: await ctx.median(() => work.verify(proof, commit), runs),
      });
    }
    if (ctx.wants('block-prove')) {
      ctx.log(`proving a block of ${2 ** k} leaves across ${threads} workers`);
      ctx.record({
        name: 'block-prove',
        impl,
        size: 2 ** k,
        threads,
        ms: await ctx.median(() => proveBlockOnPool(pool, shapeName, prepared.shape, assignments, keyOf), 1, false),
      });
    }
  } finally {
    await pool.close();
  }
}

export const proofSuite: BenchSuite = {
  name: 'proof',
  description:
    'folding on the base-rollup circuit: base proof, merge, decider, whole block prove and verify (1 thread and pool)',
  cases: ['proof-base', 'proof-leaf-chunk', 'proof-merge', 'proof-decider', 'block-prove', 'block-verify'],
  run,
};
