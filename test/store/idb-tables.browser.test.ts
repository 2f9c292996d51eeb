// Fixed-base tables in Chromium, as a staker's tab handles them (src/app/session.ts): built in
// pieces by web workers, checked against the published hash, kept in IndexedDB, taken from there
// on a return visit, and read in place by the proving workers they are handed to.
import { describe, expect, it } from 'vitest';
import { createWorkerPool } from '../../workers/jobs.js';
import { loadKernel } from '../../src/kernel/index.js';
import { pedersenGeneratorSet } from '../../src/kernel/pedersen.js';
import { ERROR_GENERATORS_LABEL, WITNESS_GENERATORS_LABEL } from '../../src/proof/commitment.js';
import { commitmentKeyFor } from '../../src/proof/commitment-key.js';
import {
  buildTableRows,
  loadCommitmentTables,
  type PublishedTable,
  sha256Hex,
  tableCacheKey,
} from '../../src/proof/generator-store.js';
import { proofWorkerSetup } from '../../src/proof/worker-setup.js';
import { decodeLeafProof, encodeLeafJob } from '../../src/proof/messages.js';
import { toyAssignment, toyShape } from '../../src/proof/toy-circuit.js';
import { IdbGeneratorCache } from '../../src/store/idb-generator-cache.js';
import { IdbStore } from '../../src/store/idb-store.js';

describe('fixed-base tables in a tab (Chromium)', () => {
  it('built by web workers, kept in IndexedDB, taken from it again, and committed through by a worker', async () => {
    const name = `tables-test-${Date.now()}`;
    const kernel = await loadKernel();
    const count = 700;
    const c = 8;
    // Small tables of their own (the published ones take seconds to build); their hashes are the
    // builds', as the published constants are.
    const published: PublishedTable[] = [];
    for (const label of [WITNESS_GENERATORS_LABEL, ERROR_GENERATORS_LABEL])
      published.push({
        label,
        count,
        windowBits: c,
        sha256: await sha256Hex(buildTableRows(kernel, { label, count, windowBits: c, from: 0, to: count })),
      });
    const generators = published.map((p) => pedersenGeneratorSet(kernel, p.label, p.count));
    const builders = await createWorkerPool({
      maxThreads: 2,
      preloadKernel: true,
      setup: proofWorkerSetup({ generators, shapes: [] }),
    });
    const cache = await IdbGeneratorCache.open({ name });
    try {
      const asked: number[] = [];
      const first = await loadCommitmentTables(kernel, cache, {
        tables: published,
        parts: 2,
        buildRows: (rows) => {
          asked.push(rows.from);
          return builders.run('proof.build-table-rows', rows);
        },
      });
      expect(first.derived).toEqual(published.map(tableCacheKey));
      expect(asked.sort((a, b) => a - b)).toEqual([0, 0, 350, 350]);
      for (const t of first.tables) t.table.free();

      // A return visit: from IndexedDB, hash-checked, nothing built.
      const again = await loadCommitmentTables(kernel, cache, { tables: published, cachedOnly: true });
      expect(again.fromCache).toEqual(published.map(tableCacheKey));
      // A damaged entry is refused by name and left out (this visit does not build).
      const bad = (await cache.get(tableCacheKey(published[1]!)))!;
      bad[100] ^= 1;
      await cache.put(tableCacheKey(published[1]!), bad);
      const refused: string[] = [];
      const third = await loadCommitmentTables(kernel, cache, {
        tables: published,
        cachedOnly: true,
        onRejected: (e) => refused.push(e.message),
      });
      expect(third.tables.map((t) => t.label)).toEqual([WITNESS_GENERATORS_LABEL]);
      expect(refused).toEqual([
        `cache entry ${tableCacheKey(published[1]!)} refused: sha256 ${await sha256Hex(bad)} is not the published ${published[1]!.sha256}`,
      ]);
      for (const t of third.tables) t.table.free();

      // A proving worker handed the tables commits through them: the W table is given E's
      // rows, so a worker that committed without it would not match.
      const shape = toyShape();
      const assignment = toyAssignment(7n, 5n, 3n);
      const eRows = again.tables[1]!;
      const pool = await createWorkerPool({
        maxThreads: 1,
        maxAttempts: 1,
        setup: proofWorkerSetup({
          generators: [],
          tables: [{ ...eRows, label: WITNESS_GENERATORS_LABEL }, eRows],
          shapes: [{ name: 'toy', shape }],
        }),
      });
      try {
        const proof = decodeLeafProof(await pool.run('proof.base', { shape: 'toy', job: encodeLeafJob(assignment) }));
        const eSet = generators[1]!.points.subarray(0, shape.numWitness * 64);
        expect(proof.instance.comW).toEqual(kernel.msm(eSet, assignment.witness));
      } finally {
        await pool.close();
      }
      expect(commitmentKeyFor(kernel, shape).tables).toBeUndefined(); // this thread registered none
    } finally {
      await builders.close();
      await cache.close();
      await IdbStore.destroy(name);
    }
  });
});
