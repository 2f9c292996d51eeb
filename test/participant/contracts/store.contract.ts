// The ParticipantStore port's contract: one suite for every implementation (memory now; IndexedDB
// and files later). `reopen` stands for a reload: it closes the store and opens it again on the
// same data (the memory store survives only within its process, so it hands back itself).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  JobConflictError,
  LeaseLostError,
  UnknownJobError,
  type ParticipantStore,
} from '../../../src/participant/ports/store.js';

export interface StoreFixture {
  store: ParticipantStore;
  reopen(): Promise<ParticipantStore>;
  dispose(): Promise<void>;
}

const T0 = 1_000_000;
const lease = { now: T0, leaseMs: 60_000 };

async function errorOf(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => undefined,
    (e: unknown) => e,
  );
}

export function describeStoreContract(name: string, open: () => Promise<StoreFixture>): void {
  describe(`ParticipantStore contract: ${name}`, () => {
    let f: StoreFixture;
    let store: ParticipantStore;
    beforeEach(async () => {
      f = await open();
      store = f.store;
    });
    afterEach(async () => {
      await f.dispose();
    });

    it('keeps keys, chunks, results and benchmark runs, and hands out copies', async () => {
      const secret = Uint8Array.of(1, 2, 3);
      await store.putKey('staking', secret);
      secret[0] = 9;
      const got = await store.getKey('staking');
      expect(got).toEqual(Uint8Array.of(1, 2, 3));
      got![1] = 9;
      expect(await store.getKey('staking')).toEqual(Uint8Array.of(1, 2, 3));
      expect(await store.getKey('other')).toBeNull();

      const c = new Uint8Array(32).fill(4);
      await store.putChunk(c, 3, Uint8Array.of(7));
      expect(await store.getChunk(c, 3)).toEqual(Uint8Array.of(7));
      expect(await store.getChunk(c, 4)).toBeNull();
      expect(await store.getChunk(new Uint8Array(32), 3)).toBeNull();

      await store.putResult({ commitment: c, level: 1, index: 0 }, Uint8Array.of(8));
      expect(await store.getResult({ commitment: c, level: 1, index: 0 })).toEqual(Uint8Array.of(8));
      expect(await store.getResult({ commitment: c, level: 0, index: 1 })).toBeNull();

      const row = { name: 'msm', impl: 'wasm', size: 1024, threads: 2, ms: 3.5 };
      await store.addBenchmarkRun({ at: 1, rows: [row] });
      await store.addBenchmarkRun({ at: 2, rows: [] });
      await store.addBenchmarkRun({ at: 3, device: 'Pixel 8, Chrome', rows: [row] });
      expect(await store.benchmarkRuns()).toEqual([
        { at: 1, rows: [row] },
        { at: 2, rows: [] },
        { at: 3, device: 'Pixel 8, Chrome', rows: [row] },
      ]);
    });

    it('adding a job is idempotent by id; a different body under the same id is refused', async () => {
      const a = await store.addJob({ id: 'leaf/0', kind: 'leaf', input: Uint8Array.of(1) });
      expect(a).toMatchObject({ state: 'queued', attempts: 0, maxAttempts: 3, lease: null, output: null });
      const again = await store.addJob({ id: 'leaf/0', kind: 'leaf', input: Uint8Array.of(1) });
      expect(again).toEqual(a);
      expect((await store.listJobs()).length).toBe(1);
      const err = await errorOf(store.addJob({ id: 'leaf/0', kind: 'leaf', input: Uint8Array.of(2) }));
      expect(err).toBeInstanceOf(JobConflictError);
      expect((err as Error).message).toBe('job "leaf/0" exists with a different kind or input');
    });

    it('leases jobs oldest first, one holder at a time, and only the kinds asked for', async () => {
      await store.addJob({ id: 'a', kind: 'leaf', input: Uint8Array.of(1) });
      await store.addJob({ id: 'b', kind: 'merge', input: Uint8Array.of(2) });
      await store.addJob({ id: 'c', kind: 'leaf', input: Uint8Array.of(3) });
      const first = await store.leaseJob(lease);
      expect(first).toMatchObject({ id: 'a', state: 'running', attempts: 1 });
      expect(first!.lease!.until).toBe(T0 + 60_000);
      expect((await store.leaseJob({ ...lease, kinds: ['leaf'] }))?.id).toBe('c');
      expect((await store.leaseJob(lease))?.id).toBe('b');
      expect(await store.leaseJob(lease)).toBeNull();
    });

    it('complete and fail need the current lease; a retry re-queues, the last attempt fails for good', async () => {
      await store.addJob({ id: 'j', kind: 'leaf', input: Uint8Array.of(1), maxAttempts: 2 });
      const l1 = (await store.leaseJob(lease))!;
      expect(await store.failJob('j', l1.lease!.token, 'worker died')).toMatchObject({
        state: 'queued',
        attempts: 1,
        error: 'worker died',
        lease: null,
      });
      const stale = await errorOf(store.completeJob('j', l1.lease!.token, Uint8Array.of(9)));
      expect(stale).toBeInstanceOf(LeaseLostError);
      expect((stale as Error).message).toBe('job "j" is queued and not leased to this holder');
      const l2 = (await store.leaseJob(lease))!;
      expect(l2.attempts).toBe(2);
      expect(await store.failJob('j', l2.lease!.token, 'again')).toMatchObject({ state: 'failed', attempts: 2 });
      expect(await store.leaseJob(lease)).toBeNull();
      expect(await errorOf(store.completeJob('nope', 'x', Uint8Array.of(1)))).toBeInstanceOf(UnknownJobError);
    });

    it('a failure with retry: false fails at once', async () => {
      await store.addJob({ id: 'j', kind: 'leaf', input: Uint8Array.of(1) });
      const l = (await store.leaseJob(lease))!;
      expect(await store.failJob('j', l.lease!.token, 'bad input', { retry: false })).toMatchObject({
        state: 'failed',
        attempts: 1,
      });
    });

    it('after a reload: done work is kept and never leased again; a live lease is respected; an expired one is re-leased', async () => {
      await store.addJob({ id: 'done', kind: 'leaf', input: Uint8Array.of(1) });
      await store.addJob({ id: 'held', kind: 'leaf', input: Uint8Array.of(2) });
      const d = (await store.leaseJob(lease))!;
      await store.completeJob('done', d.lease!.token, Uint8Array.of(42));
      const h = (await store.leaseJob(lease))!;
      expect(h.id).toBe('held');

      store = await f.reopen();
      expect(await store.getJob('done')).toMatchObject({ state: 'done', output: Uint8Array.of(42) });
      expect(await store.leaseJob({ ...lease, now: T0 + 59_999 })).toBeNull();
      const again = await store.leaseJob({ ...lease, now: T0 + 60_000 });
      expect(again).toMatchObject({ id: 'held', attempts: 2 });
      // The holder from before the reload can no longer complete it.
      expect(await errorOf(store.completeJob('held', h.lease!.token, Uint8Array.of(1)))).toBeInstanceOf(LeaseLostError);
      expect((await store.completeJob('held', again!.lease!.token, Uint8Array.of(5))).state).toBe('done');
      expect((await store.listJobs('done')).map((j) => j.id)).toEqual(['done', 'held']);
    });

    it('leases only the ids asked for; a renewed lease outlives its first end, a lost one cannot be renewed', async () => {
      await store.addJob({ id: 'x', kind: 'leaf', input: Uint8Array.of(1) });
      await store.addJob({ id: 'y', kind: 'leaf', input: Uint8Array.of(2) });
      const y = (await store.leaseJob({ ...lease, ids: ['y'] }))!;
      expect(y.id).toBe('y');
      expect(await store.leaseJob({ ...lease, ids: ['y', 'z'] })).toBeNull();
      const renewed = await store.renewLease('y', y.lease!.token, { now: T0 + 50_000, leaseMs: 60_000 });
      expect(renewed).toMatchObject({
        state: 'running',
        attempts: 1,
        lease: { token: y.lease!.token, until: T0 + 110_000 },
      });
      // Past the first lease's end but inside the renewed one: still held.
      expect(await store.leaseJob({ ...lease, now: T0 + 100_000, ids: ['y'] })).toBeNull();
      const taken = (await store.leaseJob({ ...lease, now: T0 + 110_000, ids: ['y'] }))!;
      expect(taken.attempts).toBe(2);
      const lost = await errorOf(store.renewLease('y', y.lease!.token, { now: T0 + 110_000, leaseMs: 1 }));
      expect(lost).toBeInstanceOf(LeaseLostError);
      expect((lost as Error).message).toBe('job "y" is running and not leased to this holder');
      expect(await errorOf(store.renewLease('nope', 'x', { now: T0, leaseMs: 1 }))).toBeInstanceOf(UnknownJobError);
      expect((await store.getJob('x'))!.state).toBe('queued');
    });

    it('keeps keys, chunks, results and benchmark runs across a reload', async () => {
      const c = new Uint8Array(32).fill(6);
      await store.putKey('staking', Uint8Array.of(5, 5));
      await store.putChunk(c, 0, Uint8Array.of(1, 2));
      await store.putResult({ commitment: c, level: 2, index: 1 }, Uint8Array.of(3));
      await store.addBenchmarkRun({ at: 7, rows: [{ name: 'poseidon', impl: 'wasm', size: 1, threads: 1, ms: 0.5 }] });
      store = await f.reopen();
      expect(await store.getKey('staking')).toEqual(Uint8Array.of(5, 5));
      expect(await store.getChunk(c, 0)).toEqual(Uint8Array.of(1, 2));
      expect(await store.getResult({ commitment: c, level: 2, index: 1 })).toEqual(Uint8Array.of(3));
      expect((await store.benchmarkRuns()).map((r) => r.at)).toEqual([7]);
    });

    it('prunes the jobs, chunks and results of the blocks not kept, across a reload, and keeps the rest', async () => {
      const [old, older, current] = [0xa1, 0xa2, 0xa3].map((b) => new Uint8Array(32).fill(b)) as [
        Uint8Array,
        Uint8Array,
        Uint8Array,
      ];
      const hex = (c: Uint8Array) => [...c].map((b) => b.toString(16).padStart(2, '0')).join('');
      for (const c of [old, older, current]) {
        await store.addJob({ id: `${hex(c)}/0/0`, kind: 'leaf', input: c });
        await store.addJob({ id: `${hex(c)}/1/0`, kind: 'merge', input: c });
        await store.putChunk(c, 1, Uint8Array.of(1));
        await store.putResult({ commitment: c, level: 0, index: 0 }, Uint8Array.of(2));
      }
      const running = (await store.leaseJob({ ...lease, ids: [`${hex(old)}/0/0`] }))!;
      await store.addJob({ id: 'not-a-block', kind: 'leaf', input: Uint8Array.of(9) });
      await store.addJob({ id: `${hex(old).toUpperCase()}/0/0`, kind: 'leaf', input: Uint8Array.of(9) });
      await store.putKey('staking', Uint8Array.of(5));
      await store.addBenchmarkRun({ at: 1, rows: [] });

      expect(await store.pruneBlocks([current])).toEqual({ jobs: 4, chunks: 2, results: 2 });
      expect((await store.listJobs()).map((j) => j.id)).toEqual([
        `${hex(current)}/0/0`,
        `${hex(current)}/1/0`,
        'not-a-block',
        `${hex(old).toUpperCase()}/0/0`,
      ]);
      expect(await store.getChunk(old, 1)).toBeNull();
      expect(await store.getResult({ commitment: older, level: 0, index: 0 })).toBeNull();
      // The holder of a pruned job's lease finds it gone.
      expect(await errorOf(store.completeJob(running.id, running.lease!.token, Uint8Array.of(1)))).toBeInstanceOf(
        UnknownJobError,
      );
      store = await f.reopen();
      expect(await store.getJob(`${hex(old)}/0/0`)).toBeNull();
      expect(await store.getChunk(current, 1)).toEqual(Uint8Array.of(1));
      expect(await store.getResult({ commitment: current, level: 0, index: 0 })).toEqual(Uint8Array.of(2));
      expect(await store.getKey('staking')).toEqual(Uint8Array.of(5));
      expect(await store.benchmarkRuns()).toHaveLength(1);
      expect(await store.pruneBlocks([current])).toEqual({ jobs: 0, chunks: 0, results: 0 });
      expect(await store.pruneBlocks([])).toEqual({ jobs: 2, chunks: 1, results: 1 });
    });

    it('a job whose last lease expired fails instead of running past its attempts', async () => {
      await store.addJob({ id: 'j', kind: 'leaf', input: Uint8Array.of(1), maxAttempts: 1 });
      await store.leaseJob(lease);
      expect(await store.leaseJob({ ...lease, now: T0 + 60_000 })).toBeNull();
      expect(await store.getJob('j')).toMatchObject({ state: 'failed', attempts: 1, error: 'lease expired' });
    });
  });
}
