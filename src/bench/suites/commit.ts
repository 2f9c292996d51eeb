// Commit suite: what a fresh worker costs and what the fixed-base commitment tables buy.
//
// Rows:
//   worker-ready   ms from creating a one-worker pool until its worker can start its first proof
//                  of the base-rollup shape, with the generator cache warm: the worker receives
//                  the generators and the shape's matrices from this thread (proof.setup), loads
//                  the kernel and prepares the shape. Median of 5 pools (after one warm-up pool).
//   commit-fixed   a commitment of 2^16 dense scalars (the kernel suite's) to the 2^16 W generators
//                  through their fixed-base table (c = 15, from the cache or built once), one
//                  thread: impl kernel reads the table in place from shared memory, as the
//                  product does (one copy per process, staged into the kernel block by block);
//                  kernel-resident holds its own copy in kernel memory. Compare with the kernel
//                  suite's msm row at 65536 of the same run; the suite also logs the variable-base
//                  MSM on the same generators and scalars, interleaved with both.
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
  const tableBytes = tables.tables.map(({ label, count, windowBits, bytes }) => ({ label, count, windowBits, bytes }));
  for (const t of tables.tables) t.table.free();
  // impl kernel: generators and shape handed over; kernel-tables: the fixed-base tables as well
  // (one copy in shared memory, read in place by the worker)
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
  const shared = loaded.tables[0]!.table;
  const resident = kernel.fixedBaseTableFromBytes(loaded.tables[0]!.bytes, w!.count, w!.windowBits);
  const n = ctx.quick ? 1 << 14 : 1 << 16;
  const scalars = makeInputs(n).scalarBytes;
  const points = pedersenGenerators(kernel, w!.label, n);
  const want = kernel.msm(points, scalars);
  for (const table of [shared, resident])
    if (!kernel.msmFixed(table, scalars).every((b, i) => b === want[i]))
      throw new Error('bench: the fixed-base commitment differs from the MSM');
  // Interleaved (shared, resident, variable, …) so that load changes on a shared machine hit all alike.
  const runs = ctx.quick ? 1 : 5;
  const sharedMs: number[] = [];
  const residentMs: number[] = [];
  const variableMs: number[] = [];
  const time = (into: number[], f: () => unknown) => {
    const t = performance.now();
    f();
    into.push(performance.now() - t);
  };
  for (let r = 0; r < runs; r++) {
    time(sharedMs, () => kernel.msmFixed(shared, scalars));
    time(residentMs, () => kernel.msmFixed(resident, scalars));
    time(variableMs, () => kernel.msm(points, scalars));
  }
  const ms = medianOf(sharedMs);
  const variable = medianOf(variableMs);
  ctx.record({ name: 'commit-fixed', impl: 'kernel', size: n, threads: 1, ms });
  ctx.record({ name: 'commit-fixed', impl: 'kernel-resident', size: n, threads: 1, ms: medianOf(residentMs) });
  ctx.log(
    `interleaved on the same generators and scalars: variable-base MSM ${variable.toFixed(1)} ms, fixed / variable = ${(ms / variable).toFixed(2)} (shared table), ${(medianOf(residentMs) / variable).toFixed(2)} (table in kernel memory)`,
  );
  shared.free();
  resident.free();
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
