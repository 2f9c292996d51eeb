// The standard suite the benchmark page runs: MSM at the kernel suite's sizes, a Poseidon batch,
// a base proof and a merge, each on one thread (this thread's kernel, as `npm run bench` measures
// in-process) and on all threads (the worker pool), with @noble/curves as the reference in the
// page. Every row it records has the name, impl, size and threads `npm run bench` records for the
// same work (same inputs from ./inputs.ts and ./workloads.ts, same repeat counts), so a page's
// export compares with the runner's JSON row by row. Platform-neutral: no DOM, no node:*.
import { pippenger } from '@noble/curves/abstract/curve.js';
import { bn254 } from '@noble/curves/bn254.js';
import type { WorkerPool } from '../../workers/jobs.js';
import { encodeFrVector } from '../kernel/encoding.js';
import type { Kernel } from '../kernel/types.js';
import { proveLeaf } from '../proof/base.js';
import { proveMerge } from '../proof/nifs.js';
import { poolCommitter, proveLeafParallel, proveMergeParallel } from '../proof/parallel.js';
import { proveBlockOnPool } from '../proof/pool-prover.js';
import { makeInputs, noblePoseidon2, poseidonInputs } from './inputs.js';
import type { BenchResult } from './types.js';
import { blsKey, keyOf, mergeInputs, proofWorkload, type Workload } from './workloads.js';

/** A row with the wall time of every repeat (the median is `ms`), for the noise checks. */
export interface MeasuredRow extends BenchResult {
  times: number[];
}

export interface TaskProgress {
  task: string;
  /** Timed calls (warm-ups included) and preparation steps done, of `total`. */
  done: number;
  total: number;
  note: string;
}

export interface StandardEnv {
  /** This thread's kernel: the one-thread rows. */
  kernel: Kernel;
  /** The worker pool: the all-threads rows (threads = pool.size). */
  pool: WorkerPool;
  /** `npm run bench -- --quick` sizes and repeats (a smoke run), instead of the full ones. */
  quick: boolean;
  signal?: AbortSignal;
  onProgress?(p: TaskProgress): void;
  onRow?(row: MeasuredRow): void;
  /** Called between timed calls so a page can paint and take clicks (cancel). */
  breathe?(): Promise<void>;
}

export interface TaskPlan {
  id: string;
  title: string;
  /** The steps the progress bar counts. */
  total: number;
}

export class BenchCancelledError extends Error {
  override name = 'BenchCancelledError';
}

const msmSizes = (quick: boolean) => (quick ? [1 << 12] : [1 << 12, 1 << 14, 1 << 16]);
const poseidonSize = (quick: boolean) => (quick ? 1 << 12 : 1 << 14);

// Repeat counts of the kernel, pool, poseidon and proof suites (src/bench/suites/*).
const kernelRuns = (quick: boolean, n: number) => (quick ? 1 : n >= 1 << 16 ? 3 : 5);
const poolRuns = (quick: boolean, n: number) => (quick ? 1 : n >= 1 << 16 ? 5 : 9);
const nobleMsmRuns = (quick: boolean, n: number) => (quick || n >= 1 << 16 ? 1 : 3);
const poseidonRuns = (quick: boolean) => (quick ? 1 : 5);
const proofRuns = (quick: boolean) => (quick ? 2 : 3);
const POOL_WARMUPS = 8;

/** The tasks in run order with their step counts, so a page can draw every progress bar first. */
export function planStandardSuite(quick: boolean): TaskPlan[] {
  const msm = msmSizes(quick).map((n, i) => ({
    id: `msm-${n}`,
    title: `MSM, ${n.toLocaleString('en')} points`,
    total:
      (i === 0 ? POOL_WARMUPS : 0) +
      1 +
      (kernelRuns(quick, n) + 1) +
      (poolRuns(quick, n) + 1) +
      nobleMsmRuns(quick, n) +
      (n < 1 << 16 ? 1 : 0),
  }));
  const p = proofRuns(quick);
  return [
    ...msm,
    {
      id: 'poseidon2',
      title: `Poseidon, ${poseidonSize(quick).toLocaleString('en')} hashes`,
      total: 1 + 2 * (poseidonRuns(quick) + 1),
    },
    { id: 'proof-base', title: 'Base proof', total: 2 + 2 * (p + 1) },
    { id: 'proof-merge', title: 'Merge', total: 1 + 2 * (p + 1) },
  ];
}

/** Runs the standard suite and returns its rows in order; rejects with BenchCancelledError when cancelled. */
export async function runStandardSuite(env: StandardEnv): Promise<MeasuredRow[]> {
  const { kernel, pool, quick } = env;
  const plans = planStandardSuite(quick);
  const rows: MeasuredRow[] = [];
  let task: TaskPlan = plans[0]!;
  let done = 0;
  const progress = async (note: string) => {
    env.onProgress?.({ task: task.id, done, total: task.total, note });
    if (env.breathe) await env.breathe();
    if (env.signal?.aborted) throw new BenchCancelledError('the benchmark was cancelled');
  };
  const step = async (note: string) => {
    done++;
    await progress(note);
  };
  const start = async (id: string, note: string) => {
    task = plans.find((t) => t.id === id)!;
    done = 0;
    await progress(note);
  };
  /** Times `runs` calls after an optional warm-up; one progress step per call. */
  const time = async (fn: () => unknown, runs: number, warmup: boolean, label: string): Promise<number[]> => {
    if (warmup) {
      await fn();
      await step(`${label}: warm-up`);
    }
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      await fn();
      times.push(performance.now() - t0);
      await step(`${label}: ${i + 1} of ${runs}`);
    }
    return times;
  };
  const record = (row: Omit<MeasuredRow, 'ms'>) => {
    const full = { ...row, ms: median(row.times) };
    rows.push(full);
    env.onRow?.(full);
  };
  const threads = pool.size;

  // MSM: kernel on this thread, split over the pool, noble on this thread.
  for (const [i, n] of msmSizes(quick).entries()) {
    await start(`msm-${n}`, 'preparing inputs');
    if (i === 0) {
      // Warm the workers' and this thread's wasm code first (as the pool suite does).
      const warm = makeInputs(1 << 12);
      for (let w = 0; w < POOL_WARMUPS; w++) {
        await pool.msm(warm.pointBytes, warm.scalarBytes);
        kernel.msm(warm.pointBytes, warm.scalarBytes);
        await step('warming up the workers');
      }
    }
    const inp = makeInputs(n);
    await step('inputs ready');
    const one = await time(() => kernel.msm(inp.pointBytes, inp.scalarBytes), kernelRuns(quick, n), true, 'one thread');
    record({ name: 'msm', impl: 'kernel', size: n, threads: 1, times: one });
    const all = await time(
      () => pool.msm(inp.pointBytes, inp.scalarBytes),
      poolRuns(quick, n),
      true,
      `${threads} threads`,
    );
    record({ name: 'msm', impl: 'kernel', size: n, threads, times: all });
    const G = bn254.G1.Point;
    const noble = await time(
      () => pippenger(G, inp.points, inp.scalars),
      nobleMsmRuns(quick, n),
      n < 1 << 16,
      '@noble/curves',
    );
    record({ name: 'msm', impl: 'noble', size: n, threads: 1, times: noble });
  }

  // Poseidon: the kernel's batch against noble's permutation with the same constants.
  {
    const n = poseidonSize(quick);
    await start('poseidon2', 'preparing inputs');
    const { left, right } = poseidonInputs(n);
    const leftBytes = encodeFrVector(left);
    const rightBytes = encodeFrVector(right);
    const hash = noblePoseidon2();
    await step('inputs ready');
    const runs = poseidonRuns(quick);
    const ours = await time(() => kernel.poseidon2Batch(leftBytes, rightBytes), runs, true, 'kernel');
    record({ name: 'poseidon2', impl: 'kernel', size: n, threads: 1, times: ours });
    const noble = await time(() => left.map((a, i) => hash(a, right[i]!)), runs, true, '@noble/curves');
    record({ name: 'poseidon2', impl: 'noble', size: n, threads: 1, times: noble });
  }

  // Proofs: the proof suite's workload (base-rollup circuit; toy statement when quick).
  const runs = proofRuns(quick);
  await start('proof-base', quick ? 'preparing the toy statement' : 'building a block and its witnesses');
  const work: Workload = proofWorkload(kernel, quick);
  const size = work.prepared.shape.numConstraints;
  await step('workload ready');
  const commit = poolCommitter(pool);
  const base1 = await time(() => proveLeaf(kernel, work.prepared, work.assignments[0]!), runs, true, 'one thread');
  record({ name: 'proof-base', impl: work.impl, size, threads: 1, times: base1 });
  // Each worker prepares the shape and its generators once, outside the timings.
  await proveBlockOnPool(pool, work.shapeName, work.prepared.shape, work.assignments.slice(0, 2 * threads), keyOf);
  await step('workers ready');
  const baseN = await time(
    () => proveLeafParallel(work.prepared, work.assignments[0]!, commit),
    runs,
    true,
    `${threads} threads`,
  );
  record({ name: 'proof-base', impl: work.impl, size, threads, times: baseN });

  await start('proof-merge', 'folding two pairs of leaves');
  const { left, right } = mergeInputs(kernel, work);
  await step('inputs ready');
  const p = work.prepared;
  const merge1 = await time(
    () => proveMerge(kernel, p, left.U, left.w, right.U, right.w, blsKey(2)),
    runs,
    true,
    'one thread',
  );
  record({ name: 'proof-merge', impl: work.impl, size, threads: 1, times: merge1 });
  const mergeN = await time(
    () => proveMergeParallel(kernel, p, left.U, left.w, right.U, right.w, blsKey(2), commit),
    runs,
    true,
    `${threads} threads`,
  );
  record({ name: 'proof-merge', impl: work.impl, size, threads, times: mergeN });
  return rows;
}

/** The median the bench runner reports (the mean of the middle two for an even count). */
export function median(times: readonly number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
