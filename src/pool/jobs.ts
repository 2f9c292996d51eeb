// What a pool job is, and the pool's one built-in job. The pool knows no other job kinds: the
// registry a pool's workers run is assembled at the top (workers/jobs.ts) and handed to the worker
// host; its type parameterises the pool, so argument and result types flow to `pool.run` callers.
import type { FrVector, G1Points, Kernel } from '../kernel/types.js';

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

/** A job registry: job functions by name. */
// biome-ignore lint/suspicious/noExplicitAny: a registry holds jobs of every argument type; callers see each job's own
export type JobRegistry = Record<string, Job<any, unknown>>;

export interface MsmArgs {
  points: G1Points;
  scalars: FrVector;
}

/** The jobs every pool runs: the split MSM of `pool.msm` is built on `msm`. */
export const builtinJobs = {
  /** Σ scalars[i]·points[i] over BN254 G1 (a whole MSM, or one slice of a split MSM). */
  msm: async ({ points, scalars }: MsmArgs, ctx: JobContext): Promise<Uint8Array> =>
    (await ctx.kernel()).msm(points, scalars),
} satisfies JobRegistry;

export type BuiltinJobs = typeof builtinJobs;
export type JobName<R extends JobRegistry> = keyof R & string;
export type JobArgs<R extends JobRegistry, N extends JobName<R>> = Parameters<R[N]>[0];
export type JobResult<R extends JobRegistry, N extends JobName<R>> = Awaited<ReturnType<R[N]>>;
