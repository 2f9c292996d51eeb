// The runtime inside one pool worker: the init handshake and the job dispatcher that comlink
// exposes. Environment-specific bits (how to load the kernel, how to die, how to signal life)
// come from the worker entry in workers/.
import { transfer } from 'comlink';
import type { Kernel } from '../kernel/types.js';
import { builtinJobs, type JobContext, type JobRegistry } from './jobs.js';

export interface WorkerInit {
  workerId: number;
  /** Browser only: a Web Lock the worker holds for its lifetime, so the page sees it die. */
  lifeLock?: string;
  /** Load the kernel during init, so the first job does not pay for it. */
  preloadKernel: boolean;
  /** A job of the registry run once during init (e.g. installing generators and shapes sent by the main thread). */
  setup?: WorkerSetup;
}

/** A registry job every worker runs while it starts (its result is dropped). */
export interface WorkerSetup {
  job: string;
  args: unknown;
}

export interface WorkerHello {
  workerId: number;
  crossOriginIsolated: boolean;
  kernelLoaded: boolean;
}

/** The API a worker exposes over comlink. */
export interface WorkerApi {
  init(config: WorkerInit): Promise<WorkerHello>;
  run(job: string, args: unknown, attempt: number): Promise<unknown>;
}

export interface WorkerEnvironment {
  loadKernel(): Promise<Kernel>;
  /** Starts ending this worker; it may return (browser close() takes effect after the task). */
  die(): void;
  holdLifeLock?(name: string): Promise<void>;
}

/** Thrown for a job name the registry does not know. Never retried. */
export class UnknownJobError extends Error {
  override name = 'UnknownJobError';
}

const dying = Symbol('worker is dying');

/** The worker's API running `registry` (and the built-in jobs). */
export function createWorkerApi(env: WorkerEnvironment, registry: JobRegistry): WorkerApi {
  const jobs: JobRegistry = { ...registry, ...builtinJobs };
  let workerId = -1;
  let kernel: Promise<Kernel> | undefined;
  const loadKernel = (): Promise<Kernel> => {
    kernel ??= env.loadKernel().catch((err: unknown) => {
      kernel = undefined;
      throw err;
    });
    return kernel;
  };

  const context = (attempt: number): JobContext => ({
    kernel: loadKernel,
    workerId,
    attempt,
    die(): never {
      env.die();
      throw dying;
    },
  });

  return {
    async init(config) {
      workerId = config.workerId;
      if (config.lifeLock && env.holdLifeLock) await env.holdLifeLock(config.lifeLock);
      if (config.preloadKernel) await loadKernel();
      if (config.setup) {
        const { job, args } = config.setup;
        if (!Object.hasOwn(jobs, job)) throw new UnknownJobError(`no setup job named "${job}" in the registry`);
        await (jobs[job] as (args: unknown, ctx: JobContext) => unknown)(args, context(0));
      }
      return {
        workerId,
        crossOriginIsolated: (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated ?? false,
        kernelLoaded: kernel !== undefined,
      };
    },
    async run(job, args, attempt) {
      if (!Object.hasOwn(jobs, job)) throw new UnknownJobError(`no job named "${job}" in the registry`);
      const fn = jobs[job] as (args: unknown, ctx: JobContext) => unknown;
      try {
        const result = await fn(args, context(attempt));
        return transfer(result, transferableBuffers(result));
      } catch (err) {
        // A dying worker must not answer: the pool has to see the death, not a result.
        if (err === dying) return new Promise<never>(() => {});
        throw err;
      }
    },
  };
}

/**
 * Buffers of the result that can move back without a copy: only ArrayBuffers the result views
 * whole. A view into a larger buffer (e.g. wasm memory) or shared memory is copied instead.
 */
function transferableBuffers(result: unknown): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  const consider = (v: unknown): void => {
    if (!ArrayBuffer.isView(v)) return;
    const buf = v.buffer;
    if (buf instanceof ArrayBuffer && v.byteOffset === 0 && v.byteLength === buf.byteLength && !out.includes(buf))
      out.push(buf);
  };
  consider(result);
  if (Array.isArray(result)) result.forEach(consider);
  else if (result && typeof result === 'object') Object.values(result).forEach(consider);
  return out;
}
