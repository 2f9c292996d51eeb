// The worker pool in real Chromium: module Web Workers running the WASM kernel, checked against
// @noble/curves computed here in the test; failures (close, crash, throw, hang) and both data paths.
import { expect, type Page, test } from '@playwright/test';
import { pippenger } from '@noble/curves/abstract/curve.js';
import { encodeFrVector } from '../../src/kernel/encoding.js';
import { G, noblePointBytes, pointsToBytes, randomPoints, randomScalar } from '../kernel/helpers.js';

const DEVICE_PAGE = '/src/app/device.html';

/** Random inputs and the expected MSM, computed with noble in the test process. */
function msmCase(n: number) {
  const points = randomPoints(n);
  const scalars = Array.from({ length: n }, () => randomScalar());
  return {
    points: Array.from(pointsToBytes(points)),
    scalars: Array.from(encodeFrVector(scalars)),
    expected: Array.from(noblePointBytes(pippenger(G, points, scalars))),
  };
}

async function openDevicePage(page: Page): Promise<void> {
  await page.goto(DEVICE_PAGE);
  await expect(page.locator('#selfcheck')).toHaveText(/^ok: /, { timeout: 60_000 });
}

test('the device page reports this device and its self-check agrees with noble', async ({ page }) => {
  await openDevicePage(page);
  const facts = await page.evaluate(() => {
    const fernet = (globalThis as any).fernet;
    return {
      report: fernet.pool.device(),
      isolated: crossOriginIsolated,
      threads: navigator.hardwareConcurrency,
      memory: (navigator as any).deviceMemory ?? null,
    };
  });
  expect(facts.isolated).toBe(true);
  const r = facts.report;
  expect(r.platform).toBe('browser');
  expect(r.hardwareThreads).toBe(facts.threads);
  expect(r.poolSize).toBe(facts.threads);
  expect(r.memoryGiB).toBe(facts.memory);
  expect(r.memorySource).toBe(facts.memory === null ? 'unavailable' : 'navigator.deviceMemory');
  expect(r.sharedMemory).toBe(true);
  expect(r.target).toEqual({ threads: 16, memoryGiB: 32 });
  expect(r.meetsThreadTarget).toBe(facts.threads >= 16);
  expect(r.meetsTarget).toBe(facts.threads >= 16 ? r.meetsMemoryTarget : false);
  await expect(page.locator('#summary')).toHaveText(r.summary);
});

test('a whole and a split MSM in workers equal noble, through shared memory and through transfers', async ({
  page,
}) => {
  await openDevicePage(page);
  const c = msmCase(3000);
  for (const sharedMemory of ['auto', 'off']) {
    const out = await page.evaluate(
      async ({ c, sharedMemory }) => {
        const pool = await (globalThis as any).fernet.createPool({ maxThreads: 2, sharedMemory, preloadKernel: true });
        try {
          const points = new Uint8Array(c.points);
          const scalars = new Uint8Array(c.scalars);
          const progress: string[] = [];
          const split = await pool.msm(points, scalars, {
            onProgress: (p: any) => progress.push(`${p.done}/${p.total}`),
          });
          const whole = await pool.run('msm', { points, scalars });
          const sum = await pool.run('diag.sum', { bytes: pool.share(Uint8Array.from([1, 2, 3])) });
          return {
            split: Array.from(split),
            whole: Array.from(whole),
            progress,
            shared: pool.sharedMemory,
            sum,
            size: pool.size,
          };
        } finally {
          await pool.close();
        }
      },
      { c, sharedMemory },
    );
    expect(out.shared).toBe(sharedMemory === 'auto');
    expect(out.sum).toEqual({ sum: 6, length: 3, shared: sharedMemory === 'auto' });
    expect(out.split).toEqual(c.expected);
    expect(out.whole).toEqual(c.expected);
    expect(out.progress).toEqual(out.size === 2 ? ['0/2', '1/2', '2/2'] : ['0/1', '1/1']);
  }
});

test('without cross-origin isolation the pool transfers buffers and still computes the MSM', async ({
  page,
  context,
}) => {
  // Serve the same build without COOP/COEP: no SharedArrayBuffer for the page.
  await context.route('**/*', async (route) => {
    const response = await route.fetch();
    const headers = { ...response.headers() };
    delete headers['cross-origin-opener-policy'];
    delete headers['cross-origin-embedder-policy'];
    await route.fulfill({ response, headers });
  });
  await openDevicePage(page);
  const c = msmCase(1200);
  const out = await page.evaluate(async (c) => {
    const { pool } = (globalThis as any).fernet;
    const split = await pool.msm(new Uint8Array(c.points), new Uint8Array(c.scalars));
    return { isolated: crossOriginIsolated, report: pool.device(), split: Array.from(split) };
  }, c);
  expect(out.isolated).toBe(false);
  expect(out.report.sharedMemoryAvailable).toBe(false);
  expect(out.report.sharedMemory).toBe(false);
  expect(out.split).toEqual(c.expected);
});

test('workers that close themselves, crash, throw or hang are replaced; jobs retried; errors named', async ({
  page,
}) => {
  await openDevicePage(page);
  const out = await page.evaluate(async () => {
    const events: string[] = [];
    const pool = await (globalThis as any).fernet.createPool({
      maxThreads: 2,
      maxAttempts: 3,
      jobTimeoutMs: 2_000,
      onEvent: (e: any) => e.type !== 'worker-started' && events.push(`${e.type}:${e.error?.message}`),
    });
    const settle = (p: Promise<unknown>) =>
      p.then(
        (v) => ({ ok: v }),
        (e: Error) => ({ error: `${e.name}: ${e.message}`, job: (e as any).job }),
      );
    try {
      const closed = await settle(pool.run('fault.exit', { failAttempts: 1 }));
      const crashed = await settle(pool.run('fault.crash', { failAttempts: 1 }));
      const threw = await settle(pool.run('fault.throw', { failAttempts: 2 }));
      const hung = await settle(pool.run('fault.hang', { failAttempts: 1 }));
      const exhausted = await settle(pool.run('fault.exit', { failAttempts: 9 }));
      const after = await settle(pool.runMany('diag.ping', [null, null, null]));
      return { closed, crashed, threw, hung, exhausted, after, events };
    } finally {
      await pool.close();
    }
  });
  expect(out.closed).toMatchObject({ ok: { attempt: 2 } });
  expect(out.crashed).toMatchObject({ ok: { attempt: 2 } });
  expect(out.threw).toMatchObject({ ok: { attempt: 3 } });
  expect(out.hung).toMatchObject({ ok: { attempt: 2 } });
  expect(out.exhausted).toEqual({
    job: 'fault.exit',
    error: 'JobFailedError: job "fault.exit" failed after 3 attempts: WorkerLostError: worker closed or crashed',
  });
  expect((out.after as { ok: unknown[] }).ok).toHaveLength(3);
  expect(out.events).toContain('worker-lost:worker closed or crashed');
  expect(out.events.some((e) => /^worker-lost:worker crashed: .*injected crash on attempt 1/.test(e))).toBe(true);
  expect(out.events).toContain('job-attempt-failed:injected failure on attempt 2');
  expect(out.events).toContain('job-attempt-failed:job "fault.hang" ran longer than 2000 ms');
});

test('close() rejects running and queued jobs in the browser', async ({ page }) => {
  await openDevicePage(page);
  const outcomes = await page.evaluate(async () => {
    const pool = await (globalThis as any).fernet.createPool({ maxThreads: 2 });
    const pending = [0, 1, 2].map((value) => pool.run('diag.sleep', { ms: 60_000, value }).catch((e: Error) => e.name));
    await new Promise((r) => setTimeout(r, 100));
    await pool.close();
    const later = await pool.run('diag.ping', null).catch((e: Error) => e.name);
    return [...(await Promise.all(pending)), later];
  });
  expect(outcomes).toEqual(['PoolClosedError', 'PoolClosedError', 'PoolClosedError', 'PoolClosedError']);
});
