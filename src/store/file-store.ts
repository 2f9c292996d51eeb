// The ParticipantStore port on files, for the headless node (Node fs). One directory per staker;
// one JSON file per record, written atomically (temp file, fsync, rename, fsync of the folder), so
// a crash leaves either the old record or the new one. Jobs are loaded once and served from
// memory; every mutation runs one at a time and writes its file before memory changes, so each
// transition is atomic. A lock file keeps a second process off the directory. Records are checked
// on read like IndexedDB's (./records.ts): a corrupted one is reported and skipped.
//
// Layout: schema.json {version} · lock (pid) · keys/ jobs/ chunks/ results/ benchmarks/, each
// record `<encodeURIComponent(key)>.json`; byte strings as {"$bytes": base64} inside.
import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { bytesToHex } from '../protocol/bytes.js';
import {
  addedJob,
  completedJob,
  copyJob,
  failedJob,
  leaseStep,
  newLeaseToken,
  renewedJob,
} from '../participant/ports/job-rules.js';
import {
  blockOfKey,
  type BenchmarkRun,
  type JobRecord,
  type JobSpec,
  type JobState,
  type LeaseOptions,
  type ParticipantStore,
  type PruneReport,
  type ResultKey,
} from '../participant/ports/store.js';
import { CorruptRecordError, StoreClosedError, StoreLockedError, StoreVersionError } from './errors.js';
import {
  benchmarkRow,
  chunkKey,
  CorruptionReporter,
  jobRow,
  RecordReader,
  resultKey,
  seal,
  warnCorrupt,
} from './records.js';

export const FILE_SCHEMA_VERSION = 1;
const AREAS = ['keys', 'jobs', 'chunks', 'results', 'benchmarks'] as const;
type Area = (typeof AREAS)[number];

const toJson = (value: unknown) =>
  JSON.stringify(value, (_k, v: unknown) =>
    v instanceof Uint8Array ? { $bytes: Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64') } : v,
  );

const fromJson = (text: string): unknown =>
  JSON.parse(text, (_k, v: unknown) => {
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
      const o = v as Record<string, unknown>;
      const keys = Object.keys(o);
      if (keys.length === 1 && typeof o.$bytes === 'string') return new Uint8Array(Buffer.from(o.$bytes, 'base64'));
    }
    return v;
  });

const fileOf = (key: string) => `${encodeURIComponent(key)}.json`;
const keyOf = (file: string) => decodeURIComponent(file.slice(0, -'.json'.length));

const isMissing = (e: unknown) => (e as NodeJS.ErrnoException).code === 'ENOENT';

/** Writes `data` to `path` so that a crash leaves the old file or the whole new one. */
async function writeAtomic(path: string, data: string): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  const fh = await open(tmp, 'w');
  try {
    await fh.writeFile(data);
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tmp, path);
}

async function syncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface FileStoreOptions {
  /** The store's directory (created when missing). */
  dir: string;
  /** Each corrupted record, once (default: a console warning). */
  onCorrupt?: (error: CorruptRecordError) => void;
}

export class FileStore implements ParticipantStore {
  private readonly jobs = new Map<string, { job: JobRecord; seq: number }>();
  private nextSeq = 0;
  private nextRun = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  private readonly corrupt: CorruptionReporter;

  private constructor(
    readonly dir: string,
    onCorrupt: (e: CorruptRecordError) => void,
  ) {
    this.corrupt = new CorruptionReporter(onCorrupt);
  }

  static async open(options: FileStoreOptions): Promise<FileStore> {
    const store = new FileStore(options.dir, options.onCorrupt ?? warnCorrupt);
    await store.lock();
    try {
      await store.load();
    } catch (e) {
      await unlink(join(store.dir, 'lock')).catch(() => {});
      throw e;
    }
    return store;
  }

  private async lock(): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const path = join(this.dir, 'lock');
    for (;;) {
      try {
        await writeFile(path, String(process.pid), { flag: 'wx' });
        return;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      const pid = Number(await readFile(path, 'utf8').catch(() => 'NaN'));
      if (Number.isSafeInteger(pid) && pid > 0 && processAlive(pid))
        throw new StoreLockedError(`the store at ${this.dir} is in use by process ${pid}`);
      // Left by a process that died: take it over.
      await unlink(path).catch((e: unknown) => {
        if (!isMissing(e)) throw e;
      });
    }
  }

  private async load(): Promise<void> {
    const schemaPath = join(this.dir, 'schema.json');
    let version: unknown;
    try {
      version = (JSON.parse(await readFile(schemaPath, 'utf8')) as { version?: unknown }).version;
    } catch (e) {
      if (!isMissing(e)) throw new StoreVersionError(`the store at ${this.dir} has an unreadable schema.json`);
    }
    if (version === undefined) {
      await writeAtomic(schemaPath, JSON.stringify({ version: FILE_SCHEMA_VERSION }));
      version = FILE_SCHEMA_VERSION;
    }
    if (version !== FILE_SCHEMA_VERSION)
      throw new StoreVersionError(
        `the store at ${this.dir} has schema version ${JSON.stringify(version)}; this code reads ${FILE_SCHEMA_VERSION}`,
      );
    for (const area of AREAS) {
      const dir = join(this.dir, area);
      await mkdir(dir, { recursive: true });
      // Temp files of writes a crash cut short: the record they were replacing is still whole.
      for (const f of await readdir(dir)) if (f.includes('.tmp-')) await unlink(join(dir, f)).catch(() => {});
    }
    for (const f of await this.files('jobs')) {
      const key = keyOf(f);
      const read = this.checked('jobs', key, await this.rawText('jobs', f), (r, v) => r.job(v));
      if (read) this.jobs.set(key, read);
    }
    this.nextSeq = Math.max(-1, ...[...this.jobs.values()].map((j) => j.seq)) + 1;
    const runs = await this.files('benchmarks');
    this.nextRun = runs.length === 0 ? 0 : Math.max(...runs.map((f) => Number(keyOf(f)) || 0)) + 1;
  }

  private async files(area: Area): Promise<string[]> {
    return (await readdir(join(this.dir, area))).filter((f) => f.endsWith('.json')).sort();
  }

  private async rawText(area: Area, file: string): Promise<string | undefined> {
    try {
      return await readFile(join(this.dir, area, file), 'utf8');
    } catch (e) {
      if (isMissing(e)) return undefined;
      throw e;
    }
  }

  /** A record's text parsed and checked by `read`; a corrupted one is reported and reads as null. */
  private checked<T>(
    area: Area,
    key: string,
    text: string | undefined,
    read: (r: RecordReader, v: unknown) => T,
  ): T | null {
    if (text === undefined) return null;
    const reader = new RecordReader(area, key);
    try {
      let value: unknown;
      try {
        value = fromJson(text);
      } catch {
        throw reader.fail(`not JSON (${text.length} bytes: truncated or altered)`);
      }
      return read(reader, value);
    } catch (e) {
      if (!(e instanceof CorruptRecordError)) throw e;
      this.corrupt.note(e);
      return null;
    }
  }

  private async write(area: Area, key: string, value: unknown): Promise<void> {
    await writeAtomic(join(this.dir, area, fileOf(key)), toJson(value));
    await syncDir(join(this.dir, area));
  }

  /** Runs mutations one at a time (each one's read-decide-write is then atomic). */
  private serial<T>(f: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new StoreClosedError(`the store at ${this.dir} is closed`));
    const p = this.queue.then(f, f);
    this.queue = p.catch(() => {});
    return p;
  }

  private live(): void {
    if (this.closed) throw new StoreClosedError(`the store at ${this.dir} is closed`);
  }

  private async getBytes(area: 'keys' | 'chunks' | 'results', key: string): Promise<Uint8Array | null> {
    this.live();
    return this.checked(area, key, await this.rawText(area, fileOf(key)), (r, v) => r.bytes(v, 'value'));
  }

  private putBytes(area: 'keys' | 'chunks' | 'results', key: string, bytes: Uint8Array): Promise<void> {
    const sealed = seal(bytes);
    return this.serial(() => this.write(area, key, sealed));
  }

  getKey(name: string) {
    return this.getBytes('keys', name);
  }
  putKey(name: string, secret: Uint8Array) {
    return this.putBytes('keys', name, secret);
  }

  /** Writes the job's file, then takes it into memory. */
  private async saveJob(job: JobRecord, seq: number): Promise<JobRecord> {
    await this.write('jobs', job.id, jobRow(job, seq));
    this.jobs.set(job.id, { job, seq });
    return copyJob(job);
  }

  addJob(spec: JobSpec): Promise<JobRecord> {
    return this.serial(async () => {
      const existing = this.jobs.get(spec.id);
      const { job, created } = addedJob(existing?.job ?? null, spec);
      // (A corrupted file under this id was never loaded: the new job replaces it.)
      return created ? this.saveJob(job, this.nextSeq++) : copyJob(job);
    });
  }

  async getJob(id: string): Promise<JobRecord | null> {
    this.live();
    const j = this.jobs.get(id);
    return j ? copyJob(j.job) : null;
  }

  async listJobs(state?: JobState): Promise<JobRecord[]> {
    this.live();
    return [...this.jobs.values()]
      .sort((a, b) => a.seq - b.seq)
      .map((j) => j.job)
      .filter((j) => state === undefined || j.state === state)
      .map(copyJob);
  }

  leaseJob(options: LeaseOptions): Promise<JobRecord | null> {
    return this.serial(async () => {
      const token = newLeaseToken();
      for (const { job, seq } of [...this.jobs.values()].sort((a, b) => a.seq - b.seq)) {
        const s = leaseStep(job, options, token);
        if (s.step === 'skip') continue;
        const saved = await this.saveJob(s.job, seq);
        if (s.step === 'lease') return saved;
      }
      return null;
    });
  }

  private transition(id: string, next: (j: JobRecord | null) => JobRecord): Promise<JobRecord> {
    return this.serial(async () => {
      const current = this.jobs.get(id);
      const job = next(current?.job ?? null);
      return this.saveJob(job, current!.seq);
    });
  }

  completeJob(id: string, token: string, output: Uint8Array) {
    return this.transition(id, (j) => completedJob(j, id, token, output));
  }
  failJob(id: string, token: string, error: string, options: { retry?: boolean } = {}) {
    return this.transition(id, (j) => failedJob(j, id, token, error, options));
  }
  renewLease(id: string, token: string, options: { now: number; leaseMs: number }) {
    return this.transition(id, (j) => renewedJob(j, id, token, options));
  }

  putChunk(commitment: Uint8Array, index: number, chunk: Uint8Array) {
    return this.putBytes('chunks', chunkKey(commitment, index), chunk);
  }
  getChunk(commitment: Uint8Array, index: number) {
    return this.getBytes('chunks', chunkKey(commitment, index));
  }

  putResult(key: ResultKey, bytes: Uint8Array) {
    return this.putBytes('results', resultKey(key), bytes);
  }
  getResult(key: ResultKey) {
    return this.getBytes('results', resultKey(key));
  }

  pruneBlocks(keep: readonly Uint8Array[]): Promise<PruneReport> {
    const kept = new Set(keep.map((c) => bytesToHex(c)));
    return this.serial(async () => {
      const removed = { jobs: 0, chunks: 0, results: 0 };
      for (const area of ['jobs', 'chunks', 'results'] as const) {
        for (const f of await this.files(area)) {
          const key = keyOf(f);
          const block = blockOfKey(key);
          if (block === null || kept.has(block)) continue;
          await unlink(join(this.dir, area, f)).catch((e: unknown) => {
            if (!isMissing(e)) throw e;
          });
          if (area === 'jobs') this.jobs.delete(key);
          removed[area]++;
        }
        if (removed[area] > 0) await syncDir(join(this.dir, area));
      }
      return removed;
    });
  }

  addBenchmarkRun(run: BenchmarkRun): Promise<void> {
    const row = benchmarkRow(run);
    return this.serial(() => this.write('benchmarks', String(this.nextRun++).padStart(10, '0'), row));
  }

  async benchmarkRuns(): Promise<BenchmarkRun[]> {
    this.live();
    const runs: BenchmarkRun[] = [];
    for (const f of await this.files('benchmarks')) {
      const run = this.checked('benchmarks', keyOf(f), await this.rawText('benchmarks', f), (r, v) =>
        r.benchmarkRun(v),
      );
      if (run) runs.push(run);
    }
    return runs;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.queue;
    this.closed = true;
    await unlink(join(this.dir, 'lock')).catch(() => {});
  }
}
