// The pool under Node (worker_threads): scheduling, retries on fresh workers, dead workers,
// timeouts, closing. Jobs here need no kernel; the fault jobs fail on purpose.
import { createWorkerPool, type WorkerPool } from '../../workers/jobs.js';
import { afterEach, describe, expect, it } from 'vitest';
import { availableParallelism } from 'node:os';
import { JobFailedError, JobTimeoutError, PoolClosedError, type PoolEvent } from '../../src/pool/index.js';

let pool: WorkerPool | undefined;
afterEach(async () => {
  await pool?.close();
  pool = undefined;
});

async function startPool(
  options: Parameters<typeof createWorkerPool>[0] = {},
): Promise<{ pool: WorkerPool; events: PoolEvent[] }> {
  const events: PoolEvent[] = [];
  pool = await createWorkerPool({ maxThreads: 2, ...options, onEvent: (e) => events.push(e) });
  return { pool, events };
}

function failures(events: PoolEvent[]) {
  return events.filter((e): e is Extract<PoolEvent, { type: 'job-attempt-failed' }> => e.type === 'job-attempt-failed');
}

describe('sizing and scheduling', () => {
  it('sizes to the hardware threads, capped by maxThreads', async () => {
    const { pool } = await startPool({ maxThreads: 64 });
    expect(pool.size).toBe(availableParallelism());
    await pool.close();
    const one = await startPool({ maxThreads: 1 });
    expect(one.pool.size).toBe(1);
  });

  it('rejects a nonsensical cap', async () => {
    await expect(createWorkerPool({ maxThreads: 0 })).rejects.toThrow(/maxThreads must be at least 1/);
  });

  it('spreads a batch over every worker, keeps result order and reports progress', async () => {
    const { pool } = await startPool();
    const progress: string[] = [];
    const results = await pool.runMany(
      'diag.sleep',
      [0, 1, 2, 3, 4, 5].map((value) => ({ ms: 30, value })),
      { onProgress: ({ done, total }) => progress.push(`${done}/${total}`) },
    );
    expect(results.map((r) => r.value)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(new Set(results.map((r) => r.workerId)).size).toBe(pool.size);
    expect(progress).toEqual(['0/6', '1/6', '2/6', '3/6', '4/6', '5/6', '6/6']);
  });
  it('a progress listener that throws does not fail the batch', async () => {
    const { pool } = await startPool();
    const calls: number[] = [];
    const onProgress = ({ done }: { done: number }) => {
      calls.push(done);
      throw new Error('listener bug');
    };
    expect(
      await pool.runMany(
        'diag.sleep',
        [
          { ms: 1, value: 1 },
          { ms: 1, value: 2 },
        ],
        { onProgress },
      ),
    ).toHaveLength(2);
    expect(calls).toEqual([0, 1, 2]);
  });
});

describe('data paths', () => {
  it('shares memory with workers when the platform allows it', async () => {
    const { pool } = await startPool();
    expect(pool.sharedMemory).toBe(true);
    const bytes = pool.share(Uint8Array.from([1, 2, 3, 250]));
    expect(bytes.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(await pool.run('diag.sum', { bytes })).toEqual({ sum: 256, length: 4, shared: true });
    expect(pool.device().sharedMemory).toBe(true);
  });

  it("with sharedMemory 'off' it copies or transfers, never shares", async () => {
    const { pool } = await startPool({ sharedMemory: 'off' });
    expect(pool.sharedMemory).toBe(false);
    const plain = Uint8Array.from([5, 6, 7]);
    expect(pool.share(plain)).toBe(plain);
    expect(await pool.run('diag.sum', { bytes: plain })).toEqual({ sum: 18, length: 3, shared: false });
    expect(plain.length).toBe(3); // cloned, still ours
    const moved = Uint8Array.from([9, 9]);
    expect(await pool.run('diag.sum', { bytes: moved }, [moved.buffer])).toEqual({ sum: 18, length: 2, shared: false });
    expect(moved.buffer.byteLength).toBe(0); // transferred away, no copy
  });
});

describe('failures', () => {
  it('a job that throws reaches the caller by name when it keeps failing, and the pool stays usable', async () => {
    const { pool, events } = await startPool({ maxAttempts: 3 });
    const error = await pool.run('fault.throw', { failAttempts: 99 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JobFailedError);
    const failed = error as JobFailedError;
    expect(failed.job).toBe('fault.throw');
    expect(failed.attempts).toBe(3);
    expect(failed.cause.name).toBe('InjectedFaultError');
    expect(failed.message).toMatch(
      /^job "fault\.throw" failed after 3 attempts: InjectedFaultError: injected failure on attempt 3/,
    );
    expect(failures(events).map((e) => [e.attempt, e.willRetry])).toEqual([
      [1, true],
      [2, true],
      [3, false],
    ]);
    // Still usable: every slot answers.
    const pings = await pool.runMany('diag.ping', [null, null, null, null]);
    expect(pings).toHaveLength(4);
  });

  it('a job that throws once is retried on a fresh worker and succeeds', async () => {
    const { pool, events } = await startPool();
    const result = await pool.run('fault.throw', { failAttempts: 1 });
    expect(result.attempt).toBe(2);
    const [failure] = failures(events);
    expect(failure).toMatchObject({ job: 'fault.throw', attempt: 1, willRetry: true });
    expect(failure!.error.name).toBe('InjectedFaultError');
    expect(result.workerId).not.toBe(failure!.workerId);
    // The worker that threw is replaced by a newly started one (the retry need not wait for it).
    // A worker start under a loaded machine can take seconds: wait for the event, do not time it.
    await expect
      .poll(() => events.filter((e) => e.type === 'worker-started').length, { timeout: 60_000 })
      .toBe(pool.size + 1);
  });

  it('a worker that exits mid-job is replaced and the job retried', async () => {
    const { pool, events } = await startPool();
    const result = await pool.run('fault.exit', { failAttempts: 2 });
    expect(result.attempt).toBe(3);
    const lost = events.filter((e) => e.type === 'worker-lost');
    expect(lost).toHaveLength(2);
    expect(lost.map((e) => e.error.message)).toEqual(['worker exited with code 70', 'worker exited with code 70']);
    expect(lost.map((e) => e.workerId)).not.toContain(result.workerId);
  });

  it('a worker that crashes on an uncaught error is replaced and the job retried', async () => {
    const { pool, events } = await startPool();
    const result = await pool.run('fault.crash', { failAttempts: 1 });
    expect(result.attempt).toBe(2);
    expect(failures(events)[0]!.error.message).toMatch(
      /worker crashed: InjectedFaultError: injected crash on attempt 1/,
    );
  });

  it('a worker dying on every attempt ends in a clear error, then the pool still works', async () => {
    const { pool } = await startPool({ maxAttempts: 2 });
    const error = (await pool.run('fault.exit', { failAttempts: 99 }).catch((e: unknown) => e)) as JobFailedError;
    expect(error).toBeInstanceOf(JobFailedError);
    expect(error.message).toBe('job "fault.exit" failed after 2 attempts: WorkerLostError: worker exited with code 70');
    expect(await pool.run('diag.sleep', { ms: 1, value: 7 })).toMatchObject({ value: 7 });
  });

  it('a stuck job times out, its worker is stopped, and the retry succeeds', async () => {
    const { pool, events } = await startPool({ jobTimeoutMs: 1_000 });
    const result = await pool.run('fault.hang', { failAttempts: 1 });
    expect(result.attempt).toBe(2);
    expect(failures(events)[0]!.error).toBeInstanceOf(JobTimeoutError);
  });

  it('does not retry a job whose input is wrong (unknown job name)', async () => {
    const { pool, events } = await startPool();
    const error = (await pool.run('no.such.job' as 'diag.ping', null).catch((e: unknown) => e)) as JobFailedError;
    expect(error).toBeInstanceOf(JobFailedError);
    expect(error.attempts).toBe(1);
    expect(error.cause.name).toBe('UnknownJobError');
    expect(events.filter((e) => e.type === 'worker-started')).toHaveLength(pool.size); // worker kept
  });

  it('does not retry arguments that cannot be sent to a worker (DataCloneError)', async () => {
    const { pool } = await startPool();
    const error = (await pool
      .run('diag.sum', { bytes: (() => 1) as unknown as Uint8Array })
      .catch((e: unknown) => e)) as JobFailedError;
    expect(error).toBeInstanceOf(JobFailedError);
    expect(error.attempts).toBe(1);
    expect(error.cause.name).toBe('DataCloneError');
    expect(await pool.run('diag.ping', null)).toHaveProperty('workerId');
  });

  it('does not retry a job whose transferred buffers went to the failed worker', async () => {
    const { pool } = await startPool();
    const bytes = new Uint8Array(8);
    const error = (await pool
      .run('fault.throw', { failAttempts: 1, bytes } as never, [bytes.buffer])
      .catch((e: unknown) => e)) as JobFailedError;
    expect(error).toBeInstanceOf(JobFailedError);
    expect(error.attempts).toBe(1);
    expect(error.message).toMatch(/not retried: its transferred buffers went to the failed worker/);
  });

  it('a failing job in a batch fails the batch with its name', async () => {
    const { pool } = await startPool({ maxAttempts: 1 });
    await expect(
      pool.runMany('fault.throw', [{ failAttempts: 0 }, { failAttempts: 5 }, { failAttempts: 0 }]),
    ).rejects.toThrow(/job "fault\.throw" failed after 1 attempt: InjectedFaultError/);
  });
});

describe('closing', () => {
  it('close() rejects running and queued jobs and later calls', async () => {
    const { pool } = await startPool();
    const pending = [0, 1, 2, 3].map((value) => pool.run('diag.sleep', { ms: 10_000, value }).catch((e: unknown) => e));
    await new Promise((r) => setTimeout(r, 50));
    await pool.close();
    for (const outcome of await Promise.all(pending)) expect(outcome).toBeInstanceOf(PoolClosedError);
    await expect(pool.run('diag.ping', null)).rejects.toBeInstanceOf(PoolClosedError);
  });
});
