// Shared setup for the proof tests: the real wasm kernel, the real Pedersen generators, the real
// worker pool, and small helpers the test files share.
import { createWorkerPool, type WorkerPool } from '../../workers/jobs.js';
import { afterAll, beforeAll, expect } from 'vitest';
import { loadKernel } from '../../src/kernel/index.js';
import type { WasmKernel } from '../../src/kernel/kernel.js';
import type { Kernel } from '../../src/kernel/types.js';

import { ProofRejectedError } from '../../src/proof/errors.js';
import { commitmentKeyFor } from '../../src/proof/commitment-key.js';
import { prepareShape, type PreparedShape } from '../../src/proof/prepared-shape.js';
import type { R1csShape } from '../../src/r1cs/types.js';
export { headerSnapshot } from '../../src/rollup/types.js';

let kernel: Promise<WasmKernel & Kernel> | undefined;

export function testKernel(): Promise<WasmKernel & Kernel> {
  kernel ??= loadKernel();
  return kernel;
}

export async function testPrepared(shape: R1csShape): Promise<PreparedShape> {
  const k = await testKernel();
  return prepareShape(k, shape, commitmentKeyFor(k, shape));
}

/** Timeout for tests on the real base-rollup circuit. */
export const SLOW = 300_000;

/** A real worker pool (2 threads, no retries), opened before the enclosing suite's tests and closed after them. */
export function suitePool(): () => WorkerPool {
  let pool: WorkerPool | undefined;
  beforeAll(async () => {
    pool = await createWorkerPool({ maxThreads: 2, maxAttempts: 1 });
  });
  afterAll(() => pool?.close());
  return () => {
    if (!pool) throw new Error('the suite pool is open only while the suite runs');
    return pool;
  };
}

/** The ProofRejectedError fn throws (the test fails if it throws anything else or nothing). */
export function rejection(fn: () => unknown): ProofRejectedError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ProofRejectedError);
    return e as ProofRejectedError;
  }
  throw new Error('expected a ProofRejectedError');
}
