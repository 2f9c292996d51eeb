// The job registry: every job a pool worker can run, by name. A job runs whole inside one worker;
// it gets its arguments (structured-cloned or transferred) and a context with the worker's kernel.
// To add a job, add one line here; its argument and result types flow to `pool.run` callers.
import type { FrVector, G1Points, Kernel } from '../kernel/types.js';
import { diagnosticJobs } from './diagnostic-jobs.js';
import { proofJobs } from '../proof/jobs.js';

export interface JobContext {
  /** The worker's kernel, loaded once per worker on first use. */
  kernel(): Promise<Kernel>;
  /** Which worker runs the job (unique within a pool, never reused after a worker is replaced). */
  readonly workerId: number;
  /** 1 for the first attempt, 2 for the first retry, ... */
  readonly attempt: number;
  /** Ends this worker abruptly (Node: process.exit, browser: self.close). For fault injection. */
  die(): never;
}

export type Job<A, R> = (args: A, ctx: JobContext) => R | Promise<R>;

export interface MsmArgs {
  points: G1Points;
  scalars: FrVector;
}

export const jobs = {
  /** Σ scalars[i]·points[i] over BN254 G1 (a whole MSM, or one slice of a split MSM). */
  msm: async ({ points, scalars }: MsmArgs, ctx: JobContext): Promise<Uint8Array> =>
    (await ctx.kernel()).msm(points, scalars),
  'kernel.conformance': async (_args: null, ctx: JobContext) =>
    (await import('../kernel/conformance.js')).runConformance(await ctx.kernel()), // the kernel checked against its references, loaded on demand
  ...diagnosticJobs,
  ...proofJobs,
} satisfies Record<string, Job<never, unknown>>;

export type JobRegistry = typeof jobs;
export type JobName = keyof JobRegistry;
export type JobArgs<N extends JobName> = Parameters<JobRegistry[N]>[0];
export type JobResult<N extends JobName> = Awaited<ReturnType<JobRegistry[N]>>;
