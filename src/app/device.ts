// The device page: how this machine compares with the proving target, a self-check of the worker
// pool against @noble/curves, and an MSM benchmark on one worker and on all of them.
// `globalThis.fernet` exposes the pool for the browser console (and the browser tests).
import { createWorkerPool, type WorkerPool } from '../../workers/jobs.js';
import { bn254 } from '@noble/curves/bn254.js';
import { pippenger } from '@noble/curves/abstract/curve.js';
import { equalBytes } from '@noble/curves/utils.js';
import { encodeG1 } from '../kernel/encoding.js';
import type { DeviceReport } from '../pool/index.js';
import { $, describeError } from './dom.js';
import { randomMsmInputs } from './msm-inputs.js';

const SELF_CHECK_SIZE = 1 << 12;
const BENCH_SIZES = [1 << 12, 1 << 14, 1 << 16];

function row(cells: Array<string | number>, tag = 'td'): string {
  return `<tr>${cells.map((c) => `<${tag}>${c}</${tag}>`).join('')}</tr>`;
}

function renderReport(r: DeviceReport): void {
  $('summary').textContent = r.summary;
  const verdict = (v: boolean | 'unknown') => (v === 'unknown' ? 'unknown' : v ? 'yes' : 'no');
  $('report').innerHTML = [
    row(['hardware threads', r.hardwareThreads, `target ${r.target.threads}`, verdict(r.meetsThreadTarget)]),
    row([
      'memory',
      r.memoryGiB === null ? 'not reported' : `${r.memoryGiB} GiB (${r.memorySource})`,
      `target ${r.target.memoryGiB} GiB`,
      verdict(r.meetsMemoryTarget),
    ]),
    row([
      'pool',
      `${r.poolSize} workers`,
      r.sharedMemory ? 'shared memory' : 'transferred buffers',
      verdict(r.meetsTarget),
    ]),
  ].join('');
}

async function selfCheck(pool: WorkerPool): Promise<string> {
  const inputs = randomMsmInputs(SELF_CHECK_SIZE);
  const expected = encodeG1(pippenger(bn254.G1.Point, inputs.points, inputs.scalars).toAffine());
  const split = await pool.msm(inputs.pointBytes, inputs.scalarBytes);
  const whole = await pool.run('msm', { points: inputs.pointBytes, scalars: inputs.scalarBytes });
  return equalBytes(split, expected) && equalBytes(whole, expected)
    ? `ok: ${SELF_CHECK_SIZE}-point MSM on one worker and split over ${pool.size} equals @noble/curves`
    : 'FAILED: the pool disagrees with @noble/curves';
}

async function median(fn: () => Promise<unknown>, runs: number): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[runs >> 1]!;
}

async function benchmark(pool: WorkerPool): Promise<void> {
  const table = $('bench-results');
  table.innerHTML = row(['name', 'impl', 'size', 'threads', 'ms'], 'th');
  for (const n of BENCH_SIZES) {
    $('bench-progress').textContent = `preparing ${n} points…`;
    const { pointBytes, scalarBytes } = randomMsmInputs(n);
    const points = pool.share(pointBytes);
    const scalars = pool.share(scalarBytes);
    $('bench-progress').textContent = `measuring ${n} points…`;
    const one = await median(() => pool.run('msm', { points, scalars }), 3);
    table.insertAdjacentHTML('beforeend', row(['msm', 'kernel', n, 1, one.toFixed(1)]));
    const all = await median(() => pool.msm(points, scalars), 3);
    table.insertAdjacentHTML('beforeend', row(['msm', 'kernel', n, pool.size, all.toFixed(1)]));
  }
  $('bench-progress').textContent = 'done';
}

async function main(): Promise<void> {
  const pool = await createWorkerPool({ preloadKernel: true });
  (globalThis as { fernet?: unknown }).fernet = { pool, createPool: createWorkerPool };
  renderReport(pool.device());
  $('selfcheck').textContent = 'running…';
  $('selfcheck').textContent = await selfCheck(pool).catch((e: unknown) => `FAILED: ${describeError(e)}`);
  const button = $('bench') as HTMLButtonElement;
  button.disabled = false;
  button.onclick = () => {
    button.disabled = true;
    benchmark(pool)
      .catch((e: Error) => ($('bench-progress').textContent = `failed: ${e.message}`))
      .finally(() => (button.disabled = false));
  };
}

main().catch((e: unknown) => ($('summary').textContent = `The worker pool could not start: ${describeError(e)}`));
