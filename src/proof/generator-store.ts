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
  const out: LoadedGenerators = { sets: [], fromCache: [], derived: [] };
  for (const published of options.sets ?? PUBLISHED_GENERATORS) {
    const key = generatorCacheKey(published);
    const cached = await readChecked(cache, key, published, options);
    if (cached) {
      adoptPedersenGenerators(cached);
      out.sets.push(pedersenGeneratorSet(kernel, published.label, published.count));
      out.fromCache.push(key);
      continue;
    }
    const set = pedersenGeneratorSet(kernel, published.label, published.count);
    const bytes = encodeGenerators(set);
    const got = await sha256Hex(bytes);
    if (got !== published.sha256)
      throw new GeneratorCacheError(
        `derived generators of "${published.label}" (${published.count}) hash to ${got}, the published hash is ${published.sha256}`,
      );
    await cache.put(key, bytes);
    out.sets.push(set);
    out.derived.push(key);
  }
  return out;
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
