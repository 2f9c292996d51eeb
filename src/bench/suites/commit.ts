// Commit suite: what a fresh worker costs and what the fixed-base commitment tables buy.
//
// Rows:
//   worker-ready   ms from creating a one-worker pool until its worker can start its first proof
//                  of the base-rollup shape, with the generator cache warm: the worker receives
//                  the generators and the shape's matrices from this thread (proof.setup), loads
//                  the kernel and prepares the shape. Median of 5 pools (after one warm-up pool).
//   commit-fixed   a commitment of 2^16 dense scalars (the kernel suite's) to the 2^16 W generators
//                  through their fixed-base table (c = 15, from the cache or built once), one
//                  thread. Compare with the kernel suite's msm row at 65536 of the same run; the
//                  suite also logs the variable-base MSM on the same generators and scalars.
import { createWorkerPool } from '../../../workers/jobs.js';
import { FileGeneratorCache } from '../../kernel/generator-cache-file.js';
import { loadKernel } from '../../kernel/index.js';
import { pedersenGenerators } from '../../kernel/pedersen.js';
import { loadCommitmentGenerators, loadCommitmentTables, PUBLISHED_TABLES } from '../../proof/generator-store.js';
import { makeInputs } from '../inputs.js';
import { BASE_ROLLUP_SHAPE, buildShape } from '../../proof/shape-catalog.js';
import { proofWorkerSetup } from '../../proof/worker-setup.js';
import type { BenchContext, BenchSuite } from '../types.js';

async function workerReady(ctx: BenchContext): Promise<void> {
  const kernel = await loadKernel();
  const cache = new FileGeneratorCache();
  const first = await loadCommitmentGenerators(kernel, cache, { onRejected: (e) => ctx.log(e.message) });
  if (first.derived.length) ctx.log(`derived and cached ${first.derived.join(', ')} (cache was cold)`);
  const loaded = await loadCommitmentGenerators(kernel, cache); // warm now
  const shape = buildShape(BASE_ROLLUP_SHAPE);
  const shapes = [{ name: BASE_ROLLUP_SHAPE, shape }];
  const tables = await loadCommitmentTables(kernel, cache, { onRejected: (e) => ctx.log(e.message) });
  const tableBytes = tables.tables.map((t, i) => ({ ...PUBLISHED_TABLES[i]!, bytes: t.bytes }));
  for (const t of tables.tables) t.table.free();
  // impl kernel: generators and shape handed over; kernel-tables: the fixed-base tables as well
  for (const [impl, setup] of [
    ['kernel', proofWorkerSetup({ generators: loaded.sets, shapes })],
    ['kernel-tables', proofWorkerSetup({ generators: loaded.sets, shapes, tables: tableBytes })],
  ] as const) {
    const ms = await ctx.median(
      async () => {
        const pool = await createWorkerPool({ maxThreads: 1, preloadKernel: true, setup });
        await pool.close();
      },
      ctx.quick ? 1 : 5,
    );
    ctx.record({ name: 'worker-ready', impl, size: shape.numConstraints, threads: 1, ms });
  }
}

async function commitFixed(ctx: BenchContext): Promise<void> {
  const kernel = await loadKernel();
  const cache = new FileGeneratorCache();
  await loadCommitmentGenerators(kernel, cache, { onRejected: (e) => ctx.log(e.message) });
  const [w] = PUBLISHED_TABLES;
  const loaded = await loadCommitmentTables(kernel, cache, { tables: [w!], onRejected: (e) => ctx.log(e.message) });
  if (loaded.derived.length) ctx.log(`built and cached ${loaded.derived.join(', ')} (cache was cold)`);
  const table = loaded.tables[0]!.table;
  const n = ctx.quick ? 1 << 14 : 1 << 16;
  const scalars = makeInputs(n).scalarBytes;
  const points = pedersenGenerators(kernel, w!.label, n);
  const fixed = kernel.msmFixed(table, scalars);
  if (!fixed.every((b, i) => b === kernel.msm(points, scalars)[i]))
    throw new Error('bench: the fixed-base commitment differs from the MSM');
  // Interleaved (fixed, variable, fixed, …) so that load changes on a shared machine hit both alike.
  const runs = ctx.quick ? 1 : 5;
  const fixedMs: number[] = [];
  const variableMs: number[] = [];
  for (let r = 0; r < runs; r++) {
    let t = performance.now();
    kernel.msmFixed(table, scalars);
    fixedMs.push(performance.now() - t);
    t = performance.now();
    kernel.msm(points, scalars);
    variableMs.push(performance.now() - t);
  }
  const ms = medianOf(fixedMs);
  const variable = medianOf(variableMs);
  ctx.record({ name: 'commit-fixed', impl: 'kernel', size: n, threads: 1, ms });
  ctx.log(
    `interleaved on the same generators and scalars: variable-base MSM ${variable.toFixed(1)} ms, fixed / variable = ${(ms / variable).toFixed(2)}`,
  );
  table.free();
}

function medianOf(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

async function run(ctx: BenchContext): Promise<void> {
  if (ctx.wants('commit-fixed')) await commitFixed(ctx);
  if (ctx.wants('worker-ready')) await workerReady(ctx);
}

export const commitSuite: BenchSuite = {
  name: 'commit',
  description: 'fresh worker readiness (cached generators) and fixed-base commitments',
  cases: ['commit-fixed', 'worker-ready'],
  run,
};
