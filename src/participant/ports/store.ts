// Port: what a participant keeps across reloads. Staking keys, a job queue with atomic
// transitions (lease, complete, fail) so a reload never runs the same job twice at once nor loses
// a finished one, fetched transcript chunks, results, and the device's benchmark history. The
// IndexedDB implementation comes with the app (src/store), a file-backed one with the headless
// node; MemoryStore (./memory-store.ts) is the reference.

import { bytesToHex } from '../../protocol/bytes.js';

export type JobState = 'queued' | 'running' | 'done' | 'failed';

export interface JobSpec {
  /** Caller-chosen, unique: adding the same id again returns the existing job (idempotent). */
  readonly id: string;
  /** What to run (e.g. "leaf", "merge"); the store does not interpret it. */
  readonly kind: string;
  readonly input: Uint8Array;
  /** Attempts allowed before the job fails for good (default 3). */
  readonly maxAttempts?: number;
}

export interface JobRecord {
  readonly id: string;
  readonly kind: string;
  readonly input: Uint8Array;
  readonly state: JobState;
  /** Leases handed out so far (1 while the first attempt runs). */
  readonly attempts: number;
  readonly maxAttempts: number;
  /** While running: the holder's token and when the lease ends (ms since the epoch). */
  readonly lease: { readonly token: string; readonly until: number } | null;
  readonly output: Uint8Array | null;
  /** The last attempt's error message. */
  readonly error: string | null;
}

export interface LeaseOptions {
  /** The clock (ms since the epoch); injected so tests and replays are deterministic. */
  readonly now: number;
  /** How long the lease holds; a running job whose lease ran out (the tab died) is leased again. */
  readonly leaseMs: number;
  /** Only these kinds (default: any). */
  readonly kinds?: readonly string[];
  /** Only these job ids (default: any): a caller that works node by node leases the one it is at. */
  readonly ids?: readonly string[];
}

/** A stored node result, keyed by block commitment and tree node. */
export interface ResultKey {
  readonly commitment: Uint8Array;
  readonly level: number;
  readonly index: number;
}

/** One benchmark row as the benchmark runner records it; comparable by (name, impl, size, threads). */
export interface BenchmarkRow {
  name: string;
  impl: string;
  size: number;
  threads: number;
  /** Median wall time in milliseconds. */
  ms: number;
}

export interface BenchmarkRun {
  /** When the run finished (ms since the epoch). */
  readonly at: number;
  /** Which device ran it (the benchmark page compares saved runs of several devices), when known. */
  readonly device?: string;
  readonly rows: readonly BenchmarkRow[];
}

/** Keys of a block's records: `<commitment hex>/<index>` for a chunk, `<commitment hex>/<level>/<index>` for a result. */
export const chunkKey = (commitment: Uint8Array, index: number) => `${bytesToHex(commitment)}/${index}`;
export const resultKey = (k: ResultKey) => `${bytesToHex(k.commitment)}/${k.level}/${k.index}`;

/**
 * The block (commitment hex) a chunk, result or job key belongs to: the 64 hex digits before its
 * first '/' (the participant's job ids are built so: nodeJobId); null for a key that names no block.
 */
export function blockOfKey(key: string): string | null {
  return key.length > 64 && key[64] === '/' && /^[0-9a-f]{64}$/.test(key.slice(0, 64)) ? key.slice(0, 64) : null;
}

/** What pruneBlocks removed. */
export interface PruneReport {
  readonly jobs: number;
  readonly chunks: number;
  readonly results: number;
}

export interface ParticipantStore {
  getKey(name: string): Promise<Uint8Array | null>;
  putKey(name: string, secret: Uint8Array): Promise<void>;

  addJob(spec: JobSpec): Promise<JobRecord>;
  getJob(id: string): Promise<JobRecord | null>;
  listJobs(state?: JobState): Promise<JobRecord[]>;
  /**
   * Atomically takes the oldest queued job (or a running one whose lease expired), marks it
   * running with a fresh lease and counts the attempt; null when there is none.
   */
  leaseJob(options: LeaseOptions): Promise<JobRecord | null>;
  /** running → done with its output. Throws LeaseLostError unless `token` holds the lease. */
  completeJob(id: string, token: string, output: Uint8Array): Promise<JobRecord>;
  /**
   * running → queued again (retry) or failed (no attempts left, or `retry: false`).
   * Throws LeaseLostError unless `token` holds the lease.
   */
  failJob(id: string, token: string, error: string, options?: { retry?: boolean }): Promise<JobRecord>;
  /**
   * Extends a held lease to `now + leaseMs` (the holder's heartbeat while it works, so leases can
   * be short and a job left by a closed tab is taken up again soon). Throws LeaseLostError unless
   * `token` holds the lease.
   */
  renewLease(id: string, token: string, options: { now: number; leaseMs: number }): Promise<JobRecord>;

  putChunk(commitment: Uint8Array, index: number, chunk: Uint8Array): Promise<void>;
  getChunk(commitment: Uint8Array, index: number): Promise<Uint8Array | null>;

  putResult(key: ResultKey, bytes: Uint8Array): Promise<void>;
  getResult(key: ResultKey): Promise<Uint8Array | null>;

  /**
   * Deletes the jobs, chunks and results of every block except those in `keep` (block
   * commitments), whatever their state or health (a corrupted record goes too), so the store holds
   * a few recent blocks rather than every block the staker ever saw. Keys that name no block
   * (blockOfKey) are kept; so are staking keys and benchmark runs.
   */
  pruneBlocks(keep: readonly Uint8Array[]): Promise<PruneReport>;

  addBenchmarkRun(run: BenchmarkRun): Promise<void>;
  /** Oldest first. */
  benchmarkRuns(): Promise<BenchmarkRun[]>;

  close(): Promise<void>;
}

/** A completion or failure from someone who no longer holds the job's lease (it expired and moved on). */
export class LeaseLostError extends Error {
  override name = 'LeaseLostError';
}

export class UnknownJobError extends Error {
  override name = 'UnknownJobError';
}

/** A job added again under its id with a different kind or input. */
export class JobConflictError extends Error {
  override name = 'JobConflictError';
}

export const DEFAULT_MAX_ATTEMPTS = 3;
