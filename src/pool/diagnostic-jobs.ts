// Jobs that exercise the pool itself: health checks, data-path checks and fault injection.
// The fault jobs fail only while `ctx.attempt <= failAttempts`, so a test (or the device page's
// self-check) can show that a retry on a fresh worker succeeds, or that retries run out.
import type { JobContext } from './jobs.js';

export interface FaultArgs {
  /** Fail on attempts 1..failAttempts, succeed afterwards. */
  failAttempts: number;
}

export interface FaultOutcome {
  workerId: number;
  attempt: number;
}

export class InjectedFaultError extends Error {
  override name = 'InjectedFaultError';
}

const never = (): Promise<never> => new Promise<never>(() => {});

function outcome(ctx: JobContext): FaultOutcome {
  return { workerId: ctx.workerId, attempt: ctx.attempt };
}

export const diagnosticJobs = {
  /** Round trip: which worker answered and whether it sees shared memory. */
  'diag.ping': (_args: null, ctx: JobContext) => ({
    workerId: ctx.workerId,
    crossOriginIsolated: (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated ?? false,
  }),
  /** Sum of the bytes and whether they arrived in shared memory (checks both data paths). */
  'diag.sum': ({ bytes }: { bytes: Uint8Array }) => {
    let sum = 0;
    for (let i = 0; i < bytes.length; i++) sum += bytes[i]!;
    return {
      sum,
      length: bytes.length,
      shared: typeof SharedArrayBuffer !== 'undefined' && bytes.buffer instanceof SharedArrayBuffer,
    };
  },
  /** Resolves after `ms` (keeps a worker busy without using CPU). */
  'diag.sleep': async ({ ms, value }: { ms: number; value: number }, ctx: JobContext) => {
    await new Promise((r) => setTimeout(r, ms));
    return { value, workerId: ctx.workerId };
  },
  /** Throws an InjectedFaultError. */
  'fault.throw': ({ failAttempts }: FaultArgs, ctx: JobContext): FaultOutcome => {
    if (ctx.attempt <= failAttempts) throw new InjectedFaultError(`injected failure on attempt ${ctx.attempt}`);
    return outcome(ctx);
  },
  /** Ends the worker (Node: process.exit, browser: self.close) without answering. */
  'fault.exit': ({ failAttempts }: FaultArgs, ctx: JobContext): FaultOutcome => {
    if (ctx.attempt <= failAttempts) ctx.die();
    return outcome(ctx);
  },
  /** Throws from a timer, outside any job promise: an uncaught error that kills the worker. */
  'fault.crash': async ({ failAttempts }: FaultArgs, ctx: JobContext): Promise<FaultOutcome> => {
    if (ctx.attempt > failAttempts) return outcome(ctx);
    setTimeout(() => {
      throw new InjectedFaultError(`injected crash on attempt ${ctx.attempt}`);
    }, 0);
    return never();
  },
  /** Spins the CPU (a stuck computation); only a job timeout ends it. Capped at 30 s as a safety net. */
  'fault.hang': ({ failAttempts }: FaultArgs, ctx: JobContext): FaultOutcome => {
    if (ctx.attempt <= failAttempts) {
      const end = Date.now() + 30_000;
      while (Date.now() < end) {
        /* spin */
      }
    }
    return outcome(ctx);
  },
};
