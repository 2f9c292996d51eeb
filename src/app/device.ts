// The device page: how this machine compares with the proving target, a self-check of the worker
// pool against @noble/curves, and the benchmark (bench-page.ts).
// `globalThis.fernet` exposes the pool for the browser console (and the browser tests).
import { createWorkerPool, type WorkerPool } from '../../workers/jobs.js';
import { bn254 } from '@noble/curves/bn254.js';
import { pippenger } from '@noble/curves/abstract/curve.js';
import { equalBytes } from '@noble/curves/utils.js';
import { encodeG1 } from '../kernel/encoding.js';
import type { DeviceReport } from '../pool/index.js';
import { $, describeError } from './dom.js';
import { describeDevice } from './home-device.js';
import { randomMsmInputs } from './msm-inputs.js';
import { loadKernel } from '../kernel/index.js';
import { mountBenchPage } from './bench-page.js';
import { openRunHistory, type RunHistory } from './bench-history.js';

const SELF_CHECK_SIZE = 1 << 12;

/** The report in the home page's words (home-device.ts): verdict, then one row per fact. */
function renderReport(r: DeviceReport): void {
  $('summary').textContent = r.summary;
  const view = describeDevice(r);
  const verdict = $('verdict');
  verdict.textContent = `${view.headline}. ${view.advice}`;
  verdict.dataset.tone = view.tone;
  $('report').replaceChildren(
    ...view.rows.map((fact) => {
      const tr = document.createElement('tr');
      const th = document.createElement('th');
      th.textContent = fact.label;
      const value = document.createElement('td');
      value.textContent = fact.value;
      value.dataset.tone = fact.tone;
      const note = document.createElement('td');
      note.textContent = fact.note;
      tr.append(th, value, note);
      return tr;
    }),
  );
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

async function main(): Promise<void> {
  const pool = await createWorkerPool({ preloadKernel: true });
  (globalThis as { fernet?: unknown }).fernet = { pool, createPool: createWorkerPool };
  renderReport(pool.device());
  $('selfcheck').textContent = 'running…';
  $('selfcheck').textContent = await selfCheck(pool).catch((e: unknown) => `FAILED: ${describeError(e)}`);
  const kernel = await loadKernel();
  const history: RunHistory | null = await openRunHistory().catch((e: unknown) => {
    console.warn('saved runs unavailable:', e);
    return null;
  });
  mountBenchPage({ pool, kernel, history });
}

main().catch((e: unknown) => ($('summary').textContent = `The worker pool could not start: ${describeError(e)}`));
