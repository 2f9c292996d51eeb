// Commitment generators shipped, not re-derived: the published hashes are the derivation's, a
// cache entry is trusted only when it hashes to them, and a refused entry is named and replaced.
import { describe, expect, it, vi } from 'vitest';
import { GeneratorCacheError, MemoryGeneratorCache } from '../../src/kernel/generator-cache.js';
import { loadKernel } from '../../src/kernel/index.js';
import { encodeGenerators } from '../../src/kernel/pedersen-codec.js';
import { clearPedersenCache, pedersenGenerators, pedersenGeneratorSet } from '../../src/kernel/pedersen.js';
import { ERROR_GENERATORS_LABEL, WITNESS_GENERATORS_LABEL } from '../../src/proof/commitment.js';
import { encodeFrVector } from '../../src/kernel/encoding.js';
import { setupFromWarmCache } from '../../src/proof/worker-setup.js';
import { commitmentKeyFor } from '../../src/proof/commitment-key.js';
import {
  buildTableRows,
  commitmentTablesFit,
  generatorCacheKey,
  loadCommitmentGenerators,
  loadCommitmentTables,
  PUBLISHED_GENERATORS,
  PUBLISHED_TABLES,
  type PublishedGenerators,
  type PublishedTable,
  sha256Hex,
  tableBytes,
  tableCacheKey,
} from '../../src/proof/generator-store.js';

const kernel = await loadKernel();

/** A small published set for the mechanism tests; its hash is the derivation's, computed here. */
async function smallSet(label: string, count: number): Promise<PublishedGenerators> {
  const bytes = encodeGenerators(pedersenGeneratorSet(kernel, label, count));
  return { label, count, sha256: await sha256Hex(bytes) };
}

describe('published generator hashes', () => {
  it('equal the SHA-256 of the derived 2^16 W and E sets', { timeout: 180_000 }, async () => {
    expect(PUBLISHED_GENERATORS.map((p) => [p.label, p.count])).toEqual([
      [WITNESS_GENERATORS_LABEL, 65536],
      [ERROR_GENERATORS_LABEL, 65536],
    ]);
    for (const p of PUBLISHED_GENERATORS) {
      expect(await sha256Hex(encodeGenerators(pedersenGeneratorSet(kernel, p.label, p.count)))).toBe(p.sha256);
    }
  });
});

describe('setupFromWarmCache (the node processes’ pool setup)', () => {
  it('gives nothing from a cold cache (and derives nothing), the generators and shapes from a warm one', async () => {
    const cache = new MemoryGeneratorCache();
    expect(await setupFromWarmCache({ kernel, cache, shapes: ['toy'] })).toBeUndefined();
    for (const p of PUBLISHED_GENERATORS) expect(await cache.get(generatorCacheKey(p))).toBeNull();
    await loadCommitmentGenerators(kernel, cache); // warms it (the sets are derived above already)
    const setup = await setupFromWarmCache({ kernel, cache, shapes: ['toy'] });
    expect(setup?.job).toBe('proof.setup');
    expect(setup!.args.generators.map((g) => [g.label, g.counters.length])).toEqual(
      PUBLISHED_GENERATORS.map((p) => [p.label, p.count]),
    );
    expect(setup!.args.shapes.map((x) => [x.name, x.shape.numConstraints])).toEqual([['toy', 4]]);
  });
});

describe('loadCommitmentGenerators', () => {
  it('derives and stores on an empty cache, then takes the sets from the cache', async () => {
    const sets = [await smallSet(WITNESS_GENERATORS_LABEL, 40), await smallSet(ERROR_GENERATORS_LABEL, 24)];
    const cache = new MemoryGeneratorCache();
    const first = await loadCommitmentGenerators(kernel, cache, { sets });
    expect(first.derived).toEqual(sets.map(generatorCacheKey));
    expect(first.fromCache).toEqual([]);
    clearPedersenCache();
    const second = await loadCommitmentGenerators(kernel, cache, { sets });
    expect(second.fromCache).toEqual(sets.map(generatorCacheKey));
    expect(second.derived).toEqual([]);
    // Adopted into this thread's cache: the same points a fresh derivation gives.
    const adopted = pedersenGenerators(kernel, WITNESS_GENERATORS_LABEL, 40);
    clearPedersenCache();
    expect(adopted).toEqual(pedersenGenerators(kernel, WITNESS_GENERATORS_LABEL, 40));
    expect(second.sets[1]!.points).toEqual(pedersenGenerators(kernel, ERROR_GENERATORS_LABEL, 24));
  });

  it('refuses a corrupted entry by name, re-derives it and stores the good bytes', async () => {
    const published = await smallSet(WITNESS_GENERATORS_LABEL, 16);
    const key = generatorCacheKey(published);
    const good = encodeGenerators(pedersenGeneratorSet(kernel, WITNESS_GENERATORS_LABEL, 16));
    const bad = good.slice();
    bad[100] ^= 1; // a point byte
    const cache = new MemoryGeneratorCache();
    await cache.put(key, bad);
    clearPedersenCache();
    const refused: GeneratorCacheError[] = [];
    const loaded = await loadCommitmentGenerators(kernel, cache, {
      sets: [published],
      onRejected: (e) => refused.push(e),
    });
    expect(refused).toHaveLength(1);
    expect(refused[0]).toBeInstanceOf(GeneratorCacheError);
    expect(refused[0]!.message).toBe(
      `cache entry ${key} refused: sha256 ${await sha256Hex(bad)} is not the published ${published.sha256}`,
    );
    expect(loaded.derived).toEqual([key]);
    expect(await cache.get(key)).toEqual(good);
    expect(pedersenGenerators(kernel, WITNESS_GENERATORS_LABEL, 16)).toEqual(
      good.subarray(good.length - 32 - 16 * 64, good.length - 32),
    );
  });

  it("refuses a well-formed set that is not the published one (another label's generators)", async () => {
    const published = await smallSet(WITNESS_GENERATORS_LABEL, 8);
    const other = encodeGenerators(pedersenGeneratorSet(kernel, ERROR_GENERATORS_LABEL, 8));
    const cache = new MemoryGeneratorCache();
    await cache.put(generatorCacheKey(published), other);
    clearPedersenCache();
    const refused: string[] = [];
    await loadCommitmentGenerators(kernel, cache, { sets: [published], onRejected: (e) => refused.push(e.name) });
    expect(refused).toEqual(['GeneratorCacheError']);
    expect(pedersenGenerators(kernel, WITNESS_GENERATORS_LABEL, 8)).toEqual(
      pedersenGeneratorSet(kernel, WITNESS_GENERATORS_LABEL, 8).points,
    );
    clearPedersenCache();
    expect(pedersenGenerators(kernel, WITNESS_GENERATORS_LABEL, 8)).not.toEqual(
      pedersenGenerators(kernel, ERROR_GENERATORS_LABEL, 8),
    );
  });

  it('refuses to store a derivation that does not hash to the published constant', async () => {
    const wrong: PublishedGenerators = { label: WITNESS_GENERATORS_LABEL, count: 4, sha256: '00'.repeat(32) };
    const cache = new MemoryGeneratorCache();
    const err = await loadCommitmentGenerators(kernel, cache, { sets: [wrong] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GeneratorCacheError);
    expect((err as Error).message).toMatch(
      /^derived generators of "fernet\/fold\/v1\/W" \(4\) hash to [0-9a-f]{64}, the published hash is 0{64}$/,
    );
    expect(await cache.get(generatorCacheKey(wrong))).toBeNull();
  });
});

describe('fixed-base tables', () => {
  it('the published table hashes equal the SHA-256 of the tables built from the published generators', {
    timeout: 300_000,
  }, async () => {
    expect(PUBLISHED_TABLES.map((t) => [t.label, t.count, t.windowBits])).toEqual([
      [WITNESS_GENERATORS_LABEL, 65536, 15],
      [ERROR_GENERATORS_LABEL, 65536, 15],
    ]);
    const cache = new MemoryGeneratorCache();
    const loaded = await loadCommitmentTables(kernel, cache); // builds both, checks the hashes, stores them
    expect(loaded.derived).toEqual(PUBLISHED_TABLES.map(tableCacheKey));
    expect(loaded.tables.map((t) => t.bytes.length)).toEqual([tableBytes(65536, 15), tableBytes(65536, 15)]);
    for (const t of loaded.tables) t.table.free();

    // The node processes' setup from this (now warm) cache: both tables, one copy in shared
    // memory, registered for this thread's kernel too; none unless asked, none if one is missing.
    await loadCommitmentGenerators(kernel, cache);
    const main = await loadKernel();
    const setup = await setupFromWarmCache({ kernel: main, cache, shapes: ['toy'], tables: true });
    expect(
      setup!.args.tables!.map((t) => [t.label, t.count, t.windowBits, t.bytes.buffer instanceof SharedArrayBuffer]),
    ).toEqual(PUBLISHED_TABLES.map((p) => [p.label, p.count, p.windowBits, true]));
    expect(commitmentKeyFor(main, { numWitness: 100, numConstraints: 100 }).tables?.w.shared).toBe(true);
    expect((await setupFromWarmCache({ kernel, cache, shapes: ['toy'] }))!.args.tables).toBeUndefined();
    const partial = new MemoryGeneratorCache();
    for (const p of PUBLISHED_GENERATORS)
      await partial.put(generatorCacheKey(p), (await cache.get(generatorCacheKey(p)))!);
    await partial.put(tableCacheKey(PUBLISHED_TABLES[0]!), (await cache.get(tableCacheKey(PUBLISHED_TABLES[0]!)))!);
    const other = await loadKernel();
    expect(
      (await setupFromWarmCache({ kernel: other, cache: partial, shapes: ['toy'], tables: true }))!.args.tables,
    ).toBeUndefined();
    expect(commitmentKeyFor(other, { numWitness: 100, numConstraints: 100 }).tables).toBeUndefined();
  });

  /** A small table of its own (the published ones take seconds): its hash is the build's, as theirs are. */
  async function smallPublishedTable(): Promise<{ g: Uint8Array; published: PublishedTable }> {
    const g = pedersenGeneratorSet(kernel, WITNESS_GENERATORS_LABEL, 300).points;
    const built = kernel.fixedBaseTable(g, 8);
    const sha256 = await sha256Hex(kernel.exportFixedTable(built));
    built.free();
    return { g, published: { label: WITNESS_GENERATORS_LABEL, count: 300, windowBits: 8, sha256 } };
  }

  it('takes a table from the cache only when it hashes to the published constant', async () => {
    const { g, published } = await smallPublishedTable();
    const key = tableCacheKey(published);
    const cache = new MemoryGeneratorCache();
    const first = await loadCommitmentTables(kernel, cache, { tables: [published] });
    expect(first.derived).toEqual([key]);
    const again = await loadCommitmentTables(kernel, cache, { tables: [published] });
    expect(again.fromCache).toEqual([key]);
    const s = encodeFrVector(Array.from({ length: 300 }, (_, i) => BigInt(i) * 0x1234567890abcdefn + 7n));
    expect(kernel.msmFixed(again.tables[0]!.table, s)).toEqual(kernel.msm(g, s));
    // a corrupted table entry (one byte of one point) is refused by name and rebuilt
    const bad = (await cache.get(key))!;
    bad[72 * 40 + 3] ^= 1;
    await cache.put(key, bad);
    const refused: GeneratorCacheError[] = [];
    const third = await loadCommitmentTables(kernel, cache, {
      tables: [published],
      onRejected: (e) => refused.push(e),
    });
    expect(refused.map((e) => e.message)).toEqual([
      `cache entry ${key} refused: sha256 ${await sha256Hex(bad)} is not the published ${published.sha256}`,
    ]);
    expect(third.derived).toEqual([key]);
    expect(kernel.msmFixed(third.tables[0]!.table, s)).toEqual(kernel.msm(g, s));
    expect(await sha256Hex((await cache.get(key))!)).toBe(published.sha256);
    for (const t of [
      ...first.tables.map((x) => x.table),
      ...again.tables.map((x) => x.table),
      ...third.tables.map((x) => x.table),
    ])
      t.free();
  });

  it('builds a missing table in pieces elsewhere (buildRows), checks the assembled bytes and shares them', async () => {
    const { g, published } = await smallPublishedTable();
    const worker = await loadKernel(); // stands for a pool worker's kernel
    const asked: Array<[number, number]> = [];
    const cache = new MemoryGeneratorCache();
    const loaded = await loadCommitmentTables(kernel, cache, {
      tables: [published],
      parts: 3,
      buildRows: async (rows) => {
        asked.push([rows.from, rows.to]);
        return buildTableRows(worker, rows);
      },
    });
    expect(asked.sort((a, b) => a[0] - b[0])).toEqual([
      [0, 100],
      [100, 200],
      [200, 300],
    ]);
    expect(loaded.derived).toEqual([tableCacheKey(published)]);
    const t = loaded.tables[0]!;
    expect(t.table.shared).toBe(true);
    expect(t.bytes.buffer).toBeInstanceOf(SharedArrayBuffer);
    const s = encodeFrVector(Array.from({ length: 300 }, (_, i) => BigInt(i) * 0xfedcba987n + 3n));
    expect(worker.msmFixed(t.table, s)).toEqual(kernel.msm(g, s));
    // a piece that comes back short, or pieces in the wrong places, are refused and nothing is stored
    const short = await loadCommitmentTables(kernel, new MemoryGeneratorCache(), {
      tables: [published],
      buildRows: async (rows) => buildTableRows(worker, rows).subarray(72),
    }).catch((e: unknown) => e);
    expect(short).toEqual(
      new GeneratorCacheError(
        `table rows [0, 150) of "${WITNESS_GENERATORS_LABEL}" came back with ${150 * 32 * 72 - 72} bytes`,
      ),
    );
    const other = new MemoryGeneratorCache();
    const swapped = await loadCommitmentTables(kernel, other, {
      tables: [published],
      buildRows: async (rows) => buildTableRows(worker, { ...rows, from: 150 - rows.from, to: 300 - rows.from }),
    }).catch((e: unknown) => e);
    expect((swapped as Error).message).toMatch(
      new RegExp(
        `^built table of "${WITNESS_GENERATORS_LABEL}" \\(300, c = 8\\) hashes to [0-9a-f]{64}, the published hash is ${published.sha256}$`,
      ),
    );
    expect(await other.get(tableCacheKey(published))).toBeNull();
    expect(() =>
      buildTableRows(worker, { label: WITNESS_GENERATORS_LABEL, count: 300, windowBits: 8, from: 200, to: 301 }),
    ).toThrow(new RangeError('table rows [200, 301) are not within 300 generators'));
  });

  it('uses a built table the cache cannot keep, and says so (storage full)', async () => {
    const { g, published } = await smallPublishedTable();
    const full = new MemoryGeneratorCache();
    full.put = async () => {
      throw new Error('QuotaExceededError: the quota has been exceeded');
    };
    const said: string[] = [];
    const loaded = await loadCommitmentTables(kernel, full, {
      tables: [published],
      onRejected: (e) => said.push(e.message),
    });
    expect(said).toEqual([
      `cache entry ${tableCacheKey(published)} not stored: QuotaExceededError: the quota has been exceeded`,
    ]);
    const s = encodeFrVector(Array.from({ length: 300 }, (_, i) => BigInt(i) + 11n));
    expect(kernel.msmFixed(loaded.tables[0]!.table, s)).toEqual(kernel.msm(g, s));
    expect(await full.get(tableCacheKey(published))).toBeNull();
  });

  it('fit a device when all copies take at most an eighth of its memory: one copy when shared', () => {
    const most = (sharedMemory: boolean) =>
      [16, 8, 4, 2].map((memoryGiB) =>
        [1, 2, 3, 6, 7, 13, 14, 64]
          .filter((kernels) => commitmentTablesFit({ memoryGiB, kernels, sharedMemory }))
          .pop(),
      );
    expect(most(false)).toEqual([13, 6, 3, 1]);
    expect(most(true)).toEqual([64, 64, 64, 64]);
    expect(commitmentTablesFit({ memoryGiB: 1, kernels: 1, sharedMemory: true })).toBe(false);
    expect(commitmentTablesFit({ memoryGiB: 1.25, kernels: 1, sharedMemory: true })).toBe(true);
    expect(commitmentTablesFit({ memoryGiB: null, kernels: 1, sharedMemory: true })).toBe(false);
  });
});

describe('loadCommitmentGenerators with derive (a page derives in its workers)', () => {
  it('derives only the missing sets, all at once, checks and stores their bytes, and adopts them', async () => {
    const sets = [await smallSet(WITNESS_GENERATORS_LABEL, 20), await smallSet(ERROR_GENERATORS_LABEL, 12)];
    const cache = new MemoryGeneratorCache();
    await cache.put(
      generatorCacheKey(sets[0]!),
      encodeGenerators(pedersenGeneratorSet(kernel, WITNESS_GENERATORS_LABEL, 20)),
    );
    const expected = encodeGenerators(pedersenGeneratorSet(kernel, ERROR_GENERATORS_LABEL, 12));
    clearPedersenCache();
    const asked: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const loading = loadCommitmentGenerators(kernel, cache, {
      sets,
      derive: async (p) => {
        asked.push(p.label);
        await gate;
        return expected;
      },
    });
    // The cached set is read and hashed first; under load that takes a while, so wait for the ask.
    await vi.waitFor(() => expect(asked.length).toBeGreaterThan(0), { timeout: 10_000 });
    expect(asked).toEqual([ERROR_GENERATORS_LABEL]);
    release();
    const loaded = await loading;
    expect(asked).toEqual([ERROR_GENERATORS_LABEL]);
    expect(loaded.fromCache).toEqual([generatorCacheKey(sets[0]!)]);
    expect(loaded.derived).toEqual([generatorCacheKey(sets[1]!)]);
    expect(await cache.get(generatorCacheKey(sets[1]!))).toEqual(expected);
    expect(loaded.sets[1]!.points).toEqual(expected.subarray(expected.length - 32 - 12 * 64, expected.length - 32));
  });

  it('refuses derived bytes that do not hash to the published constant, and stores nothing', async () => {
    const published = await smallSet(WITNESS_GENERATORS_LABEL, 10);
    const wrong = encodeGenerators(pedersenGeneratorSet(kernel, ERROR_GENERATORS_LABEL, 10));
    const cache = new MemoryGeneratorCache();
    await expect(
      loadCommitmentGenerators(kernel, cache, { sets: [published], derive: async () => wrong }),
    ).rejects.toThrow(
      new GeneratorCacheError(
        `derived generators of "${WITNESS_GENERATORS_LABEL}" (10) hash to ${await sha256Hex(wrong)}, the published hash is ${published.sha256}`,
      ),
    );
    expect(await cache.get(generatorCacheKey(published))).toBeNull();
  });

  it("a pool worker's proof.build-table-rows gives the rows this thread builds", async () => {
    const { createWorkerPool } = await import('../../workers/jobs.js');
    const pool = await createWorkerPool({ maxThreads: 1 });
    try {
      const rows = { label: ERROR_GENERATORS_LABEL, count: 40, windowBits: 6, from: 10, to: 25 };
      const bytes = await pool.run('proof.build-table-rows', rows);
      expect(bytes).toEqual(buildTableRows(kernel, rows));
      expect(bytes.length).toBe(15 * 43 * 72);
    } finally {
      await pool.close();
    }
  });

  it("a pool worker's proof.derive-generators gives the bytes this thread derives", async () => {
    const { createWorkerPool } = await import('../../workers/jobs.js');
    const pool = await createWorkerPool({ maxThreads: 1 });
    try {
      const bytes = await pool.run('proof.derive-generators', { label: ERROR_GENERATORS_LABEL, count: 24 });
      expect(bytes).toEqual(encodeGenerators(pedersenGeneratorSet(kernel, ERROR_GENERATORS_LABEL, 24)));
    } finally {
      await pool.close();
    }
  });
});
