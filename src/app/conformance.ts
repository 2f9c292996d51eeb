// The kernel conformance page: runs the conformance suite on the page's own kernel and on a pool
// worker's kernel, and shows one row per check. `globalThis.fernetConformance` holds the results,
// the page's kernel and the runner for the console (and the browser tests).
import { CONFORMANCE_CHECKS, runChecks, runConformance, type ConformanceResult } from '../kernel/conformance';
import { loadKernel } from '../kernel/index';
import { createPool } from '../pool';

type State = 'running' | 'passed' | 'failed' | 'error';

const $ = (id: string) => document.getElementById(id)!;

/** One side of the comparison: results, or why the suite could not run there. */
type Outcome = { results: ConformanceResult[] } | { error: string };

const describe = (e: unknown) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));

function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

function setSummary(state: State, text: string): void {
  const summary = $('summary');
  summary.dataset.state = state;
  summary.textContent = text;
}

function verdictCell(r: ConformanceResult | undefined): string {
  if (!r) return '<td class="fail">missing</td>';
  return r.ok ? `<td class="pass">pass</td>` : `<td class="fail">FAIL</td>`;
}

function render(page: Outcome, worker: Outcome): void {
  const pageResults = 'results' in page ? page.results : [];
  const workerResults = 'results' in worker ? worker.results : [];
  const rows = CONFORMANCE_CHECKS.map(({ name }, i) => {
    const p = pageResults[i];
    const w = workerResults[i];
    const detail = [p && `${p.ok ? '' : 'page: '}${p.detail}`, w && !w.ok && `worker: ${w.detail}`].filter(Boolean).join(' — ');
    return `<tr data-check="${escapeHtml(name)}">${verdictCell(p)}${verdictCell(w)}<td>${escapeHtml(name)}</td><td>${p ? p.ms.toFixed(1) : '—'}</td><td>${escapeHtml(detail)}</td></tr>`;
  });
  $('results').innerHTML = `<tr><th>page</th><th>worker</th><th>check</th><th>ms</th><th>detail</th></tr>${rows.join('')}`;

  const total = CONFORMANCE_CHECKS.length;
  const problems: string[] = [];
  for (const [where, outcome] of [['on the page', page], ['in the worker', worker]] as const) {
    if ('error' in outcome) {
      problems.push(`the suite could not run ${where} (${outcome.error})`);
      continue;
    }
    const failed = outcome.results.filter((r) => !r.ok);
    if (outcome.results.length !== total) problems.push(`${where} ${outcome.results.length} of ${total} checks ran`);
    if (failed.length) problems.push(`${failed.length} of ${total} failed ${where}: ${failed.map((r) => r.name).join('; ')}`);
  }
  if (problems.length) setSummary(problems.some((p) => p.startsWith('the suite could not')) ? 'error' : 'failed', `FAILED: ${problems.join('. ')}.`);
  else setSummary('passed', `All ${total} checks passed on the page and in a pool worker.`);
}

async function inWorker(): Promise<Outcome> {
  const pool = await createPool({ maxThreads: 1, preloadKernel: true });
  try {
    return { results: await pool.run('kernel.conformance', null) };
  } finally {
    await pool.close();
  }
}

async function main(): Promise<void> {
  const kernel = await loadKernel();
  const exposed = { kernel, runChecks, runConformance, checks: CONFORMANCE_CHECKS, page: undefined as Outcome | undefined, worker: undefined as Outcome | undefined };
  (globalThis as { fernetConformance?: unknown }).fernetConformance = exposed;
  setSummary('running', `Running ${CONFORMANCE_CHECKS.length} checks on this page…`);
  await new Promise((r) => setTimeout(r, 0)); // let the status paint before the page thread is busy
  exposed.page = { results: runConformance(kernel) };
  setSummary('running', `Running ${CONFORMANCE_CHECKS.length} checks in a pool worker…`);
  exposed.worker = await inWorker().catch((e: unknown) => ({ error: describe(e) }));
  render(exposed.page, exposed.worker);
}

main().catch((e: unknown) => setSummary('error', `FAILED: the conformance page could not run: ${describe(e)}`));
