// The worker pool's public face: one createPool() for browsers and Node.
import type { PlatformAdapter } from './adapter.js';
import type { JobRegistry } from './jobs.js';
import { type PoolOptions, type ProverPool, WorkerPool } from './pool.js';

export type { DeviceReport, ProvingTarget, Verdict } from './device.js';
export { PROVING_TARGET } from './device.js';
export * from './errors.js';
export type { BuiltinJobs, Job, JobArgs, JobContext, JobName, JobRegistry, JobResult, MsmArgs } from './jobs.js';
export { builtinJobs } from './jobs.js';
export type { WorkerSetup } from './worker-host.js';
export type { BatchOptions, PoolEvent, PoolOptions, Progress, ProverPool } from './pool.js';

function runsInNode(): boolean {
  return typeof process !== 'undefined' && typeof process.versions?.node === 'string' && typeof window === 'undefined';
}

/** The platform's adapter, loaded on demand. */
async function platformAdapter(): Promise<PlatformAdapter> {
  if (runsInNode()) {
    // A specifier the bundler cannot see keeps node:* modules out of browser bundles.
    const nodeAdapterModule = './node-adapter';
    return ((await import(/* @vite-ignore */ nodeAdapterModule)) as typeof import('./node-adapter')).nodeAdapter;
  }
  return (await import('./browser-adapter.js')).browserAdapter;
}

/**
 * Starts a pool sized to the device and resolves once its workers answer; see PoolOptions. R is
 * the registry the worker entry points run (workers/jobs.ts); the pool itself does not check it.
 */
export async function createPool<R extends JobRegistry = JobRegistry>(
  options: PoolOptions = {},
): Promise<ProverPool<R>> {
  const pool = new WorkerPool<R>(await platformAdapter(), options);
  try {
    await pool.started();
  } catch (error) {
    await pool.close();
    throw error;
  }
  return pool;
}
