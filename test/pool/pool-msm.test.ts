// The pool with the real WASM kernel in worker_threads: a whole MSM in one worker and one MSM
// split across every worker, checked against @noble/curves, through both data paths.
import { createWorkerPool, type WorkerPool } from '../../workers/jobs.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pippenger } from '@noble/curves/abstract/curve.js';
import { JobFailedError, PoolInputError, type PoolEvent } from '../../src/pool/index.js';
import { G, noblePointBytes, pointsToBytes, randomPoints, randomScalar, R_ORDER } from '../kernel/helpers.js';
import { encodeFrVector } from '../../src/kernel/encoding.js';

const N = 1500; // not a power of two: the split slices differ in size
const points = randomPoints(N);
const scalars = Array.from({ length: N }, () => randomScalar());
const pointBytes = pointsToBytes(points);
const scalarBytes = encodeFrVector(scalars);
const expected = noblePointBytes(pippenger(G, points, scalars));

for (const sharedMemory of ['auto', 'off'] as const) {
  describe(`msm with sharedMemory '${sharedMemory}'`, () => {
    let pool: WorkerPool;
    const events: PoolEvent[] = [];
    beforeAll(async () => {
      pool = await createWorkerPool({
        maxThreads: 2,
        sharedMemory,
        preloadKernel: true,
        onEvent: (e) => events.push(e),
      });
    });
    afterAll(() => pool.close());

    it('uses the data path it was asked for', () => {
      expect(pool.sharedMemory).toBe(sharedMemory === 'auto');
    });

    it('a whole MSM in one worker equals noble', async () => {
      expect(await pool.run('msm', { points: pointBytes, scalars: scalarBytes })).toEqual(expected);
    });

    it('an MSM split across every worker equals noble and leaves the inputs intact', async () => {
      const copyP = pointBytes.slice();
      const copyS = scalarBytes.slice();
      const progress: string[] = [];
      const result = await pool.msm(pointBytes, scalarBytes, {
        onProgress: (p) => progress.push(`${p.done}/${p.total}`),
      });
      expect(result).toEqual(expected);
      expect(progress).toEqual(pool.size === 2 ? ['0/2', '1/2', '2/2'] : ['0/1', '1/1']);
      expect(pointBytes).toEqual(copyP);
      expect(scalarBytes).toEqual(copyS);
    });

    it('sums the edge cases: identity points, zero and r−1 scalars, the empty MSM', async () => {
      // identity ×5, 300 random terms, 300 zero scalars, then (r−1)·p0 = −p0
      const pts = pointsToBytes([G.ZERO, ...points.slice(0, 600), points[0]!]);
      const sc = [5n, ...scalars.slice(0, 300), ...Array<bigint>(300).fill(0n), R_ORDER - 1n];
      const want = noblePointBytes(pippenger(G, points.slice(0, 300), scalars.slice(0, 300)).add(points[0]!.negate()));
      expect(await pool.msm(pts, encodeFrVector(sc))).toEqual(want);
      expect(await pool.msm(new Uint8Array(0), new Uint8Array(0))).toEqual(new Uint8Array(64));
    });

    it('rejects malformed input before any worker sees it', async () => {
      await expect(pool.msm(pointBytes, scalarBytes.subarray(32))).rejects.toThrow(PoolInputError);
      await expect(pool.msm(pointBytes.subarray(1), scalarBytes)).rejects.toThrow(/not a multiple of 64/);
    });

    it('fails fast on a non-canonical scalar (KernelInputError, one attempt, worker kept)', async () => {
      const bad = scalarBytes.slice();
      bad.fill(0xff, 32 * 1000, 32 * 1001); // 2^256 − 1 > r
      const startedBefore = events.filter((e) => e.type === 'worker-started').length;
      const error = (await pool.msm(pointBytes, bad).catch((e: unknown) => e)) as JobFailedError;
      expect(error).toBeInstanceOf(JobFailedError);
      expect(error.job).toBe('msm');
      expect(error.attempts).toBe(1);
      expect(error.cause.name).toBe('KernelInputError');
      expect(events.filter((e) => e.type === 'worker-started').length).toBe(startedBefore);
    });

    it('fails fast on a point off the curve', async () => {
      const bad = pointBytes.slice();
      bad[64 * 7 + 3]! ^= 1;
      const error = (await pool.msm(bad, scalarBytes).catch((e: unknown) => e)) as JobFailedError;
      expect(error.cause.name).toBe('KernelInputError');
      expect(error.cause.message).toMatch(/point 7 is not on the curve/);
    });
  });
}

describe('device report under Node', () => {
  it('reports threads and memory from os and judges them against 16 threads / 32 GiB', async () => {
    const { availableParallelism, totalmem } = await import('node:os');
    const pool = await createWorkerPool({ maxThreads: 1 });
    try {
      const report = pool.device();
      expect(report.platform).toBe('node');
      expect(report.hardwareThreads).toBe(availableParallelism());
      expect(report.memoryGiB).toBeCloseTo(totalmem() / 2 ** 30, 6);
      expect(report.memorySource).toBe('os.totalmem');
      expect(report.poolSize).toBe(1);
      expect(report.target).toEqual({ threads: 16, memoryGiB: 32 });
      expect(report.meetsThreadTarget).toBe(availableParallelism() >= 16);
      expect(report.meetsMemoryTarget).toBe(totalmem() >= 32 * 2 ** 30);
      expect(report.summary).toMatch(new RegExp(`${availableParallelism()} threads`));
    } finally {
      await pool.close();
    }
  });
});
