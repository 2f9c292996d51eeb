// Deterministic Pedersen generators on BN254 G1 (DESIGN §3): generator i of a label is the
// try-and-increment hash to the curve of (label, i) described in ./pedersen-hash.ts, so anyone
// can re-derive them and nobody knows a discrete-log relation between them.
//
// Generated sets are cached in memory per label and only ever extended: asking for n and then
// 2n derives generators n..2n−1 only. A set can be exported as bytes (./pedersen-codec.ts) and
// imported again; an import is checked before it is trusted (checksum, lengths, and every point
// re-derived from its stored counter: x from the hash, y² = x³ + 3, y even).
import { decodeGenerators, encodeGenerators, type GeneratorSet, PedersenCacheError } from './pedersen-codec.js';
import { candidateDigests, DIGEST_BYTES, messagePrefix, PedersenInputError } from './pedersen-hash.js';
import type { KernelExports } from './loader.js';
import { G1_BYTES, type G1Points } from './types.js';

export { PedersenCacheError, type GeneratorSet } from './pedersen-codec.js';
export { PedersenInputError, PEDERSEN_DOMAIN } from './pedersen-hash.js';

/** Upper bound on one label's set (2^22 points = 256 MiB): protects against runaway requests. */
export const MAX_GENERATORS = 1 << 22;
/** Candidates per kernel call: bounds the kernel memory a call needs (~2 MiB). */
const CANDIDATES_PER_CALL = 1 << 14;

/** The wasm kernel: its face (loadKernel) or its raw exports. */
export type PedersenKernel = KernelExports | { readonly raw: KernelExports };

const exportsOf = (kernel: PedersenKernel): KernelExports =>
  'raw' in kernel && kernel.raw ? (kernel.raw as KernelExports) : (kernel as KernelExports);

type HashToCurveBatch = (out: number, digests: number, n: number, accepted: number) => number;
type HashToCurveCheckBatch = (points: number, digests: number, n: number) => number;

interface CachedSet {
  prefix: Uint8Array;
  count: number;
  counters: Uint8Array; // capacity ≥ count
  points: Uint8Array; // capacity ≥ count × 64
}

const cache = new Map<string, CachedSet>();

/** The first n generators of `label` as n × 64 bytes (x ‖ y, little-endian affine). */
export function pedersenGenerators(kernel: PedersenKernel, label: string, n: number): G1Points {
  checkCount(n);
  const set = cachedSet(label);
  if (set.count < n) extend(exportsOf(kernel), set, n);
  return set.points.slice(0, n * G1_BYTES);
}

/** The first n generators of `label` in the persisted byte form (derived first when needed). */
export function exportPedersenGenerators(kernel: PedersenKernel, label: string, n: number): Uint8Array {
  const points = pedersenGenerators(kernel, label, n);
  return encodeGenerators({ label, counters: cachedSet(label).counters.slice(0, n), points });
}

/**
 * Verifies persisted generators and adds them to the cache. Throws PedersenCacheError, leaving
 * the cache as it was, when the bytes are corrupted, malformed or not the derived points.
 */
export function importPedersenGenerators(kernel: PedersenKernel, bytes: Uint8Array): { label: string; n: number } {
  const stored = decodeGenerators(bytes);
  const n = stored.counters.length;
  if (n > MAX_GENERATORS)
    throw new PedersenCacheError(`stored Pedersen generators rejected: ${n} exceeds ${MAX_GENERATORS}`);
  install(exportsOf(kernel), { ...stored, start: 0 }, 'stored Pedersen generators rejected');
  return { label: stored.label, n };
}

/**
 * The first n generators of a label with their counters (derived first when needed): what a
 * main thread hands its workers. Views of the cache, not copies: do not write to them.
 */
export function pedersenGeneratorSet(kernel: PedersenKernel, label: string, n: number): GeneratorSet {
  const points = pedersenGenerators(kernel, label, n);
  return { label, counters: cachedSet(label).counters.subarray(0, n), points };
}

/**
 * Adds a set to the cache WITHOUT the per-point check. Only for sets whose bytes matched a
 * published hash (src/proof/generator-store.ts) or that this program's own main thread sent to
 * its worker; anything from outside goes through importPedersenGenerators. A set no longer than
 * what is cached changes nothing. The arrays are kept, not copied (they may be shared memory):
 * the caller must not change them; extending the set later copies them first.
 */
export function adoptPedersenGenerators(set: GeneratorSet): void {
  const n = set.counters.length;
  if (n > MAX_GENERATORS || set.points.length !== n * G1_BYTES)
    throw new PedersenCacheError(`adopted Pedersen generators malformed (${n} counters, ${set.points.length} bytes)`);
  const cached = cachedSet(set.label);
  if (n <= cached.count) return;
  cached.counters = set.counters;
  cached.points = set.points;
  cached.count = n;
}

/** Generators start .. start + count − 1 of a label, with their try-and-increment counters. */
export interface PedersenGeneratorRange {
  label: string;
  start: number;
  counters: Uint8Array;
  points: G1Points;
}

/**
 * Derives a range of generators without touching the cache: independent ranges can be derived
 * on several threads and joined with addPedersenGeneratorRange.
 */
export function derivePedersenGeneratorRange(
  kernel: PedersenKernel,
  label: string,
  start: number,
  count: number,
): PedersenGeneratorRange {
  checkCount(start);
  checkCount(count);
  checkCount(start + count);
  return { label, start, ...deriveRange(exportsOf(kernel), messagePrefix(label), start, count) };
}

/**
 * Verifies a derived range and adds it to the cache. The range must begin at or before the end
 * of what is cached (no gaps) and agree with what is cached where they overlap; otherwise, or
 * when a point is not the derived generator, PedersenCacheError (the cache is left as it was).
 */
export function addPedersenGeneratorRange(kernel: PedersenKernel, range: PedersenGeneratorRange): void {
  const n = range.counters.length;
  if (
    !Number.isSafeInteger(range.start) ||
    range.start < 0 ||
    range.start + n > MAX_GENERATORS ||
    range.points.length !== n * G1_BYTES
  ) {
    throw new PedersenCacheError(
      `Pedersen generator range rejected: malformed (start ${range.start}, ${n} counters, ${range.points.length} point bytes)`,
    );
  }
  install(exportsOf(kernel), range, 'Pedersen generator range rejected');
}

/** Checks every point of a range against its digest, then extends the cache with it. */
function install(kernel: KernelExports, range: PedersenGeneratorRange, rejected: string): void {
  const { label, start, counters, points } = range;
  const n = counters.length;
  const set = cachedSet(label);
  if (start > set.count)
    throw new PedersenCacheError(
      `${rejected}: it starts at ${start} but only ${set.count} generators of "${label}" are known (a gap)`,
    );
  const indices = Uint32Array.from({ length: n }, (_, j) => start + j);
  const bad = checkDerived(kernel, points, candidateDigests(set.prefix, indices, counters));
  if (bad >= 0)
    throw new PedersenCacheError(`${rejected}: point ${start + bad} of "${label}" is not the derived generator`);
  const overlapEnd = Math.min(set.count, start + n);
  for (let i = start * G1_BYTES; i < overlapEnd * G1_BYTES; i++) {
    if (set.points[i] !== points[i - start * G1_BYTES]) {
      throw new PedersenCacheError(
        `${rejected}: point ${Math.floor(i / G1_BYTES)} of "${label}" differs from the one derived here`,
      );
    }
  }
  if (start + n > set.count) {
    reserve(set, start + n);
    const from = set.count - start;
    set.points.set(points.subarray(from * G1_BYTES), set.count * G1_BYTES);
    set.counters.set(counters.subarray(from), set.count);
    set.count = start + n;
  }
}

/** Forgets every cached set (the next request derives again). */
export function clearPedersenCache(): void {
  cache.clear();
}

function checkCount(n: number): void {
  if (!Number.isSafeInteger(n) || n < 0 || n > MAX_GENERATORS) {
    throw new PedersenInputError(`generator count must be an integer in [0, ${MAX_GENERATORS}], got ${n}`);
  }
}

function cachedSet(label: string): CachedSet {
  let set = cache.get(label);
  if (!set) {
    set = { prefix: messagePrefix(label), count: 0, counters: new Uint8Array(0), points: new Uint8Array(0) };
    cache.set(label, set);
  }
  return set;
}

function reserve(set: CachedSet, n: number): void {
  if (set.counters.length >= n) return;
  const capacity = Math.min(MAX_GENERATORS, Math.max(n, 2 * set.counters.length));
  const counters = new Uint8Array(capacity);
  counters.set(set.counters.subarray(0, set.count));
  const points = new Uint8Array(capacity * G1_BYTES);
  points.set(set.points.subarray(0, set.count * G1_BYTES));
  set.counters = counters;
  set.points = points;
}

/** Derives generators set.count .. n−1 into the cache. */
function extend(kernel: KernelExports, set: CachedSet, n: number): void {
  const range = deriveRange(kernel, set.prefix, set.count, n - set.count);
  reserve(set, n);
  set.points.set(range.points, set.count * G1_BYTES);
  set.counters.set(range.counters, set.count);
  set.count = n;
}

/** Try-and-increment in rounds: every pending index at counter 0, the rejected ones at 1, … */
function deriveRange(
  kernel: KernelExports,
  prefix: Uint8Array,
  start: number,
  count: number,
): { counters: Uint8Array; points: Uint8Array } {
  const points = new Uint8Array(count * G1_BYTES);
  const counters = new Uint8Array(count);
  let pending = Uint32Array.from({ length: count }, (_, j) => start + j);
  let counter = 0;
  while (pending.length > 0) {
    if (counter > 255) throw new Error('pedersen: no point after 256 candidates (probability 2^-256)');
    const accepted = mapToCurve(
      kernel,
      candidateDigests(prefix, pending, new Uint8Array(pending.length).fill(counter)),
      (j, point) => {
        const at = pending[j]! - start;
        points.set(point, at * G1_BYTES);
        counters[at] = counter;
      },
    );
    pending = pending.filter((_, j) => accepted[j] === 0);
    counter++;
  }
  return { counters, points };
}

/** Runs the kernel's map over digests; calls onPoint for each accepted one; returns the flags. */
function mapToCurve(
  kernel: KernelExports,
  digests: Uint8Array,
  onPoint: (j: number, point: Uint8Array) => void,
): Uint8Array {
  const n = digests.length / DIGEST_BYTES;
  const accepted = new Uint8Array(n);
  const chunk = Math.min(n, CANDIDATES_PER_CALL);
  const base = kernel.kalloc(chunk * (DIGEST_BYTES + G1_BYTES + 1));
  const outAt = base + chunk * DIGEST_BYTES;
  const flagsAt = outAt + chunk * G1_BYTES;
  try {
    for (let start = 0; start < n; start += chunk) {
      const count = Math.min(chunk, n - start);
      new Uint8Array(kernel.memory.buffer).set(
        digests.subarray(start * DIGEST_BYTES, (start + count) * DIGEST_BYTES),
        base,
      );
      if ((kernel.hashToCurveBatch as HashToCurveBatch)(outAt, base, count, flagsAt) < 0) {
        throw new Error('pedersen: the kernel found a square root that does not verify (kernel bug)');
      }
      const mem = new Uint8Array(kernel.memory.buffer);
      for (let j = 0; j < count; j++) {
        if (mem[flagsAt + j] !== 1) continue;
        accepted[start + j] = 1;
        onPoint(start + j, mem.subarray(outAt + j * G1_BYTES, outAt + (j + 1) * G1_BYTES));
      }
    }
  } finally {
    kernel.kfree(base);
  }
  return accepted;
}

/** Index of the first point that is not the map of its digest, or −1. */
function checkDerived(kernel: KernelExports, points: Uint8Array, digests: Uint8Array): number {
  const n = digests.length / DIGEST_BYTES;
  const chunk = Math.min(n, CANDIDATES_PER_CALL);
  if (n === 0) return -1;
  const base = kernel.kalloc(chunk * (DIGEST_BYTES + G1_BYTES));
  const pointsAt = base + chunk * DIGEST_BYTES;
  try {
    for (let start = 0; start < n; start += chunk) {
      const count = Math.min(chunk, n - start);
      const mem = new Uint8Array(kernel.memory.buffer);
      mem.set(digests.subarray(start * DIGEST_BYTES, (start + count) * DIGEST_BYTES), base);
      mem.set(points.subarray(start * G1_BYTES, (start + count) * G1_BYTES), pointsAt);
      const bad = (kernel.hashToCurveCheckBatch as HashToCurveCheckBatch)(pointsAt, base, count);
      if (bad >= 0) return start + bad;
    }
  } finally {
    kernel.kfree(base);
  }
  return -1;
}
