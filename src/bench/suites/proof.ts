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
import { proveLeaf } from '../../proof/base.js';
import { proveBlock } from '../../proof/block-prover.js';
import { decide } from '../../proof/decider.js';
import { proveMerge } from '../../proof/nifs.js';
import { decideParallel, poolCommitter, proveLeafParallel, proveMergeParallel } from '../../proof/parallel.js';
import { proveBlockOnPool } from '../../proof/pool-prover.js';
import { FileGeneratorCache } from '../../kernel/generator-cache-file.js';
import { loadCommitmentGenerators, loadCommitmentTables, type TableKernel } from '../../proof/generator-store.js';
import { type PreparedShape, withCommitmentTables } from '../../proof/prepared-shape.js';
import { blsKey, keyOf, mergeInputs, proofWorkload, type Workload } from '../workloads.js';
import type { BenchContext, BenchSuite } from '../types.js';

async function run(ctx: BenchContext): Promise<void> {
  const kernel = await loadKernel();
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
  if (['proof-base', 'proof-merge', 'proof-decider'].some((c) => ctx.wants(c)))
    await fixedVsVariable(ctx, kernel, work, { left, right }, runs);
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

/**
 * The same node proofs with the commitments through fixed-base tables (impl `fixed`) and through
 * the variable-base MSM (impl `variable`, the reference path), measured back to back.
 */
async function fixedVsVariable(
  ctx: BenchContext,
  kernel: TableKernel,
  work: Workload,
  { left, right }: ReturnType<typeof mergeInputs>,
  runs: number,
): Promise<void> {
  const cache = new FileGeneratorCache();
  await loadCommitmentGenerators(kernel, cache, { onRejected: (e) => ctx.log(e.message) });
  ctx.log('fixed-base tables: from the cache, or built once (slow: every table entry is c doublings)');
  const loaded = await loadCommitmentTables(kernel, cache, { onRejected: (e) => ctx.log(e.message) });
  const [w, e] = loaded.tables.map((t) => t.table);
  const prepared = { variable: work.prepared, fixed: withCommitmentTables(work.prepared, { w: w!, e: e! }) };
  const size = work.prepared.shape.numConstraints;
  const cases: Array<[string, (p: PreparedShape) => unknown]> = [
    ['proof-base', (p) => proveLeaf(kernel, p, work.assignments[0]!)],
    ['proof-merge', (p) => proveMerge(kernel, p, left.U, left.w, right.U, right.w, blsKey(2))],
    ['proof-decider', (p) => decide(kernel, p, left.U, left.w)],
  ];
  for (const [name, fn] of cases) {
    if (!ctx.wants(name)) continue;
    if (!bytesEqualResult(fn(prepared.fixed), fn(prepared.variable)))
      throw new Error(`bench: ${name} differs between the fixed and the variable commitments`);
    for (const impl of ['variable', 'fixed'] as const)
      ctx.record({ name, impl, size, threads: 1, ms: await ctx.median(() => fn(prepared[impl]), runs) });
  }
  for (const t of loaded.tables) t.table.free();
}

/** Same result: encoded the same way (leaf, merge), or both undefined (decider). */
function bytesEqualResult(a: unknown, b: unknown): boolean {
  return (
    JSON.stringify(a, (_k, v) =>
      typeof v === 'bigint' ? v.toString() : v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v,
    ) ===
    JSON.stringify(b, (_k, v) =>
      typeof v === 'bigint' ? v.toString() : v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v,
    )
  );
}

export const proofSuite: BenchSuite = {
  name: 'proof',
  description:
    'folding on the base-rollup circuit: base proof, merge, decider, whole block prove and verify (1 thread and pool)',
  cases: ['proof-base', 'proof-leaf-chunk', 'proof-merge', 'proof-decider', 'block-prove', 'block-verify'],
  run,
};
