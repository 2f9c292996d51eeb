// The IndexedDB store in real Chromium: the port's contract (a reload = close and open the same
// database), corrupted records reported and skipped, strict durability, and schema versions.
import { afterEach, describe, expect, it } from 'vitest';
import { LeaseLostError } from '../../src/participant/ports/store.js';
import { CorruptRecordError, StoreClosedError, StoreVersionError } from '../../src/store/errors.js';
import { IDB_SCHEMA_VERSION, IdbStore, openParticipantDb } from '../../src/store/idb-store.js';
import { jobRow, seal } from '../../src/store/records.js';
import { describeStoreContract } from '../participant/contracts/store.contract.js';

let dbCount = 0;
const freshName = () => `store-test-${Date.now()}-${++dbCount}`;

describeStoreContract('IndexedDB (Chromium)', async () => {
  const name = freshName();
  let store = await IdbStore.open({ name });
  return {
    store,
    reopen: async () => {
      await store.close();
      store = await IdbStore.open({ name });
      return store;
    },
    dispose: async () => {
      await store.close();
      await IdbStore.destroy(name);
    },
  };
});

describe('IndexedDB store: corrupted records', () => {
  const names: string[] = [];
  afterEach(async () => {
    for (const n of names.splice(0)) await IdbStore.destroy(n);
  });

  it('reports each corrupted record once with a named error, skips it, and keeps every good record', async () => {
    const name = freshName();
    names.push(name);
    const reports: CorruptRecordError[] = [];
    const store = await IdbStore.open({ name, onCorrupt: (e) => reports.push(e) });
    await store.addJob({ id: 'good-1', kind: 'leaf', input: Uint8Array.of(1) });
    await store.putKey('staking', Uint8Array.of(9, 9, 9));
    const c = new Uint8Array(32).fill(1);
    await store.putChunk(c, 0, Uint8Array.of(1, 2, 3, 4));
    await store.addBenchmarkRun({ at: 1, rows: [{ name: 'msm', impl: 'wasm', size: 8, threads: 1, ms: 2 }] });

    // Damage records behind the store's back, the way a bug, a disk fault or a hand edit would.
    const db = await openParticipantDb(name);
    const truncated = seal(Uint8Array.of(1, 2, 3, 4));
    truncated.bytes = truncated.bytes.subarray(0, 3);
    const goodRow = jobRow(
      {
        id: 'bad-state',
        kind: 'leaf',
        input: Uint8Array.of(2),
        state: 'queued',
        attempts: 0,
        maxAttempts: 3,
        lease: null,
        output: null,
        error: null,
      },
      1,
    );
    await db.put('jobs', { ...goodRow, state: 'exploded' } as never, 'bad-state');
    await db.put('jobs', { ...goodRow, id: 'bad-input', input: truncated, seq: 2 }, 'bad-input');
    await db.put('jobs', { ...goodRow, id: 'bad-attempts', attempts: 'many', seq: 3 } as never, 'bad-attempts');
    await db.put('jobs', { ...goodRow, id: 'bad-seq', seq: 'last' } as never, 'bad-seq');
    await db.put('jobs', 'not a job' as never, 'bad-shape');
    await db.put('keys', 'plain text secret', 'stolen');
    await db.put('chunks', truncated, `${'01'.repeat(32)}/1`);
    await db.put('benchmarks', { at: 2, rows: 'none' });
    db.close();
    await store.addJob({ id: 'good-2', kind: 'merge', input: Uint8Array.of(3) });
    await store.addJob({ id: 'a-third', kind: 'merge', input: Uint8Array.of(4) });

    // Reads skip the bad records; the good ones are all there.
    // Queue order holds past a corrupted record's non-number seq.
    expect((await store.listJobs()).map((j) => j.id)).toEqual(['good-1', 'good-2', 'a-third']);
    expect(await store.getJob('bad-input')).toBeNull();
    expect(await store.getKey('stolen')).toBeNull();
    expect(await store.getKey('staking')).toEqual(Uint8Array.of(9, 9, 9));
    expect(await store.getChunk(c, 1)).toBeNull();
    expect(await store.getChunk(c, 0)).toEqual(Uint8Array.of(1, 2, 3, 4));
    expect((await store.benchmarkRuns()).map((r) => r.at)).toEqual([1]);
    // Leasing walks past the corrupted jobs and takes the good ones in queue order.
    const t0 = 1_000;
    expect((await store.leaseJob({ now: t0, leaseMs: 10 }))?.id).toBe('good-1');
    expect((await store.leaseJob({ now: t0, leaseMs: 10 }))?.id).toBe('good-2');
    expect((await store.leaseJob({ now: t0, leaseMs: 10 }))?.id).toBe('a-third');
    expect(await store.leaseJob({ now: t0, leaseMs: 10 })).toBeNull();
    // A transition on a corrupted job is refused by name, not crashed on.
    const err = await store.completeJob('bad-input', 'x', Uint8Array.of(1)).catch((e: unknown) => e);
    expect((err as Error).name).toBe('UnknownJobError');
    // Adding a job over a corrupted record replaces it with a fresh one.
    expect(await store.addJob({ id: 'bad-state', kind: 'leaf', input: Uint8Array.of(2) })).toMatchObject({
      state: 'queued',
      attempts: 0,
    });

    expect(reports.every((e) => e instanceof CorruptRecordError)).toBe(true);
    expect(reports.map((e) => e.message).sort()).toEqual(
      [
        'corrupt record benchmarks/2: rows is not an array',
        `corrupt record chunks/${'01'.repeat(32)}/1: value does not match its digest (3 bytes: truncated or altered)`,
        'corrupt record jobs/bad-attempts: attempts is not a non-negative integer',
        'corrupt record jobs/bad-seq: seq is not a non-negative integer',
        'corrupt record jobs/bad-input: input does not match its digest (3 bytes: truncated or altered)',
        'corrupt record jobs/bad-shape: job is not an object',
        'corrupt record jobs/bad-state: state "exploded" is not a job state',
        'corrupt record keys/stolen: value is not an object',
      ].sort(),
    );
    await store.close();
  });
});

describe('IndexedDB store: durability and schema', () => {
  it('commits every job transition with strict durability', async () => {
    const name = freshName();
    const seen: Array<{ mode: string; durability: string }> = [];
    const original = IDBDatabase.prototype.transaction;
    const store = await IdbStore.open({ name });
    IDBDatabase.prototype.transaction = function (this: IDBDatabase, ...args: Parameters<typeof original>) {
      const tx = original.apply(this, args);
      seen.push({ mode: tx.mode, durability: tx.durability });
      return tx;
    } as typeof original;
    try {
      await store.addJob({ id: 'j', kind: 'leaf', input: Uint8Array.of(1) });
      const l = (await store.leaseJob({ now: 0, leaseMs: 10 }))!;
      await store.renewLease('j', l.lease!.token, { now: 5, leaseMs: 10 });
      await store.completeJob('j', l.lease!.token, Uint8Array.of(2));
      await store.getJob('j');
    } finally {
      IDBDatabase.prototype.transaction = original;
    }
    const writes = seen.filter((t) => t.mode === 'readwrite');
    expect(writes).toHaveLength(4);
    expect(writes.every((t) => t.durability === 'strict')).toBe(true);
    expect(seen.filter((t) => t.mode === 'readonly')).toHaveLength(1);
    await store.close();
    await IdbStore.destroy(name);
  });

  it('refuses a database written by a newer schema with StoreVersionError, and leaves it intact', async () => {
    const name = freshName();
    // A database another (newer) build created at a higher version:
    const raw = indexedDB.open(name, IDB_SCHEMA_VERSION + 5);
    await new Promise((resolve, reject) => {
      raw.onsuccess = resolve;
      raw.onerror = reject;
    });
    raw.result.close();
    const err = await IdbStore.open({ name }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreVersionError);
    expect((err as Error).message).toBe(
      `the participant store "${name}" was written by a newer version of this app (schema above ${IDB_SCHEMA_VERSION}); open it with that version`,
    );
    await IdbStore.destroy(name);
  });

  it('a store closed for another tab fails its calls with StoreClosedError; a stale holder cannot complete', async () => {
    const name = freshName();
    const a = await IdbStore.open({ name });
    await a.addJob({ id: 'j', kind: 'leaf', input: Uint8Array.of(1) });
    const held = (await a.leaseJob({ now: 0, leaseMs: 10 }))!;
    await a.close();
    const closed = await a.getJob('j').catch((e: unknown) => e);
    expect(closed).toBeInstanceOf(StoreClosedError);
    expect((closed as Error).message).toBe(`the participant store "${name}" is closed`);
    const b = await IdbStore.open({ name });
    const retaken = (await b.leaseJob({ now: 10, leaseMs: 10 }))!;
    expect(retaken.attempts).toBe(2);
    expect(await b.completeJob('j', held.lease!.token, Uint8Array.of(1)).catch((e: unknown) => e)).toBeInstanceOf(
      LeaseLostError,
    );
    await b.close();
    await IdbStore.destroy(name);
  });
});
