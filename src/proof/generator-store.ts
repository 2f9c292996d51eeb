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
import type { FixedBaseTable, Kernel } from '../kernel/types.js';
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

/** SHA-256 in hex; WebCrypto where it exists (fast, native), else @noble/hashes. */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const subtle = globalThis.crypto?.subtle;
  const digest = subtle
    ? new Uint8Array(await subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>))
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
  exportFixedTable(table: FixedBaseTable): Uint8Array;
}

export interface LoadedTable {
  readonly label: string;
  readonly table: FixedBaseTable;
  /** The table's bytes (hand them to workers: fixedBaseTableFromBytes). */
  readonly bytes: Uint8Array;
}

export interface LoadTablesOptions {
  onRejected?: (error: GeneratorCacheError) => void;
  tables?: readonly PublishedTable[];
}

/**
 * Loads each published table from the cache when its bytes hash to the constant, else builds it
 * from the generators (derived or adopted first), checks the hash and stores it. A table is
 * kernel-internal bytes: only a hash match lets cached bytes into the kernel.
 */
export async function loadCommitmentTables(
  kernel: TableKernel,
  cache: GeneratorCache,
  options: LoadTablesOptions = {},
): Promise<{ tables: LoadedTable[]; fromCache: string[]; derived: string[] }> {
  const out = { tables: [] as LoadedTable[], fromCache: [] as string[], derived: [] as string[] };
  for (const p of options.tables ?? PUBLISHED_TABLES) {
    const key = tableCacheKey(p);
    const reject = (why: string): void =>
      options.onRejected?.(new GeneratorCacheError(`cache entry ${key} refused: ${why}`));
    let bytes: Uint8Array | null = null;
    try {
      bytes = await cache.get(key);
    } catch (err) {
      reject(`reading it failed (${(err as Error).message})`);
    }
    if (bytes) {
      const got = await sha256Hex(bytes);
      if (got === p.sha256 && bytes.length === tableBytes(p.count, p.windowBits)) {
        out.tables.push({ label: p.label, table: kernel.fixedBaseTableFromBytes(bytes, p.count, p.windowBits), bytes });
        out.fromCache.push(key);
        continue;
      }
      reject(`sha256 ${got} is not the published ${p.sha256}`);
    }
    const table = kernel.fixedBaseTable(pedersenGeneratorSet(kernel, p.label, p.count).points, p.windowBits);
    const built = kernel.exportFixedTable(table);
    const got = await sha256Hex(built);
    if (got !== p.sha256) {
      table.free();
      throw new GeneratorCacheError(
        `built table of "${p.label}" (${p.count}, c = ${p.windowBits}) hashes to ${got}, the published hash is ${p.sha256}`,
      );
    }
    await cache.put(key, built);
    out.tables.push({ label: p.label, table, bytes: built });
    out.derived.push(key);
  }
  return out;
}

/**
 * Whether fixed-base tables fit this device: every kernel instance (the main thread's and each
 * worker's: wasm memories are not shared) holds its own copy, and all copies together may take
 * at most an eighth of the device's memory. Unknown memory: no tables (phones rarely say).
 * desktop 16 GiB: 2 GiB → up to 13 kernels with both tables (153 MiB); laptop 8 GiB: 1 GiB → 6;
 * phone 4 GiB: 512 MiB → 3; 2 GiB: 1 (the variable-base MSM, no extra memory, otherwise).
 */
export function commitmentTablesFit(
  memoryGiB: number | null,
  kernels: number,
  tables: readonly Pick<PublishedTable, 'count' | 'windowBits'>[] = PUBLISHED_TABLES,
): boolean {
  if (memoryGiB === null || !(memoryGiB > 0)) return false;
  const perKernel = tables.reduce((sum, t) => sum + tableBytes(t.count, t.windowBits), 0);
  return perKernel * kernels <= (memoryGiB * 2 ** 30) / 8;
}
