// What the conformance page shows, computed from the two runs (page and pool worker) without the
// DOM: one row per check of the suite, and a verdict that names every failing, missing or extra
// check, so a person sees at once what went wrong and where.
import type { ConformanceResult } from '../kernel/conformance.js';

/** One run of the suite: its results, or why it could not run. */
export type ConformanceOutcome = { results: ConformanceResult[] } | { error: string };

export type Verdict = 'pass' | 'FAIL' | 'missing' | 'not run';

export interface ConformanceRow {
  name: string;
  page: Verdict;
  worker: Verdict;
  /** The page run's time in ms, or '—'. */
  ms: string;
  detail: string;
}

export interface ConformanceView {
  state: 'passed' | 'failed' | 'error';
  summary: string;
  rows: ConformanceRow[];
}

const RUNS = [
  ['page', 'on the page'],
  ['worker', 'in the worker'],
] as const;

function verdict(outcome: ConformanceOutcome, result: ConformanceResult | undefined): Verdict {
  if ('error' in outcome) return 'not run';
  if (!result) return 'missing';
  return result.ok ? 'pass' : 'FAIL';
}

export function conformanceView(
  checkNames: readonly string[],
  page: ConformanceOutcome,
  worker: ConformanceOutcome,
): ConformanceView {
  const byName = (o: ConformanceOutcome) => new Map('results' in o ? o.results.map((r) => [r.name, r] as const) : []);
  const found = { page: byName(page), worker: byName(worker) };
  const outcomes = { page, worker };

  const rows = checkNames.map((name): ConformanceRow => {
    const p = found.page.get(name);
    const w = found.worker.get(name);
    const detail = [p && (p.ok ? p.detail : `page: ${p.detail}`), w && !w.ok && `worker: ${w.detail}`]
      .filter(Boolean)
      .join(' — ');
    return { name, page: verdict(page, p), worker: verdict(worker, w), ms: p ? p.ms.toFixed(1) : '—', detail };
  });

  const total = checkNames.length;
  const problems: string[] = [];
  let couldNotRun = false;
  for (const [key, where] of RUNS) {
    const outcome = outcomes[key];
    if ('error' in outcome) {
      couldNotRun = true;
      problems.push(`the suite could not run ${where} (${outcome.error})`);
      continue;
    }
    const failed = rows.filter((r) => r[key] === 'FAIL').map((r) => r.name);
    const missing = rows.filter((r) => r[key] === 'missing').map((r) => r.name);
    const extra = outcome.results.filter((r) => !checkNames.includes(r.name)).map((r) => r.name);
    if (failed.length) problems.push(`${failed.length} of ${total} checks failed ${where}: ${failed.join('; ')}`);
    if (missing.length)
      problems.push(`${missing.length} of ${total} checks did not run ${where}: ${missing.join('; ')}`);
    if (extra.length) problems.push(`the run ${where} reported checks the suite does not list: ${extra.join('; ')}`);
  }
  if (problems.length === 0)
    return { state: 'passed', summary: `All ${total} checks passed on the page and in a pool worker.`, rows };
  return { state: couldNotRun ? 'error' : 'failed', summary: `FAILED: ${problems.join('. ')}.`, rows };
}
