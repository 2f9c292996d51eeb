// The ParticipantStore port in memory: the reference semantics for the persistent stores. Every
// method runs to completion without awaiting, so each transition is atomic. Bytes are copied in and
// out: a caller never holds the store's own buffers.
import { bytesToHex } from '@noble/hashes/utils.js';
import {
  DEFAULT_MAX_ATTEMPTS,
  JobConflictError,
  LeaseLostError,
  UnknownJobError,
  type BenchmarkRun,
  type JobRecord,
  type JobSpec,
  type JobState,
  type LeaseOptions,
  type ParticipantStore,
  type ResultKey,
} from './store.js';

const copyJob = (j: JobRecord): JobRecord => ({
  ...j,
  input: j.input.slice(),
  output: j.output?.slice() ?? null,
  lease: j.lease ? { ...j.lease } : null,
});

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

export class MemoryStore implements ParticipantStore {
  private readonly keys = new Map<string, Uint8Array>();
  /** Insertion order = queue order. */
  private readonly jobs = new Map<string, JobRecord>();
  private readonly chunks = new Map<string, Uint8Array>();
  private readonly results = new Map<string, Uint8Array>();
  private readonly runs: BenchmarkRun[] = [];
  private leases = 0;

  async getKey(name: string) {
    return this.keys.get(name)?.slice() ?? null;
  }
  async putKey(name: string, secret: Uint8Array) {
    this.keys.set(name, secret.slice());
  }

  async addJob(spec: JobSpec): Promise<JobRecord> {
    const existing = this.jobs.get(spec.id);
    if (existing) {
      if (existing.kind !== spec.kind || !sameBytes(existing.input, spec.input))
        throw new JobConflictError(`job "${spec.id}" exists with a different kind or input`);
      return copyJob(existing);
    }
    const job: JobRecord = {
      id: spec.id,
      kind: spec.kind,
      input: spec.input.slice(),
      state: 'queued',
      attempts: 0,
      maxAttempts: spec.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
      lease: null,
      output: null,
      error: null,
    };
    this.jobs.set(job.id, job);
    return copyJob(job);
  }

  async getJob(id: string) {
    const j = this.jobs.get(id);
    return j ? copyJob(j) : null;
  }

  async listJobs(state?: JobState) {
    return [...this.jobs.values()].filter((j) => state === undefined || j.state === state).map(copyJob);
  }

  async leaseJob({ now, leaseMs, kinds }: LeaseOptions): Promise<JobRecord | null> {
    for (const j of this.jobs.values()) {
      if (kinds && !kinds.includes(j.kind)) continue;
      const expired = j.state === 'running' && j.lease !== null && j.lease.until <= now;
      if (j.state !== 'queued' && !expired) continue;
      if (expired && j.attempts >= j.maxAttempts) {
        // Its last attempt died holding the lease: the job fails rather than run past its limit.
        this.jobs.set(j.id, { ...j, state: 'failed', lease: null, error: j.error ?? 'lease expired' });
        continue;
      }
      const next: JobRecord = {
        ...j,
        state: 'running',
        attempts: j.attempts + 1,
        lease: { token: `lease-${++this.leases}-${now}`, until: now + leaseMs },
      };
      this.jobs.set(j.id, next);
      return copyJob(next);
    }
    return null;
  }

  private held(id: string, token: string): JobRecord {
    const j = this.jobs.get(id);
    if (!j) throw new UnknownJobError(`no job "${id}"`);
    if (j.state !== 'running' || j.lease?.token !== token)
      throw new LeaseLostError(`job "${id}" is ${j.state} and not leased to this holder`);
    return j;
  }

  async completeJob(id: string, token: string, output: Uint8Array): Promise<JobRecord> {
    const j = this.held(id, token);
    const next: JobRecord = { ...j, state: 'done', lease: null, output: output.slice(), error: null };
    this.jobs.set(id, next);
    return copyJob(next);
  }

  async failJob(id: string, token: string, error: string, options: { retry?: boolean } = {}): Promise<JobRecord> {
    const j = this.held(id, token);
    const retry = (options.retry ?? true) && j.attempts < j.maxAttempts;
    const next: JobRecord = { ...j, state: retry ? 'queued' : 'failed', lease: null, error };
    this.jobs.set(id, next);
    return copyJob(next);
  }

  async putChunk(commitment: Uint8Array, index: number, chunk: Uint8Array) {
    this.chunks.set(`${bytesToHex(commitment)}/${index}`, chunk.slice());
  }
  async getChunk(commitment: Uint8Array, index: number) {
    return this.chunks.get(`${bytesToHex(commitment)}/${index}`)?.slice() ?? null;
  }

  async putResult(key: ResultKey, bytes: Uint8Array) {
    this.results.set(`${bytesToHex(key.commitment)}/${key.level}/${key.index}`, bytes.slice());
  }
  async getResult(key: ResultKey) {
    return this.results.get(`${bytesToHex(key.commitment)}/${key.level}/${key.index}`)?.slice() ?? null;
  }

  async addBenchmarkRun(run: BenchmarkRun) {
    this.runs.push({ at: run.at, rows: run.rows.map((r) => ({ ...r })) });
  }
  async benchmarkRuns() {
    return this.runs.map((r) => ({ at: r.at, rows: r.rows.map((x) => ({ ...x })) }));
  }

  async close() {}
}
