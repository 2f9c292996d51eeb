// Workers that cannot start: the pool reports it by name instead of waiting forever.
import { describe, expect, it } from 'vitest';
import { Worker } from 'node:worker_threads';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import type { PlatformAdapter } from '../../src/pool/adapter.js';
import { JobFailedError, WorkerLostError, WorkerStartError } from '../../src/pool/errors.js';
import { flagsForBundle, nodeAdapter } from '../../src/pool/node-adapter.js';
import { WorkerPool } from '../../src/pool/pool.js';

/** Real worker threads whose entry exits at once (as a broken build or missing loader would). */
function exitingAdapter(starts: { count: number }): PlatformAdapter {
  return {
    platform: 'node',
    facts: () => ({ ...nodeAdapter.facts(), hardwareThreads: 2 }),
    start() {
      starts.count++;
      const worker = new Worker('process.exit(3)', { eval: true });
      const lost = new Promise<Error>((resolve) =>
        worker.once('exit', (code) => resolve(new WorkerLostError(`worker exited with code ${code}`))),
      );
      return { endpoint: nodeEndpoint(worker), lost, watch() {}, terminate: () => void worker.terminate() };
    },
  };
}

describe('workers that cannot start', () => {
  it('reject started() with a WorkerStartError after a bounded number of tries', async () => {
    const starts = { count: 0 };
    const pool = new WorkerPool(exitingAdapter(starts), {});
    const error = await pool.started().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkerStartError);
    expect((error as Error).message).toBe('worker could not start: WorkerLostError: worker exited with code 3');
    expect(starts.count).toBe(2 * 3); // two slots, three tries each
    // A job asks the slots to try again, then fails by name instead of hanging.
    const failed = (await pool.run('diag.ping', null).catch((e: unknown) => e)) as JobFailedError;
    expect(failed).toBeInstanceOf(JobFailedError);
    expect(failed.job).toBe('diag.ping');
    expect(failed.cause).toBeInstanceOf(WorkerStartError);
    expect(starts.count).toBe(2 * 6);
    await pool.close();
  });

  it('treat a worker that does not answer init in time as a failed start', async () => {
    // The real Node workers, with a start timeout too short for any of them to answer.
    const pool = new WorkerPool(nodeAdapter, { maxThreads: 1, startTimeoutMs: 1 });
    await expect(pool.started()).rejects.toThrow(/worker could not start: Error: no answer within 1 ms/);
    await pool.close();
  });
});

describe('the bundled worker’s flags', () => {
  it('drop module loaders (and their values) and keep every other flag of the parent', () => {
    expect(
      flagsForBundle([
        '--import',
        'tsx',
        '--max-old-space-size=4096',
        '--import=file:///x/tsx.mjs',
        '--require',
        './r.cjs',
        '-r',
        'x',
        '--loader=ts-node/esm',
        '--experimental-loader',
        'y',
        '--enable-source-maps',
      ]),
    ).toEqual(['--max-old-space-size=4096', '--enable-source-maps']);
  });
});
