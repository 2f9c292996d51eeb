// The kernel conformance page: runs the conformance suite on the page's own kernel and on a pool
// worker's kernel, and shows one row per check (./conformance-view.ts decides what is shown).
// `globalThis.fernetConformance` holds the results, the page's kernel and the runner for the
// console (and the browser tests).
import { createWorkerPool } from '../../workers/jobs.js';
import { CONFORMANCE_CHECKS, runChecks, runConformance } from '../kernel/conformance.js';
import { loadKernel } from '../kernel/index.js';

import { $, describeError } from './dom.js';
import { conformanceView, type ConformanceOutcome, type ConformanceView } from './conformance-view.js';

const escapeHtml = (s: string) =>
  s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

function setSummary(state: ConformanceView['state'] | 'running', text: string): void {
  const summary = $('summary');
  summary.dataset.state = state;
  summary.textContent = text;
}

function render(view: ConformanceView): void {
  const cell = (v: string) => `<td class="${v === 'pass' ? 'pass' : 'fail'}">${v}</td>`;
  const rows = view.rows.map(
    (r) =>
      `<tr data-check="${escapeHtml(r.name)}">${cell(r.page)}${cell(r.worker)}<td>${escapeHtml(r.name)}</td><td>${r.ms}</td><td>${escapeHtml(r.detail)}</td></tr>`,
  );
  $('results').innerHTML =
    `<tr><th>page</th><th>worker</th><th>check</th><th>ms (page)</th><th>detail</th></tr>${rows.join('')}`;
  setSummary(view.state, view.summary);
}

async function inWorker(): Promise<ConformanceOutcome> {
  const pool = await createWorkerPool({ maxThreads: 1, preloadKernel: true });
  try {
    return { results: await pool.run('kernel.conformance', null) };
  } finally {
    await pool.close();
  }
}

async function main(): Promise<void> {
  const kernel = await loadKernel();
  const exposed = {
    kernel,
    runChecks,
    runConformance,
    checks: CONFORMANCE_CHECKS,
    page: undefined as ConformanceOutcome | undefined,
    worker: undefined as ConformanceOutcome | undefined,
  };
  (globalThis as { fernetConformance?: unknown }).fernetConformance = exposed;
  setSummary('running', `Running ${CONFORMANCE_CHECKS.length} checks on this page…`);
  await new Promise((r) => setTimeout(r, 0)); // let the status paint before the page thread is busy
  exposed.page = { results: runConformance(kernel) };
  setSummary('running', `Running ${CONFORMANCE_CHECKS.length} checks in a pool worker…`);
  exposed.worker = await inWorker().catch((e: unknown) => ({ error: describeError(e) }));
  render(
    conformanceView(
      CONFORMANCE_CHECKS.map((c) => c.name),
      exposed.page,
      exposed.worker,
    ),
  );
}

main().catch((e: unknown) => setSummary('error', `FAILED: the conformance page could not run: ${describeError(e)}`));
