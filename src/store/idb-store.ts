// The ParticipantStore port on IndexedDB (the browser participant). One database per staker tab
// profile; every job transition is one readwrite transaction with strict durability (committed to
// disk before it resolves), so a reload or a crash never loses a finished job or runs one twice
// at once; reads check every record (./records.ts) and report and skip a corrupted one.
import { deleteDB, openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import {
  addedJob,
  completedJob,
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
import { bytesToHex } from '../protocol/bytes.js';
import { CorruptRecordError, StoreClosedError, StoreVersionError } from './errors.js';
import {
  benchmarkRow,
  chunkKey,
  CorruptionReporter,
  jobRow,
  RecordReader,
  resultKey,
  seal,
  warnCorrupt,
  type JobRow,
} from './records.js';

/** The schema this code writes. Each version's step is in UPGRADES; a newer database is refused. */
export const IDB_SCHEMA_VERSION = 2;
export const DEFAULT_IDB_NAME = 'fernet-participant';

export interface ParticipantDbSchema extends DBSchema {
  /** name → SealedBytes */
  keys: { key: string; value: unknown };
  /** id → JobRow; index seq = queue order */
  jobs: { key: string; value: JobRow; indexes: { seq: number } };
  /** `<commitment hex>/<index>` → SealedBytes */
  chunks: { key: string; value: unknown };
  /** `<commitment hex>/<level>/<index>` → SealedBytes */
  results: { key: string; value: unknown };
  /** auto-increment → BenchmarkRun (insertion order = oldest first) */
  benchmarks: { key: number; value: unknown };
  /** Version 2: GeneratorCache key → bytes (./idb-generator-cache.ts), checked by their reader's published hash */
  generators: { key: string; value: unknown };
}

type Db = IDBPDatabase<ParticipantDbSchema>;
type UpgradeTx = IDBPTransaction<ParticipantDbSchema, StoreNames<ParticipantDbSchema>[], 'versionchange'>;

/** UPGRADES[v] takes a database from version v to v + 1, inside the versionchange transaction. */
const UPGRADES: ReadonlyArray<(db: Db, tx: UpgradeTx) => void> = [
  (db) => {
    db.createObjectStore('keys');
    db.createObjectStore('jobs').createIndex('seq', 'seq');
    db.createObjectStore('chunks');
    db.createObjectStore('results');
    db.createObjectStore('benchmarks', { autoIncrement: true });
  },
  (db) => {
    db.createObjectStore('generators');
  },
];

/**
 * Opens (creating or upgrading) the database at `version` (tests open older versions to check the
 * upgrade path). A database at a newer version than this code raises StoreVersionError.
 */
export async function openParticipantDb(
  name: string,
  options: { version?: number; onClosed?: () => void } = {},
): Promise<Db> {
  const version = options.version ?? IDB_SCHEMA_VERSION;
  if (version < 1 || version > UPGRADES.length) throw new RangeError(`no IndexedDB schema version ${version}`);
  try {
    const db = await openDB<ParticipantDbSchema>(name, version, {
      upgrade(db, oldVersion, newVersion, tx) {
        for (let v = oldVersion; v < (newVersion ?? version); v++) UPGRADES[v]!(db, tx);
      },
      // Another tab wants a newer schema: let it, and fail this one's calls with StoreClosedError.
      blocking() {
        db.close();
        options.onClosed?.();
      },
      terminated() {
        options.onClosed?.();
      },
    });
    return db;
  } catch (e) {
    if ((e as DOMException).name === 'VersionError')
      throw new StoreVersionError(
        `the participant store "${name}" was written by a newer version of this app (schema above ${version}); open it with that version`,
      );
    throw e;
  }
}

export interface IdbStoreOptions {
  /** The database name [fernet-participant]. */
  name?: string;
  /** Each corrupted record, once (default: a console warning). */
  onCorrupt?: (error: CorruptRecordError) => void;
}

export class IdbStore implements ParticipantStore {
  private closed = false;
  private readonly corrupt: CorruptionReporter;

  private constructor(
    private readonly db: Db,
    readonly name: string,
    onCorrupt: (e: CorruptRecordError) => void,
  ) {
    this.corrupt = new CorruptionReporter(onCorrupt);
  }

  static async open(options: IdbStoreOptions = {}): Promise<IdbStore> {
    const name = options.name ?? DEFAULT_IDB_NAME;
    let store: IdbStore | undefined;
    const db = await openParticipantDb(name, {
      onClosed: () => {
        if (store) store.closed = true;
      },
    });
    store = new IdbStore(db, name, options.onCorrupt ?? warnCorrupt);
    return store;
  }

  /** Deletes the whole database (a staker's "forget this device"). */
  static async destroy(name = DEFAULT_IDB_NAME): Promise<void> {
    await deleteDB(name);
  }

  private live(): Db {
    if (this.closed) throw new StoreClosedError(`the participant store "${this.name}" is closed`);
    return this.db;
  }

  /** A record's value checked by `read`; a corrupted one is reported and reads as null. */
  private checked<T>(area: string, key: string, raw: unknown, read: (r: RecordReader, v: unknown) => T): T | null {
    if (raw === undefined) return null;
    try {
      return read(new RecordReader(area, key), raw);
    } catch (e) {
      if (!(e instanceof CorruptRecordError)) throw e;
      this.corrupt.note(e);
      return null;
    }
  }

  private async getBytes(area: 'keys' | 'chunks' | 'results', key: string): Promise<Uint8Array | null> {
    const raw = await this.live().get(area, key);
    return this.checked(area, key, raw, (r, v) => r.bytes(v, 'value'));
  }

  private async putBytes(area: 'keys' | 'chunks' | 'results', key: string, bytes: Uint8Array): Promise<void> {
    const tx = this.live().transaction(area, 'readwrite', { durability: 'strict' });
    await Promise.all([tx.store.put(seal(bytes), key), tx.done]);
  }

  getKey(name: string) {
    return this.getBytes('keys', name);
  }
  putKey(name: string, secret: Uint8Array) {
    return this.putBytes('keys', name, secret);
  }

  private readJob(key: string, raw: unknown): { job: JobRecord; seq: number } | null {
    return this.checked('jobs', key, raw, (r, v) => r.job(v));
  }

  async addJob(spec: JobSpec): Promise<JobRecord> {
    const tx = this.live().transaction('jobs', 'readwrite', { durability: 'strict' });
    const existing = this.readJob(spec.id, await tx.store.get(spec.id));
    // A conflict throws before anything is written; the transaction then commits empty.
    const { job, created } = addedJob(existing?.job ?? null, spec);
    if (created) {
      // The highest numeric seq (a corrupted record's non-number seq would sort above every number).
      const last = await tx.store.index('seq').openCursor(IDBKeyRange.upperBound(Number.MAX_VALUE), 'prev');
      const seq = typeof last?.value.seq === 'number' ? last.value.seq + 1 : 0;
      await tx.store.put(jobRow(job, seq), job.id);
    }
    await tx.done;
    return job;
  }

  async getJob(id: string): Promise<JobRecord | null> {
    return this.readJob(id, await this.live().get('jobs', id))?.job ?? null;
  }

  async listJobs(state?: JobState): Promise<JobRecord[]> {
    const tx = this.live().transaction('jobs');
    const [keys, values] = await Promise.all([tx.store.getAllKeys(), tx.store.getAll(), tx.done]);
    const jobs = keys
      .map((k, i) => this.readJob(k, values[i]))
      .filter((j): j is { job: JobRecord; seq: number } => j !== null)
      .sort((a, b) => a.seq - b.seq)
      .map((j) => j.job);
    return state === undefined ? jobs : jobs.filter((j) => j.state === state);
  }

  async leaseJob(options: LeaseOptions): Promise<JobRecord | null> {
    const tx = this.live().transaction('jobs', 'readwrite', { durability: 'strict' });
    const token = newLeaseToken();
    let leased: JobRecord | null = null;
    for (let c = await tx.store.index('seq').openCursor(); c; c = await c.continue()) {
      const read = this.readJob(String(c.primaryKey), c.value);
      if (!read) continue;
      const s = leaseStep(read.job, options, token);
      if (s.step === 'skip') continue;
      await c.update(jobRow(s.job, read.seq));
      if (s.step === 'lease') {
        leased = s.job;
        break;
      }
    }
    await tx.done;
    return leased;
  }

  private async transition(id: string, next: (j: JobRecord | null) => JobRecord): Promise<JobRecord> {
    const tx = this.live().transaction('jobs', 'readwrite', { durability: 'strict' });
    const read = this.readJob(id, await tx.store.get(id));
    const job = next(read?.job ?? null);
    await tx.store.put(jobRow(job, read!.seq), id);
    await tx.done;
    return job;
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

  async pruneBlocks(keep: readonly Uint8Array[]): Promise<PruneReport> {
    const kept = new Set(keep.map((c) => bytesToHex(c)));
    const areas = ['jobs', 'chunks', 'results'] as const;
    // One transaction: a crash mid-prune leaves every block whole or gone, never half of one.
    const tx = this.live().transaction(areas, 'readwrite', { durability: 'strict' });
    const removed = { jobs: 0, chunks: 0, results: 0 };
    for (const area of areas) {
      const store = tx.objectStore(area);
      for (const key of await store.getAllKeys()) {
        const block = blockOfKey(String(key));
        if (block === null || kept.has(block)) continue;
        await store.delete(key);
        removed[area]++;
      }
    }
    await tx.done;
    return removed;
  }

  async addBenchmarkRun(run: BenchmarkRun): Promise<void> {
    const tx = this.live().transaction('benchmarks', 'readwrite', { durability: 'strict' });
    await Promise.all([tx.store.add(benchmarkRow(run)), tx.done]);
  }

  async benchmarkRuns(): Promise<BenchmarkRun[]> {
    const tx = this.live().transaction('benchmarks');
    const [keys, values] = await Promise.all([tx.store.getAllKeys(), tx.store.getAll(), tx.done]);
    return keys
      .map((k, i) => this.checked('benchmarks', String(k), values[i], (r, v) => r.benchmarkRun(v)))
      .filter((r): r is BenchmarkRun => r !== null);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }
}
