// The commitment generators, shipped rather than re-derived: each published set (label, count)
// has a SHA-256 constant below, computed from the derivation (test/proof/generator-store.test.ts
// re-derives both and checks the constants). loadCommitmentGenerators takes a set from a
// GeneratorCache when its bytes hash to the constant, else reports the entry
// (GeneratorCacheError), derives the set and stores it. A set loaded this way is adopted without
// the per-point check of importPedersenGenerators: the hash already pins every byte.
import { sha256 } from '@noble/hashes/sha2.js';
import { type GeneratorCache, GeneratorCacheError } from '../kernel/generator-cache.js';
import { decodeGenerators, encodeGenerators } from '../kernel/pedersen-codec.js';
import {
  adoptPedersenGenerators,
  type GeneratorSet,
  type PedersenKernel,
  pedersenGeneratorSet,
} from '../kernel/pedersen.js';
import type { KernelExports } from '../kernel/loader.js';
import { type FixedBaseTable, G1_BYTES, type Kernel } from '../kernel/types.js';
import { ERROR_GENERATORS_LABEL, WITNESS_GENERATORS_LABEL } from './commitment.js';

export { GeneratorCacheError, type GeneratorCache } from '../kernel/generator-cache.js';

export interface PublishedGenerators {
  readonly label: string;
  readonly count: number;
  /** SHA-256 (hex) of the set's persisted bytes (encodeGenerators: label, counters, points, checksum). */
  readonly sha256: string;
}

/** 2^16 generators per label: every shipped shape (base-rollup: 59 031 W, 59 056 E) fits. */
export const PUBLISHED_GENERATOR_COUNT = 1 << 16;

export const PUBLISHED_GENERATORS: readonly PublishedGenerators[] = [
  {
    label: WITNESS_GENERATORS_LABEL,
    count: PUBLISHED_GENERATOR_COUNT,
    sha256: 'b487ea98103a50a850a2813919d954a1aa854ffe2e4ef4638bac3673c75923be',
  },
  {
    label: ERROR_GENERATORS_LABEL,
    count: PUBLISHED_GENERATOR_COUNT,
    sha256: 'e6db54f4ea5e38b72cbdd1e8c7714af483626b5c0fe7f86e45a43cbaacedf1c1',
  },
];

export function generatorCacheKey(p: Pick<PublishedGenerators, 'label' | 'count'>): string {
  return `pedersen-v1/${p.label}/${p.count}`;
}

export interface LoadGeneratorsOptions {
  /** Called for each cache entry that was refused (and is being re-derived). */
  onRejected?: (error: GeneratorCacheError) => void;
  /** The sets to load [PUBLISHED_GENERATORS]. */
  sets?: readonly PublishedGenerators[];
  /**
   * Derives a missing set's encoded bytes elsewhere (a page passes its workers, so its own thread
   * never freezes for the seconds a derivation takes); missing sets are then derived in
   * parallel. The bytes are checked against the published hash like a cache entry. Default: on
   * this thread, one set after another.
   */
  derive?: (published: PublishedGenerators) => Promise<Uint8Array>;
}

export interface LoadedGenerators {
  /** The sets, adopted into this thread's Pedersen cache (hand them to workers). */
  sets: GeneratorSet[];
  /** Keys taken from the cache and keys derived (and stored). */
  fromCache: string[];
  derived: string[];
}

/**
 * SHA-256 in hex: Node's own crypto where it runs (≈ 5× WebCrypto's digest, which copies its
 * input; this hashes 80 MiB tables in every process that loads them), else WebCrypto where it
 * exists (a page), else @noble/hashes. WebCrypto refuses views of shared memory: those are copied.
 */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const node = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule?.(
    'node:crypto',
  ) as { createHash(alg: string): { update(b: Uint8Array): { digest(enc: 'hex'): string } } } | undefined;
  if (node) return node.createHash('sha256').update(bytes).digest('hex');
  const subtle = globalThis.crypto?.subtle;
  const plain = bytes.buffer instanceof ArrayBuffer ? bytes : bytes.slice();
  const digest = subtle
    ? new Uint8Array(await subtle.digest('SHA-256', plain as Uint8Array<ArrayBuffer>))
    : sha256(bytes);
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Loads every published set from the cache (checked) or derives and stores it. */
export async function loadCommitmentGenerators(
  kernel: PedersenKernel,
  cache: GeneratorCache,
  options: LoadGeneratorsOptions = {},
): Promise<LoadedGenerators> {
  const published = options.sets ?? PUBLISHED_GENERATORS;
  const cached = await Promise.all(published.map((p) => readChecked(cache, generatorCacheKey(p), p, options)));
  const missing = published.filter((_, i) => cached[i] === null);
  const derived = new Map<PublishedGenerators, Uint8Array>();
  const { derive } = options;
  if (derive) await Promise.all(missing.map(async (p) => derived.set(p, await checkedDerivation(p, await derive(p)))));
  const out: LoadedGenerators = { sets: [], fromCache: [], derived: [] };
  for (const [i, p] of published.entries()) {
    const key = generatorCacheKey(p);
    const fromCache = cached[i];
    if (fromCache) {
      adoptPedersenGenerators(fromCache);
      out.sets.push(pedersenGeneratorSet(kernel, p.label, p.count));
      out.fromCache.push(key);
      continue;
    }
    let bytes = derived.get(p);
    if (bytes) adoptPedersenGenerators(decodeGenerators(bytes));
    else bytes = await checkedDerivation(p, deriveEncodedGenerators(kernel, p.label, p.count));
    await cache.put(key, bytes);
    out.sets.push(pedersenGeneratorSet(kernel, p.label, p.count));
    out.derived.push(key);
  }
  return out;
}

async function checkedDerivation(published: PublishedGenerators, bytes: Uint8Array): Promise<Uint8Array> {
  const got = await sha256Hex(bytes);
  if (got !== published.sha256)
    throw new GeneratorCacheError(
      `derived generators of "${published.label}" (${published.count}) hash to ${got}, the published hash is ${published.sha256}`,
    );
  return bytes;
}

/** The job a worker runs for `derive`: one set, derived and encoded. */
export function deriveEncodedGenerators(kernel: PedersenKernel, label: string, count: number): Uint8Array {
  return encodeGenerators(pedersenGeneratorSet(kernel, label, count));
}

async function readChecked(
  cache: GeneratorCache,
  key: string,
  published: PublishedGenerators,
  options: LoadGeneratorsOptions,
): Promise<GeneratorSet | null> {
  const reject = (why: string): null => {
    options.onRejected?.(new GeneratorCacheError(`cache entry ${key} refused: ${why}`));
    return null;
  };
  let bytes: Uint8Array | null;
  try {
    bytes = await cache.get(key);
  } catch (err) {
    return reject(`reading it failed (${(err as Error).message})`);
  }
  if (!bytes) return null;
  const got = await sha256Hex(bytes);
  if (got !== published.sha256) return reject(`sha256 ${got} is not the published ${published.sha256}`);
  // The hash pins the bytes; decoding cannot fail on the published encoding, but stay named if it does.
  let set: GeneratorSet;
  try {
    set = decodeGenerators(bytes);
  } catch (err) {
    return reject(`it does not decode (${(err as Error).message})`);
  }
  if (set.label !== published.label || set.counters.length !== published.count)
    return reject(`it holds ${set.counters.length} generators of "${set.label}"`);
  return set;
}

// --- fixed-base tables ---

export interface PublishedTable {
  readonly label: string;
  readonly count: number;
  readonly windowBits: number;
  /** SHA-256 (hex) of the table's bytes (the kernel's internal form, wasm/assembly/msm_fixed.ts). */
  readonly sha256: string;
}

/** Tables of the published generator sets at c = 15 (17 windows: 80 MiB each). */
export const PUBLISHED_TABLES: readonly PublishedTable[] = [
  {
    label: WITNESS_GENERATORS_LABEL,
    count: PUBLISHED_GENERATOR_COUNT,
    windowBits: 15,
    sha256: '8fd49348ba9b41d821364e8273a7fce160b1879e4caf1efb9454116cd5cdadd6',
  },
  {
    label: ERROR_GENERATORS_LABEL,
    count: PUBLISHED_GENERATOR_COUNT,
    windowBits: 15,
    sha256: 'ebd239f26609ecede97b20c7c58d45b80c071816bd93e1b7e1b8080b1c24ae07',
  },
];

/** Bytes of a table of count generators at windowBits (72-byte entries, ⌈255/c⌉ per generator). */
export function tableBytes(count: number, windowBits: number): number {
  return count * Math.ceil(255 / windowBits) * 72;
}

export function tableCacheKey(p: Pick<PublishedTable, 'label' | 'count' | 'windowBits'>): string {
  return `fixed-v1/${p.label}/${p.count}/c${p.windowBits}`;
}

/** What the kernel offers for tables: table bytes in and out, and its raw exports (WasmKernel). */
export interface TableKernel extends Kernel {
  readonly raw: KernelExports;
  fixedBaseTableFromBytes(bytes: Uint8Array, n: number, windowBits: number): FixedBaseTable;
}

/** A table's bytes (the kernel's internal form) with what they are the table of. */
export interface TableBytes {
  label: string;
  count: number;
  windowBits: number;
  bytes: Uint8Array;
}

export interface LoadedTable extends TableBytes {
  readonly table: FixedBaseTable;
}

/** Rows [from, to) of a published table: the rows of a table are independent (one per generator). */
export interface TableRows {
  label: string;
  count: number;
  windowBits: number;
  from: number;
  to: number;
}

export interface LoadTablesOptions {
  /** Called for each cache entry refused (and rebuilt) and each built table the cache did not take. */
  onRejected?: (error: GeneratorCacheError) => void;
  tables?: readonly PublishedTable[];
  /**
   * Where the loaded tables live [shared]: 'shared', one copy outside the kernel (on a
   * SharedArrayBuffer where the platform has one) that this thread's kernel and every worker it
   * is handed to read in place; 'kernel', copied into this kernel's memory.
   */
  placement?: 'shared' | 'kernel';
  /**
   * Builds rows of a missing table elsewhere (workers: `proof.build-table-rows`), `parts` pieces
   * per table in parallel. Default: each table whole, on this thread (seconds of CPU per table).
   */
  buildRows?: (rows: TableRows) => Promise<Uint8Array>;
  /** Pieces per table for buildRows [2]. */
  parts?: number;
  /** Take tables from the cache only: a missing or refused one is left out, not built [false]. */
  cachedOnly?: boolean;
}

/** The job a worker runs for `buildRows`: the table rows of generators [from, to), as bytes. */
export function buildTableRows(kernel: PedersenKernel & Kernel, rows: TableRows): Uint8Array {
  const { label, count, windowBits, from, to } = rows;
  if (!(Number.isInteger(from) && Number.isInteger(to) && from >= 0 && from <= to && to <= count))
    throw new RangeError(`table rows [${from}, ${to}) are not within ${count} generators`);
  const points = pedersenGeneratorSet(kernel, label, count).points.subarray(from * G1_BYTES, to * G1_BYTES);
  const table = kernel.fixedBaseTable(points, windowBits);
  try {
    return kernel.exportFixedTable(table);
  } finally {
    table.free();
  }
}

/**
 * Loads each published table from the cache when its bytes hash to the constant, else builds it
 * from the generators (derived or adopted first), checks the hash and stores it. A table is
 * kernel-internal bytes: only a hash match lets cached bytes into the kernel.
 */
export async function loadCommitmentTables(
  kernel: PedersenKernel & Kernel,
  cache: GeneratorCache,
  options: LoadTablesOptions = {},
): Promise<{ tables: LoadedTable[]; fromCache: string[]; derived: string[] }> {
  const out = { tables: [] as LoadedTable[], fromCache: [] as string[], derived: [] as string[] };
  const place = (p: PublishedTable, bytes: Uint8Array): LoadedTable => {
    const shared = options.placement !== 'kernel';
    const kept = shared ? inSharedMemory(bytes) : bytes;
    const table = shared
      ? kernel.fixedBaseTableShared(kept, p.count, p.windowBits)
      : (kernel as TableKernel).fixedBaseTableFromBytes(kept, p.count, p.windowBits);
    return { label: p.label, count: p.count, windowBits: p.windowBits, bytes: kept, table };
  };
  const published = options.tables ?? PUBLISHED_TABLES;
  const missing: PublishedTable[] = [];
  const cached = new Map<PublishedTable, Uint8Array>();
  for (const p of published) {
    const bytes = await readCheckedTable(cache, p, options);
    if (bytes) cached.set(p, bytes);
    else if (!options.cachedOnly) missing.push(p);
  }
  // Missing tables are built (in parallel pieces when buildRows is given), checked and stored.
  const built = new Map<PublishedTable, Uint8Array>();
  await Promise.all(
    missing.map(async (p) => {
      const bytes = await buildTable(kernel, p, options);
      const got = await sha256Hex(bytes);
      if (got !== p.sha256)
        throw new GeneratorCacheError(
          `built table of "${p.label}" (${p.count}, c = ${p.windowBits}) hashes to ${got}, the published hash is ${p.sha256}`,
        );
      // A table that cannot be kept (storage full) is still used: only the next start pays again.
      await cache.put(tableCacheKey(p), bytes).catch((err: unknown) => {
        options.onRejected?.(
          new GeneratorCacheError(`cache entry ${tableCacheKey(p)} not stored: ${(err as Error).message}`),
        );
      });
      built.set(p, bytes);
    }),
  );
  for (const p of published) {
    const bytes = cached.get(p) ?? built.get(p);
    if (!bytes) continue; // cachedOnly
    out.tables.push(place(p, bytes));
    (cached.has(p) ? out.fromCache : out.derived).push(tableCacheKey(p));
  }
  return out;
}

async function buildTable(kernel: PedersenKernel & Kernel, p: PublishedTable, options: LoadTablesOptions) {
  const whole = { label: p.label, count: p.count, windowBits: p.windowBits, from: 0, to: p.count };
  if (!options.buildRows) return buildTableRows(kernel, whole);
  const parts = Math.max(1, Math.min(options.parts ?? 2, p.count));
  const bytes = new Uint8Array(tableBytes(p.count, p.windowBits));
  const rowBytes = bytes.length / p.count;
  const step = Math.ceil(p.count / parts);
  const pieces = [];
  for (let from = 0; from < p.count; from += step) pieces.push({ ...whole, from, to: Math.min(p.count, from + step) });
  await Promise.all(
    pieces.map(async (rows) => {
      const got = await options.buildRows!(rows);
      if (got.length !== (rows.to - rows.from) * rowBytes)
        throw new GeneratorCacheError(
          `table rows [${rows.from}, ${rows.to}) of "${p.label}" came back with ${got.length} bytes`,
        );
      bytes.set(got, rows.from * rowBytes);
    }),
  );
  return bytes;
}

async function readCheckedTable(
  cache: GeneratorCache,
  p: PublishedTable,
  options: LoadTablesOptions,
): Promise<Uint8Array | null> {
  const key = tableCacheKey(p);
  const reject = (why: string): null => {
    options.onRejected?.(new GeneratorCacheError(`cache entry ${key} refused: ${why}`));
    return null;
  };
  let bytes: Uint8Array | null;
  try {
    bytes = await cache.get(key, { shared: options.placement !== 'kernel' });
  } catch (err) {
    return reject(`reading it failed (${(err as Error).message})`);
  }
  if (!bytes) return null;
  if (bytes.length !== tableBytes(p.count, p.windowBits))
    return reject(`it holds ${bytes.length} bytes, the table has ${tableBytes(p.count, p.windowBits)}`);
  const got = await sha256Hex(bytes);
  return got === p.sha256 ? bytes : reject(`sha256 ${got} is not the published ${p.sha256}`);
}

/**
 * The array on a SharedArrayBuffer (a copy unless it is already there), where the platform has
 * one (a page needs cross-origin isolation); else the array itself.
 */
export function inSharedMemory<T extends Uint8Array | Uint32Array>(a: T): T {
  if (typeof SharedArrayBuffer !== 'function' || a.buffer instanceof SharedArrayBuffer) return a;
  const copy = new (a.constructor as new (b: SharedArrayBuffer) => T)(new SharedArrayBuffer(a.byteLength));
  copy.set(a as never);
  return copy;
}

export interface TablesFitArgs {
  /** The device's memory in GiB; null when it does not say (most phones, Safari). */
  memoryGiB: number | null;
  /** Kernel instances that use the tables (this thread's and each worker's). */
  kernels: number;
  /** Whether one copy in shared memory serves them all (else each holds its own). */
  sharedMemory: boolean;
  tables?: readonly Pick<PublishedTable, 'count' | 'windowBits'>[];
}

/**
 * Whether fixed-base tables fit this device: all copies together may take at most an eighth of
 * its memory. With shared memory the kernels read one copy (153 MiB for both tables: devices of
 * 1.25 GiB or more); without it each kernel holds its own (16 GiB: 13 kernels; 8 GiB: 6;
 * 4 GiB: 3). Unknown memory: no tables (the variable-base MSM, no extra memory).
 */
export function commitmentTablesFit(args: TablesFitArgs): boolean {
  const { memoryGiB, kernels, sharedMemory, tables = PUBLISHED_TABLES } = args;
  if (memoryGiB === null || !(memoryGiB > 0)) return false;
  const oneCopy = tables.reduce((sum, t) => sum + tableBytes(t.count, t.windowBits), 0);
  return oneCopy * (sharedMemory ? 1 : Math.max(1, kernels)) <= (memoryGiB * 2 ** 30) / 8;
}
