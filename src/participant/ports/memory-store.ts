// The ParticipantStore port in memory: the reference semantics for the persistent stores. Every
// method runs to completion without awaiting, so each transition is atomic. Bytes are copied in and
// out: a caller never holds the store's own buffers. The transitions are ./job-rules.ts.
import { bytesToHex } from '../../protocol/bytes.js';
import { addedJob, completedJob, copyJob, failedJob, leaseStep, newLeaseToken, renewedJob } from './job-rules.js';
import {
  blockOfKey,
  chunkKey,
  resultKey,
  type BenchmarkRun,
  type JobRecord,
  type JobSpec,
  type JobState,
  type LeaseOptions,
  type ParticipantStore,
  type PruneReport,
  type ResultKey,
} from './store.js';

export class MemoryStore implements ParticipantStore {
  private readonly keys = new Map<string, Uint8Array>();
  /** Insertion order = queue order. */
  private readonly jobs = new Map<string, JobRecord>();
  private readonly chunks = new Map<string, Uint8Array>();
  private readonly results = new Map<string, Uint8Array>();
  private readonly runs: BenchmarkRun[] = [];

  async getKey(name: string) {
    return this.keys.get(name)?.slice() ?? null;
  }
  async putKey(name: string, secret: Uint8Array) {
    this.keys.set(name, secret.slice());
  }

  async addJob(spec: JobSpec): Promise<JobRecord> {
    const { job, created } = addedJob(this.jobs.get(spec.id) ?? null, spec);
    if (created) this.jobs.set(job.id, job);
    return copyJob(job);
  }

  async getJob(id: string) {
    const j = this.jobs.get(id);
    return j ? copyJob(j) : null;
  }

  async listJobs(state?: JobState) {
    return [...this.jobs.values()].filter((j) => state === undefined || j.state === state).map(copyJob);
  }

  async leaseJob(options: LeaseOptions): Promise<JobRecord | null> {
    const token = newLeaseToken();
    for (const j of this.jobs.values()) {
      const s = leaseStep(j, options, token);
      if (s.step === 'skip') continue;
      this.jobs.set(j.id, s.job);
      if (s.step === 'lease') return copyJob(s.job);
    }
    return null;
  }

  private transition(id: string, next: (j: JobRecord | null) => JobRecord): JobRecord {
    const j = next(this.jobs.get(id) ?? null);
    this.jobs.set(id, j);
    return copyJob(j);
  }

  async completeJob(id: string, token: string, output: Uint8Array) {
    return this.transition(id, (j) => completedJob(j, id, token, output));
  }
  async failJob(id: string, token: string, error: string, options: { retry?: boolean } = {}) {
    return this.transition(id, (j) => failedJob(j, id, token, error, options));
  }
  async renewLease(id: string, token: string, options: { now: number; leaseMs: number }) {
    return this.transition(id, (j) => renewedJob(j, id, token, options));
  }

  async putChunk(commitment: Uint8Array, index: number, chunk: Uint8Array) {
    this.chunks.set(chunkKey(commitment, index), chunk.slice());
  }
  async getChunk(commitment: Uint8Array, index: number) {
    return this.chunks.get(chunkKey(commitment, index))?.slice() ?? null;
  }

  async putResult(key: ResultKey, bytes: Uint8Array) {
    this.results.set(resultKey(key), bytes.slice());
  }
  async getResult(key: ResultKey) {
    return this.results.get(resultKey(key))?.slice() ?? null;
  }

  async pruneBlocks(keep: readonly Uint8Array[]): Promise<PruneReport> {
    const kept = new Set(keep.map((c) => bytesToHex(c)));
    const prune = (map: Map<string, unknown>) => {
      let n = 0;
      for (const key of [...map.keys()]) {
        const block = blockOfKey(key);
        if (block !== null && !kept.has(block)) n += map.delete(key) ? 1 : 0;
      }
      return n;
    };
    return { jobs: prune(this.jobs), chunks: prune(this.chunks), results: prune(this.results) };
  }

  async addBenchmarkRun(run: BenchmarkRun) {
    this.runs.push({ at: run.at, ...withDevice(run), rows: run.rows.map((r) => ({ ...r })) });
  }
  async benchmarkRuns() {
    return this.runs.map((r) => ({ at: r.at, ...withDevice(r), rows: r.rows.map((x) => ({ ...x })) }));
  }

  async close() {}
}

/** The optional device label, present only when set (so runs without one compare equal to their input). */
const withDevice = (run: BenchmarkRun) => (run.device === undefined ? {} : { device: run.device });
