// The file store under Node: the port's contract (a reload = close and open the same directory),
// corrupted files reported and skipped, crash leftovers, the directory lock and the schema file.
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CorruptRecordError, StoreClosedError, StoreLockedError, StoreVersionError } from '../../src/store/errors.js';
import { FileStore } from '../../src/store/file-store.js';
import { describeStoreContract } from '../participant/contracts/store.contract.js';

const dirs: string[] = [];
async function freshDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'fernet-store-'));
  dirs.push(d);
  return d;
}
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

describeStoreContract('files (Node)', async () => {
  const dir = await freshDir();
  let store = await FileStore.open({ dir });
  return {
    store,
    reopen: async () => {
      await store.close();
      store = await FileStore.open({ dir });
      return store;
    },
    dispose: () => store.close(),
  };
});

describe('file store', () => {
  it('reports each corrupted file once with a named error, skips it, and keeps every good record', async () => {
    const dir = await freshDir();
    let store = await FileStore.open({ dir });
    await store.addJob({ id: 'good/1', kind: 'leaf', input: Uint8Array.of(1) });
    await store.addJob({ id: 'cut', kind: 'leaf', input: Uint8Array.of(2, 3, 4) });
    await store.addJob({ id: 'typed', kind: 'leaf', input: Uint8Array.of(5) });
    await store.addJob({ id: 'good/2', kind: 'merge', input: Uint8Array.of(6) });
    await store.putKey('staking', Uint8Array.of(7, 7));
    await store.putKey('half', Uint8Array.of(8, 8));
    const c = new Uint8Array(32).fill(2);
    await store.putChunk(c, 0, Uint8Array.of(1, 2, 3));
    await store.addBenchmarkRun({ at: 1, rows: [] });
    await store.addBenchmarkRun({ at: 2, rows: [] });
    await store.close();

    // Damage files behind the store's back.
    const file = (area: string, key: string) => join(dir, area, `${encodeURIComponent(key)}.json`);
    const cut = JSON.parse(await readFile(file('jobs', 'cut'), 'utf8'));
    cut.input.bytes.$bytes = Buffer.of(2, 3).toString('base64');
    await writeFile(file('jobs', 'cut'), JSON.stringify(cut));
    const typed = JSON.parse(await readFile(file('jobs', 'typed'), 'utf8'));
    typed.maxAttempts = '3';
    await writeFile(file('jobs', 'typed'), JSON.stringify(typed));
    const half = await readFile(file('keys', 'half'), 'utf8');
    await writeFile(file('keys', 'half'), half.slice(0, half.length >> 1));
    await writeFile(file('benchmarks', '0000000001'), '{"at": 2, "rows": [{"name": 1}]}');

    const reports: CorruptRecordError[] = [];
    store = await FileStore.open({ dir, onCorrupt: (e) => reports.push(e) });
    expect((await store.listJobs()).map((j) => j.id)).toEqual(['good/1', 'good/2']);
    expect(await store.getJob('cut')).toBeNull();
    expect(await store.getKey('half')).toBeNull();
    expect(await store.getKey('half')).toBeNull();
    expect(await store.getKey('staking')).toEqual(Uint8Array.of(7, 7));
    expect(await store.getChunk(c, 0)).toEqual(Uint8Array.of(1, 2, 3));
    expect((await store.benchmarkRuns()).map((r) => r.at)).toEqual([1]);
    expect((await store.leaseJob({ now: 0, leaseMs: 10 }))?.id).toBe('good/1');
    expect((await store.leaseJob({ now: 0, leaseMs: 10 }))?.id).toBe('good/2');
    expect(await store.leaseJob({ now: 0, leaseMs: 10 })).toBeNull();
    // A new job under a corrupted one's id replaces it; queue order stays after the good ones.
    await store.addJob({ id: 'cut', kind: 'leaf', input: Uint8Array.of(2, 3, 4) });
    expect((await store.listJobs()).map((j) => j.id)).toEqual(['good/1', 'good/2', 'cut']);
    await store.close();

    expect(reports.every((e) => e instanceof CorruptRecordError)).toBe(true);
    expect(reports.map((e) => e.message).sort()).toEqual(
      [
        'corrupt record benchmarks/0000000001: rows[0].name is not a string',
        'corrupt record jobs/cut: input does not match its digest (2 bytes: truncated or altered)',
        `corrupt record keys/half: not JSON (${half.length >> 1} bytes: truncated or altered)`,
        'corrupt record jobs/typed: maxAttempts is not a non-negative integer',
      ].sort(),
    );
  });

  it('a write cut short by a crash leaves the old record whole; its temp file is cleared on open', async () => {
    const dir = await freshDir();
    let store = await FileStore.open({ dir });
    await store.addJob({ id: 'j', kind: 'leaf', input: Uint8Array.of(1) });
    await store.close();
    const jobs = join(dir, 'jobs');
    await writeFile(join(jobs, 'j.json.tmp-999-deadbeef'), '{"id": "j", "state": "do');
    store = await FileStore.open({ dir });
    expect(await store.getJob('j')).toMatchObject({ state: 'queued', input: Uint8Array.of(1) });
    expect(await readdir(jobs)).toEqual(['j.json']);
    await store.close();
  });

  it('one process per directory: a live holder is refused with StoreLockedError, a dead one is taken over', async () => {
    const dir = await freshDir();
    const a = await FileStore.open({ dir });
    const second = await FileStore.open({ dir }).catch((e: unknown) => e);
    expect(second).toBeInstanceOf(StoreLockedError);
    expect((second as Error).message).toBe(`the store at ${dir} is in use by process ${process.pid}`);
    await a.close();
    const closed = await a.getJob('x').catch((e: unknown) => e);
    expect(closed).toBeInstanceOf(StoreClosedError);

    // A lock left by a process that has exited.
    const child = spawn(process.execPath, ['-e', '0']);
    const pid = child.pid!;
    await new Promise((r) => child.once('exit', r));
    await writeFile(join(dir, 'lock'), String(pid));
    const b = await FileStore.open({ dir });
    expect(await readFile(join(dir, 'lock'), 'utf8')).toBe(String(process.pid));
    await b.close();
  });

  it('refuses a directory written by another schema version with StoreVersionError', async () => {
    const dir = await freshDir();
    await writeFile(join(dir, 'schema.json'), '{"version": 2}');
    const err = await FileStore.open({ dir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreVersionError);
    expect((err as Error).message).toBe(`the store at ${dir} has schema version 2; this code reads 1`);
    // The refusal released the lock.
    await writeFile(join(dir, 'schema.json'), '{"version": 1}');
    await (await FileStore.open({ dir })).close();
  });
});
