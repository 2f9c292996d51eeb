// The job registry the pool's workers run: the one place job kinds are registered (the pool itself
// knows only its built-in msm). A pool created as `createPool<WorkerJobs>()` types every
// `pool.run` against it. To add a job, add one line here.
import { diagnosticJobs } from '../src/pool/diagnostic-jobs.js';
import type { JobContext, JobRegistry } from '../src/pool/index.js';
import { createPool, type PoolOptions, type ProverPool } from '../src/pool/index.js';
import { proofJobs } from '../src/proof/jobs.js';

export const workerJobs = {
  /** The kernel checked against its references, loaded on demand. */
  'kernel.conformance': async (_args: null, ctx: JobContext) =>
    (await import('../src/kernel/conformance.js')).runConformance(await ctx.kernel()),
  ...diagnosticJobs,
  ...proofJobs,
} satisfies JobRegistry;

export type WorkerJobs = typeof workerJobs;

export type WorkerPool = ProverPool<WorkerJobs>;

/** A pool whose workers run workerJobs (the entry points in this folder register them). */
export function createWorkerPool(options: PoolOptions = {}): Promise<WorkerPool> {
  return createPool<WorkerJobs>(options);
}
