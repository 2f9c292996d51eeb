// The IndexedDB GeneratorCache in Chromium: the port's behaviour (as the memory and file caches in
// test/kernel/generator-cache.test.ts), the real loader taking generators from it on a return
// visit and refusing a damaged entry, and the schema upgrade from version 1 (before the cache) to 2.
import { describe, expect, it } from 'vitest';
import { GeneratorCacheError } from '../../src/kernel/generator-cache.js';
import { loadKernel } from '../../src/kernel/index.js';
import { encodeGenerators } from '../../src/kernel/pedersen-codec.js';
import { pedersenGeneratorSet } from '../../src/kernel/pedersen.js';
import { generatorCacheKey, loadCommitmentGenerators, sha256Hex } from '../../src/proof/generator-store.js';
import type { CorruptRecordError } from '../../src/store/errors.js';
import { IdbGeneratorCache } from '../../src/store/idb-generator-cache.js';
import { IDB_SCHEMA_VERSION, IdbStore, openParticipantDb } from '../../src/store/idb-store.js';
import { jobRow, seal } from '../../src/store/records.js';

let n = 0;
const freshName = () => `gen-cache-test-${Date.now()}-${++n}`;

describe('IndexedDB GeneratorCache (Chromium)', () => {
  it('returns null for a missing key, the stored bytes after put, the latest after a second put, as copies', async () => {
    const name = freshName();
    const cache = await IdbGeneratorCache.open({ name });
    expect(await cache.get('pedersen-v1/fernet/fold/v1/W/4')).toBeNull();
    const bytes = Uint8Array.of(1, 2, 3);
    await cache.put('pedersen-v1/fernet/fold/v1/W/4', bytes);
    bytes[0] = 0;
    const got = (await cache.get('pedersen-v1/fernet/fold/v1/W/4'))!;
    expect(got).toEqual(Uint8Array.of(1, 2, 3));
    got[1] = 0;
    expect(await cache.get('pedersen-v1/fernet/fold/v1/W/4')).toEqual(Uint8Array.of(1, 2, 3));
    await cache.put('pedersen-v1/fernet/fold/v1/W/4', Uint8Array.of(9));
    expect(await cache.get('pedersen-v1/fernet/fold/v1/W/4')).toEqual(Uint8Array.of(9));
    await cache.close();
    await IdbStore.destroy(name);
  });

  it('refuses keys that could escape the cache with a GeneratorCacheError', async () => {
    const name = freshName();
    const cache = await IdbGeneratorCache.open({ name });
    for (const key of ['../x', 'a/../../b', '', 'a b']) {
      const err = await cache.put(key, Uint8Array.of(1)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(GeneratorCacheError);
      expect((err as Error).message).toBe(`cache key ${JSON.stringify(key)} is not a short path of [A-Za-z0-9_./-]`);
    }
    await cache.close();
    await IdbStore.destroy(name);
  });

  it('a returning tab loads the generators from IndexedDB (hash-checked); a damaged entry is refused and derived again', async () => {
    const name = freshName();
    const kernel = await loadKernel();
    // A small set of its own (the published 2^16 sets take seconds to derive): its hash is the
    // derivation's, as the published constants are.
    const label = 'fernet/store-test/v1';
    const count = 32;
    const published = {
      label,
      count,
      sha256: await sha256Hex(encodeGenerators(pedersenGeneratorSet(kernel, label, count))),
    };
    const key = generatorCacheKey(published);

    const first = await IdbGeneratorCache.open({ name });
    const derived = await loadCommitmentGenerators(kernel, first, { sets: [published] });
    expect(derived).toMatchObject({ fromCache: [], derived: [key] });
    await first.close();

    // The next visit: a new connection to the same database.
    const again = await IdbGeneratorCache.open({ name });
    const rejected: GeneratorCacheError[] = [];
    const loaded = await loadCommitmentGenerators(kernel, again, {
      sets: [published],
      onRejected: (e) => rejected.push(e),
    });
    expect(loaded).toMatchObject({ fromCache: [key], derived: [] });
    expect(loaded.sets[0]!.points).toEqual(derived.sets[0]!.points);
    expect(rejected).toEqual([]);

    // One flipped byte in the stored entry: refused by its hash, derived and stored again.
    const db = await openParticipantDb(name);
    const bytes = (await db.get('generators', key)) as Uint8Array;
    bytes[100]! ^= 1;
    await db.put('generators', bytes, key);
    db.close();
    const repaired = await loadCommitmentGenerators(kernel, again, {
      sets: [published],
      onRejected: (e) => rejected.push(e),
    });
    expect(repaired).toMatchObject({ fromCache: [], derived: [key] });
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toBeInstanceOf(GeneratorCacheError);
    expect(rejected[0]!.message).toMatch(
      new RegExp(`^cache entry ${key} refused: sha256 [0-9a-f]{64} is not the published ${published.sha256}$`),
    );
    expect(await loadCommitmentGenerators(kernel, again, { sets: [published] })).toMatchObject({ fromCache: [key] });

    // A value that is not bytes at all: reported as a corrupt record, read as a miss.
    const reports: CorruptRecordError[] = [];
    const raw = await openParticipantDb(name);
    await raw.put('generators', 'junk', 'junk-key');
    raw.close();
    const reader = await IdbGeneratorCache.open({ name, onCorrupt: (e) => reports.push(e) });
    expect(await reader.get('junk-key')).toBeNull();
    expect(reports.map((e) => e.message)).toEqual(['corrupt record generators/junk-key: value is not a byte array']);
    await reader.close();
    await again.close();
    await IdbStore.destroy(name);
  });
});

describe('IndexedDB schema upgrade', () => {
  it('a version 1 database (written before the generator cache) opens as version 2 with every record kept', async () => {
    expect(IDB_SCHEMA_VERSION).toBe(2);
    const name = freshName();
    const v1 = await openParticipantDb(name, { version: 1 });
    expect([...v1.objectStoreNames].sort()).toEqual(['benchmarks', 'chunks', 'jobs', 'keys', 'results']);
    const job = {
      id: 'j',
      kind: 'leaf',
      input: Uint8Array.of(1),
      state: 'done' as const,
      attempts: 1,
      maxAttempts: 3,
      lease: null,
      output: Uint8Array.of(2),
      error: null,
    };
    await v1.put('jobs', jobRow(job, 0), 'j');
    await v1.put('keys', seal(Uint8Array.of(3)), 'staking');
    await v1.put('chunks', seal(Uint8Array.of(4)), `${'00'.repeat(32)}/0`);
    await v1.put('results', seal(Uint8Array.of(5)), `${'00'.repeat(32)}/1/0`);
    await v1.add('benchmarks', { at: 9, rows: [] });
    v1.close();

    const store = await IdbStore.open({ name });
    const cache = await IdbGeneratorCache.open({ name });
    const db = await openParticipantDb(name);
    expect(db.version).toBe(2);
    expect([...db.objectStoreNames].sort()).toEqual(['benchmarks', 'chunks', 'generators', 'jobs', 'keys', 'results']);
    db.close();
    expect(await store.getJob('j')).toEqual(job);
    expect(await store.getKey('staking')).toEqual(Uint8Array.of(3));
    const zero = new Uint8Array(32);
    expect(await store.getChunk(zero, 0)).toEqual(Uint8Array.of(4));
    expect(await store.getResult({ commitment: zero, level: 1, index: 0 })).toEqual(Uint8Array.of(5));
    expect(await store.benchmarkRuns()).toEqual([{ at: 9, rows: [] }]);
    await cache.put('k', Uint8Array.of(6));
    expect(await cache.get('k')).toEqual(Uint8Array.of(6));
    // The store keeps working on the upgraded database.
    await store.addJob({ id: 'k', kind: 'merge', input: Uint8Array.of(7) });
    expect((await store.leaseJob({ now: 0, leaseMs: 1 }))?.id).toBe('k');
    await store.close();
    await cache.close();
    await IdbStore.destroy(name);
  });
});
