// Reading benchmark results: the JSON file format `npm run bench -- --json` writes (and the
// benchmark page exports and imports), noise warnings, ratios against noble and the 16-thread
// target, side-by-side comparison of runs, and a shareable link (the file deflated into the URL
// hash). Pure and platform-neutral (CompressionStream exists in browsers and Node 22).
import type { BenchResult } from './types.js';

/** What `npm run bench -- --json FILE` writes: a free-form machine description and the rows. */
export interface BenchFile {
  machine: Record<string, string | number | boolean | null>;
  results: BenchResult[];
}

export class BenchFileError extends Error {
  override name = 'BenchFileError';
}

/** Largest file the page reads (a full run is a few kB). */
export const MAX_BENCH_FILE_BYTES = 1 << 20;
export const TARGET_THREADS = 16;

export const rowKey = (r: Pick<BenchResult, 'name' | 'impl' | 'size' | 'threads'>) =>
  `${r.name} ${r.impl} ${r.size} ${r.threads}`;

/** Checks a parsed file: rows with a non-empty name and impl, a positive integer size and thread count, a positive finite ms. */
export function checkBenchFile(value: unknown): BenchFile {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new BenchFileError('not a benchmark file: expected an object with "machine" and "results"');
  const o = value as Record<string, unknown>;
  if (!Array.isArray(o.results)) throw new BenchFileError('not a benchmark file: "results" is not an array');
  const machine: BenchFile['machine'] = {};
  if (o.machine !== undefined) {
    if (typeof o.machine !== 'object' || o.machine === null || Array.isArray(o.machine))
      throw new BenchFileError('"machine" is not an object');
    for (const [k, v] of Object.entries(o.machine)) {
      if (v === null || ['string', 'number', 'boolean'].includes(typeof v))
        machine[k] = v as string | number | boolean | null;
    }
  }
  const seen = new Set<string>();
  const results = o.results.map((r, i): BenchResult => {
    const at = `results[${i}]`;
    if (typeof r !== 'object' || r === null) throw new BenchFileError(`${at} is not an object`);
    const x = r as Record<string, unknown>;
    for (const f of ['name', 'impl'] as const)
      if (typeof x[f] !== 'string' || x[f] === '' || (x[f] as string).length > 64)
        throw new BenchFileError(`${at}.${f} must be a non-empty string of at most 64 characters`);
    for (const f of ['size', 'threads'] as const)
      if (!Number.isSafeInteger(x[f]) || (x[f] as number) < 1)
        throw new BenchFileError(`${at}.${f} must be a positive integer`);
    if (typeof x.ms !== 'number' || !Number.isFinite(x.ms) || x.ms <= 0)
      throw new BenchFileError(`${at}.ms must be a positive number`);
    const row = {
      name: x.name as string,
      impl: x.impl as string,
      size: x.size as number,
      threads: x.threads as number,
      ms: x.ms,
    };
    const key = rowKey(row);
    if (seen.has(key)) throw new BenchFileError(`${at} repeats the row ${key}`);
    seen.add(key);
    return row;
  });
  return { machine, results };
}

export function parseBenchFile(text: string): BenchFile {
  if (text.length > MAX_BENCH_FILE_BYTES)
    throw new BenchFileError(`the file is larger than ${MAX_BENCH_FILE_BYTES} bytes`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new BenchFileError(`not JSON: ${(e as Error).message}`);
  }
  return checkBenchFile(value);
}

/** A short name for the machine a file came from. */
export function machineLabel(file: BenchFile): string {
  const m = file.machine;
  if (typeof m.label === 'string' && m.label) return m.label;
  const cores = typeof m.cores === 'number' ? `${m.cores} threads` : '';
  if (typeof m.cpu === 'string')
    return [m.cpu, cores, typeof m.node === 'string' ? `Node ${m.node}` : ''].filter(Boolean).join(', ');
  return cores || 'unknown machine';
}

// ---- warnings -------------------------------------------------------------------------------

/** Repeats further apart than this share of their median make a row noisy. */
export const NOISY_SPREAD = 0.25;

export interface NoiseWarning {
  key: string;
  message: string;
}

/** Noisy rows (repeats spread wide) and all-thread rows no faster than the one-thread row. */
export function noiseWarnings(rows: ReadonlyArray<BenchResult & { times?: number[] }>): NoiseWarning[] {
  const out: NoiseWarning[] = [];
  for (const r of rows) {
    if (!r.times || r.times.length < 2) continue;
    const spread = (Math.max(...r.times) - Math.min(...r.times)) / r.ms;
    if (spread > NOISY_SPREAD)
      out.push({
        key: rowKey(r),
        message: `${rowKey(r)}: repeats spread ${Math.round(spread * 100)}% of the median (${r.times.map((t) => t.toFixed(1)).join(', ')} ms); something else was using the device`,
      });
  }
  for (const r of rows) {
    if (r.threads <= 1) continue;
    const one = rows.find((o) => o.name === r.name && o.impl === r.impl && o.size === r.size && o.threads === 1);
    if (one && r.ms >= one.ms)
      out.push({
        key: rowKey(r),
        message: `${r.name} ${r.impl} ${r.size}: ${r.threads} threads (${r.ms.toFixed(1)} ms) were no faster than one (${one.ms.toFixed(1)} ms); other work is competing for the cores, or the browser throttles this tab`,
      });
  }
  return out;
}

// ---- ratios ---------------------------------------------------------------------------------

export interface RowView extends BenchResult {
  /** noble's ms over ours for the same name, size and threads (kernel rows only). */
  vsNoble: number | null;
  /** For an all-threads row: the time a 16-thread device with this device's per-thread speed and split efficiency would take. */
  at16: number | null;
  /** Speed-up over the same work on one thread. */
  speedup: number | null;
}

export function viewRows(rows: readonly BenchResult[]): RowView[] {
  const find = (name: string, impl: string, size: number, threads: number) =>
    rows.find((o) => o.name === name && o.impl === impl && o.size === size && o.threads === threads);
  return rows.map((r) => {
    const noble = r.impl !== 'noble' ? find(r.name, 'noble', r.size, r.threads) : undefined;
    const one = r.threads > 1 ? find(r.name, r.impl, r.size, 1) : undefined;
    let at16: number | null = null;
    let speedup: number | null = null;
    if (one) {
      speedup = one.ms / r.ms;
      // Efficiency per thread, capped at 1 (a split never beats perfect scaling on more threads).
      const efficiency = Math.min(1, speedup / r.threads);
      at16 = one.ms / (TARGET_THREADS * efficiency);
    }
    return { ...r, vsNoble: noble ? noble.ms / r.ms : null, at16, speedup };
  });
}

// ---- comparing runs -------------------------------------------------------------------------

export interface ComparedRow {
  key: string;
  name: string;
  impl: string;
  size: number;
  threads: number;
  /** One entry per run, null where that run lacks the row. */
  ms: Array<number | null>;
}

/** Rows of several runs side by side, matched by (name, impl, size, threads), in first-seen order. */
export function compareRuns(runs: ReadonlyArray<{ results: readonly BenchResult[] }>): ComparedRow[] {
  const order = new Map<string, BenchResult>();
  for (const run of runs) for (const r of run.results) if (!order.has(rowKey(r))) order.set(rowKey(r), r);
  return [...order].map(([key, r]) => ({
    key,
    name: r.name,
    impl: r.impl,
    size: r.size,
    threads: r.threads,
    ms: runs.map((run) => run.results.find((o) => rowKey(o) === key)?.ms ?? null),
  }));
}

// ---- share links ----------------------------------------------------------------------------

const SHARE_PREFIX = 'bench=';

function toBase64Url(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new BenchFileError('the shared result is not base64url');
  const s = atob(text.replaceAll('-', '+').replaceAll('_', '/'));
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}

/** Bytes through a (de)compression stream, refusing output past `limit` (an inflate bomb costs little). */
async function through(
  bytes: Uint8Array,
  stream: CompressionStream | DecompressionStream,
  limit = Number.POSITIVE_INFINITY,
): Promise<Uint8Array> {
  const reader = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(stream).getReader();
  const parts: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    length += value.length;
    if (length > limit) {
      await reader.cancel();
      throw new BenchFileError(`the shared result inflates past ${limit} bytes`);
    }
    parts.push(value);
  }
  const out = new Uint8Array(length);
  let at = 0;
  for (const p of parts) out.set(p, (at += p.length) - p.length);
  return out;
}

/** The URL hash (without '#') that carries `file`: its JSON, deflated, base64url. */
export async function encodeShareHash(file: BenchFile): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify(checkBenchFile(file)));
  return SHARE_PREFIX + toBase64Url(await through(json, new CompressionStream('deflate-raw')));
}

/** The file a share hash carries, or null when the hash is not a share link; bad content raises BenchFileError. */
export async function decodeShareHash(hash: string): Promise<BenchFile | null> {
  const h = hash.startsWith('#') ? hash.slice(1) : hash;
  if (!h.startsWith(SHARE_PREFIX)) return null;
  const packed = fromBase64Url(h.slice(SHARE_PREFIX.length));
  if (packed.length > MAX_BENCH_FILE_BYTES) throw new BenchFileError('the shared result is too large');
  let json: Uint8Array;
  try {
    json = await through(packed, new DecompressionStream('deflate-raw'), MAX_BENCH_FILE_BYTES);
  } catch (e) {
    if (e instanceof BenchFileError) throw e;
    throw new BenchFileError('the shared result is damaged (it does not inflate)');
  }
  return parseBenchFile(new TextDecoder().decode(json));
}
