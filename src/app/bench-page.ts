// The benchmark part of the device page: runs the standard suite (src/bench/standard.ts) with a
// progress bar per task and a cancel button, shows the rows against noble and the 16-thread target,
// warns about noise, draws the charts, and exports, shares, saves, imports and compares runs.
// Everything read from a file or a link is shown as text (never as HTML).
import {
  type BenchFile,
  BenchFileError,
  compareRuns,
  decodeShareHash,
  encodeShareHash,
  machineLabel,
  noiseWarnings,
  parseBenchFile,
  TARGET_THREADS,
  viewRows,
} from '../bench/report.js';
import { BenchCancelledError, type MeasuredRow, planStandardSuite, runStandardSuite } from '../bench/standard.js';
import type { Kernel } from '../kernel/types.js';
import type { WorkerPool } from '../../workers/jobs.js';
import type { RunHistory, SavedRun } from './bench-history.js';
import { $, describeError } from './dom.js';

interface ListedRun {
  label: string;
  at: number;
  source: 'this run' | 'saved' | 'imported' | 'shared link';
  file: BenchFile;
  selected: boolean;
}

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  text?: string | number,
  className?: string,
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = String(text);
  if (className) e.className = className;
  return e;
}

const fmtMs = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2));
const fmtX = (x: number | null) => (x === null ? '—' : `${x >= 10 ? x.toFixed(0) : x.toFixed(1)}×`);

/** This browser as the export's "machine": enough to tell two devices apart. */
function browserMachine(quick: boolean, pool: WorkerPool): BenchFile['machine'] {
  const nav = navigator as Navigator & { deviceMemory?: number; userAgentData?: { platform?: string } };
  const ua = navigator.userAgent;
  const browser =
    /Firefox\/(\d+)/.exec(ua)?.[0] ??
    /Chrom(e|ium)\/(\d+)/.exec(ua)?.[0] ??
    /Version\/(\d+).*Safari/.exec(ua)?.[0] ??
    'browser';
  const platform = nav.userAgentData?.platform || /\(([^;)]+)/.exec(ua)?.[1] || 'unknown platform';
  return {
    label: `${browser.replace('/', ' ')} on ${platform}, ${navigator.hardwareConcurrency} threads`,
    source: 'benchmark page',
    userAgent: ua,
    cores: navigator.hardwareConcurrency,
    memoryGiB: nav.deviceMemory ?? null,
    crossOriginIsolated,
    poolSize: pool.size,
    quick,
  };
}

export interface BenchPageOptions {
  pool: WorkerPool;
  kernel: Kernel;
  /** Saved runs; null when IndexedDB is unavailable (private windows of some browsers). */
  history: RunHistory | null;
}

export function mountBenchPage({ pool, kernel, history }: BenchPageOptions) {
  const runButton = $('bench') as HTMLButtonElement;
  const cancelButton = $('bench-cancel') as HTMLButtonElement;
  const quickBox = $('bench-quick') as HTMLInputElement;
  const progressText = $('bench-progress');
  const runs: ListedRun[] = [];
  let current: { file: BenchFile; measured: MeasuredRow[] } | null = null;
  let controller: AbortController | null = null;

  const message = (text: string, tone?: 'good' | 'warn' | 'bad') => {
    const m = $('runs-message');
    m.textContent = text;
    if (tone) m.dataset.tone = tone;
    else delete m.dataset.tone;
  };

  function renderTasks(quick: boolean) {
    const list = $('bench-tasks');
    list.replaceChildren(
      ...planStandardSuite(quick).map((t) => {
        const li = el('li');
        li.id = `task-${t.id}`;
        li.dataset.state = 'waiting';
        const bar = el('progress');
        bar.max = t.total;
        bar.value = 0;
        bar.setAttribute('aria-label', t.title);
        li.append(el('span', t.title, 'task-title'), bar, el('span', 'waiting', 'task-note'));
        return li;
      }),
    );
  }

  /** The first cell of a row: its name, and impl · size (· threads, on narrow screens) beneath. */
  function rowName(r: { name: string; impl: string; size: number; threads: number }): HTMLTableCellElement {
    const td = el('td', r.name, 'row-name');
    const small = el('small', `${r.impl} · ${r.size.toLocaleString('en')}`);
    small.append(el('span', ` · ${r.threads} thread${r.threads === 1 ? '' : 's'}`, 'narrow-only'));
    td.append(small);
    return td;
  }

  function headRow(cells: Array<[string, string?]>): HTMLTableRowElement {
    const tr = el('tr');
    for (const [text, cls] of cells) tr.append(el('th', text, cls));
    return tr;
  }

  function renderResults(rows: MeasuredRow[]) {
    const head = headRow([
      ['task'],
      ['threads', 'num wide-only'],
      ['ms', 'num'],
      ['vs noble', 'num'],
      ['speed-up', 'num wide-only'],
      [`≈ ${TARGET_THREADS} threads, ms`, 'num'],
    ]);
    const body = viewRows(rows).map((r) => {
      const tr = el('tr');
      tr.dataset.key = `${r.name} ${r.impl} ${r.size} ${r.threads}`;
      tr.append(
        rowName(r),
        el('td', r.threads, 'num wide-only'),
        el('td', fmtMs(r.ms), 'num ms'),
        el('td', fmtX(r.vsNoble), 'num vs-noble'),
        el('td', fmtX(r.speedup), 'num wide-only'),
        el('td', r.at16 === null ? '—' : fmtMs(r.at16), 'num'),
      );
      return tr;
    });
    $('bench-results').replaceChildren(head, ...body);
  }

  function renderWarnings(rows: MeasuredRow[]) {
    const box = $('bench-warnings');
    const warnings = noiseWarnings(rows);
    const threads = pool.size;
    const notes: string[] = [];
    if (threads < TARGET_THREADS)
      notes.push(
        `This device runs ${threads} of the target's ${TARGET_THREADS} threads; the last column estimates a ${TARGET_THREADS}-thread device with this device's per-thread speed and split efficiency.`,
      );
    box.replaceChildren(
      ...warnings.map((w) => el('p', `Noisy: ${w.message}`, 'warning')),
      ...notes.map((n) => el('p', n, 'muted')),
    );
    box.hidden = box.childElementCount === 0;
  }

  async function renderCharts(rows: MeasuredRow[]) {
    $('bench-charts').hidden = false;
    // chart.js loads only once there is something to draw.
    const { drawCharts } = await import('./bench-chart.js');
    drawCharts($('chart-size') as HTMLCanvasElement, $('chart-threads') as HTMLCanvasElement, rows);
  }

  function renderRuns() {
    const list = $('runs-list');
    list.replaceChildren(
      ...runs.map((run, i) => {
        const li = el('li');
        const box = el('input');
        box.type = 'checkbox';
        box.checked = run.selected;
        box.id = `run-${i}`;
        box.onchange = () => {
          run.selected = box.checked;
          renderComparison();
        };
        const label = el('label');
        label.htmlFor = box.id;
        label.append(
          el('strong', run.label),
          el(
            'span',
            ` · ${run.source}, ${new Date(run.at).toLocaleString()} · ${run.file.results.length} rows`,
            'muted',
          ),
        );
        li.append(box, label);
        return li;
      }),
    );
    if (runs.length === 0) list.append(el('li', 'None yet: run the suite, or import a file.', 'muted'));
    renderComparison();
  }

  function renderComparison() {
    const selected = runs.filter((r) => r.selected);
    const table = $('runs-compare');
    if (selected.length === 0) {
      table.replaceChildren();
      return;
    }
    const head = headRow([
      ['task'],
      ['threads', 'num wide-only'],
      ...selected.map((r): [string, string] => [`${r.label} (ms)`, 'num']),
    ]);
    if (selected.length === 2) head.append(el('th', 'ratio', 'num'));
    const rows = compareRuns(selected.map((r) => r.file)).map((c) => {
      const tr = el('tr');
      tr.dataset.key = c.key;
      tr.append(rowName(c), el('td', c.threads, 'num wide-only'));
      for (const ms of c.ms) tr.append(el('td', ms === null ? '—' : fmtMs(ms), 'num ms'));
      if (selected.length === 2) {
        const [a, b] = c.ms;
        tr.append(el('td', a != null && b != null ? `${(b / a).toFixed(2)}×` : '—', 'num'));
      }
      return tr;
    });
    table.replaceChildren(head, ...rows);
  }

  function addRun(run: Omit<ListedRun, 'selected'>) {
    runs.push({ ...run, selected: true });
    renderRuns();
  }

  async function loadHistory() {
    if (!history) {
      message('Saved runs are unavailable: this browser gives the page no IndexedDB.', 'warn');
      return;
    }
    try {
      for (const r of await history.list())
        runs.push({ label: r.device, at: r.at, source: 'saved', file: r.file, selected: false });
      renderRuns();
    } catch (e) {
      message(`Could not read saved runs: ${describeError(e)}`, 'bad');
    }
  }

  async function run() {
    const quick = quickBox.checked;
    controller = new AbortController();
    runButton.disabled = true;
    cancelButton.disabled = false;
    quickBox.disabled = true;
    for (const b of ['run-export', 'run-share', 'run-save']) ($(b) as HTMLButtonElement).disabled = true;
    $('bench-warnings').hidden = true;
    renderTasks(quick);
    const measured: MeasuredRow[] = [];
    renderResults(measured);
    progressText.textContent = 'Running…';
    let last = performance.now();
    try {
      await runStandardSuite({
        kernel,
        pool,
        quick,
        signal: controller.signal,
        onProgress: (p) => {
          const li = $(`task-${p.task}`);
          li.dataset.state = p.done >= p.total ? 'done' : 'running';
          (li.querySelector('progress') as HTMLProgressElement).value = p.done;
          li.querySelector('.task-note')!.textContent = p.done >= p.total ? 'done' : p.note;
          for (const other of document.querySelectorAll<HTMLElement>('#bench-tasks li[data-state="running"]'))
            if (other !== li) other.dataset.state = 'done';
        },
        onRow: (row) => {
          measured.push(row);
          renderResults(measured);
        },
        // Yield to the browser at most every 50 ms so the page paints and the cancel click lands.
        breathe: async () => {
          if (performance.now() - last < 50) return;
          await new Promise((r) => setTimeout(r, 0));
          last = performance.now();
        },
      });
      for (const li of document.querySelectorAll<HTMLElement>('#bench-tasks li')) li.dataset.state = 'done';
      const file: BenchFile = {
        machine: browserMachine(quick, pool),
        results: measured.map(({ name, impl, size, threads, ms }) => ({ name, impl, size, threads, ms })),
      };
      current = { file, measured };
      progressText.textContent = `Done: ${measured.length} rows.`;
      renderWarnings(measured);
      for (const b of ['run-export', 'run-share', 'run-save']) ($(b) as HTMLButtonElement).disabled = false;
      addRun({ label: `${machineLabel(file)} (this run)`, at: Date.now(), source: 'this run', file });
      await renderCharts(measured);
    } catch (e) {
      for (const li of document.querySelectorAll<HTMLElement>('#bench-tasks li[data-state="running"]')) {
        li.dataset.state = 'cancelled';
        li.querySelector('.task-note')!.textContent = e instanceof BenchCancelledError ? 'cancelled' : 'failed';
      }
      progressText.textContent =
        e instanceof BenchCancelledError
          ? `Cancelled after ${measured.length} rows.`
          : `The benchmark failed: ${describeError(e)}`;
    } finally {
      controller = null;
      runButton.disabled = false;
      cancelButton.disabled = true;
      quickBox.disabled = false;
    }
  }

  runButton.onclick = () => void run();
  cancelButton.onclick = () => {
    controller?.abort();
    progressText.textContent = 'Cancelling after the current step…';
  };

  $('run-export').onclick = () => {
    if (!current) return;
    const blob = new Blob([`${JSON.stringify(current.file, null, 2)}\n`], { type: 'application/json' });
    const a = el('a');
    a.href = URL.createObjectURL(blob);
    a.download = `fernet-bench-${new Date().toISOString().slice(0, 19).replaceAll(':', '')}.json`;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
  };

  $('run-share').onclick = async () => {
    if (!current) return;
    const url = `${location.origin}${location.pathname}#${await encodeShareHash(current.file)}`;
    const link = $('run-share-href') as HTMLAnchorElement;
    link.href = url;
    link.textContent = `share link (${url.length} characters)`;
    $('run-share-link').hidden = false;
    try {
      await navigator.clipboard.writeText(url);
      message('Share link copied.', 'good');
    } catch {
      message('The browser did not allow copying; the link is below.', 'warn');
    }
  };

  $('run-save').onclick = async () => {
    if (!current || !history) return;
    const saved: SavedRun = { at: Date.now(), device: machineLabel(current.file), file: current.file };
    try {
      await history.add(saved);
      runs.push({ label: saved.device, at: saved.at, source: 'saved', file: saved.file, selected: false });
      renderRuns();
      message('Saved on this device.', 'good');
    } catch (e) {
      message(`Could not save: ${describeError(e)}`, 'bad');
    }
  };

  ($('run-import') as HTMLInputElement).onchange = async (event) => {
    const input = event.target as HTMLInputElement;
    for (const f of input.files ?? []) {
      try {
        const file = parseBenchFile(await f.text());
        addRun({ label: machineLabel(file), at: f.lastModified || Date.now(), source: 'imported', file });
        message(`Imported ${f.name}: ${file.results.length} rows.`, 'good');
      } catch (e) {
        message(`${f.name}: ${e instanceof BenchFileError ? e.message : describeError(e)}`, 'bad');
      }
    }
    input.value = '';
  };

  async function readShareLink() {
    try {
      const file = await decodeShareHash(location.hash);
      if (file) {
        addRun({ label: machineLabel(file), at: Date.now(), source: 'shared link', file });
        message(`Opened a shared result: ${file.results.length} rows from ${machineLabel(file)}.`, 'good');
      }
    } catch (e) {
      message(`The shared link is unusable: ${describeError(e)}`, 'bad');
    }
  }

  renderTasks(quickBox.checked);
  quickBox.onchange = () => renderTasks(quickBox.checked);
  renderRuns();
  runButton.disabled = false;
  void loadHistory().then(readShareLink);
  addEventListener('hashchange', () => void readShareLink());
}
