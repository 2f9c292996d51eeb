// The stored form of the store's records, shared by IndexedDB and the file store, and their
// checks on read. Every byte string is kept with a digest, so a truncated or altered value is
// caught; every record is checked field by field, so a wrong shape or type is caught. A failed
// check raises CorruptRecordError, which the stores report and skip.
import type { BenchmarkRow, BenchmarkRun, JobRecord, JobState } from '../participant/ports/store.js';
import { bytesToHex, sha256 } from '../protocol/bytes.js';
import { CorruptRecordError } from './errors.js';

/** Bytes with the first 8 bytes of their SHA-256 (hex): enough to see truncation or bit rot. */
export interface SealedBytes {
  bytes: Uint8Array;
  sha: string;
}

export interface JobRow {
  id: string;
  kind: string;
  input: SealedBytes;
  state: JobState;
  attempts: number;
  maxAttempts: number;
  lease: { token: string; until: number } | null;
  output: SealedBytes | null;
  error: string | null;
  /** Queue order: leasing takes the lowest first. */
  seq: number;
}

const digestOf = (b: Uint8Array) => bytesToHex(sha256(b).subarray(0, 8));

export function seal(bytes: Uint8Array): SealedBytes {
  const copy = bytes.slice();
  return { bytes: copy, sha: digestOf(copy) };
}

const JOB_STATES: readonly JobState[] = ['queued', 'running', 'done', 'failed'];

/** Reads one record's fields, raising CorruptRecordError that names the record and the field. */
export class RecordReader {
  constructor(
    readonly area: string,
    readonly key: string,
  ) {}

  fail(reason: string): CorruptRecordError {
    return new CorruptRecordError(this.area, this.key, reason);
  }

  object(v: unknown, field: string): Record<string, unknown> {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw this.fail(`${field} is not an object`);
    return v as Record<string, unknown>;
  }

  string(v: unknown, field: string): string {
    if (typeof v !== 'string') throw this.fail(`${field} is not a string`);
    return v;
  }

  count(v: unknown, field: string): number {
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0)
      throw this.fail(`${field} is not a non-negative integer`);
    return v;
  }

  number(v: unknown, field: string): number {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw this.fail(`${field} is not a finite number`);
    return v;
  }

  bytes(v: unknown, field: string): Uint8Array {
    const o = this.object(v, field);
    if (!(o.bytes instanceof Uint8Array)) throw this.fail(`${field}.bytes is not a byte array`);
    if (typeof o.sha !== 'string') throw this.fail(`${field}.sha is not a string`);
    if (digestOf(o.bytes) !== o.sha)
      throw this.fail(`${field} does not match its digest (${o.bytes.length} bytes: truncated or altered)`);
    return o.bytes.slice();
  }

  job(v: unknown): { job: JobRecord; seq: number } {
    const o = this.object(v, 'job');
    const id = this.string(o.id, 'id');
    if (id !== this.key) throw this.fail(`id "${id}" is not the record's key`);
    const state = o.state as JobState;
    if (!JOB_STATES.includes(state)) throw this.fail(`state ${JSON.stringify(o.state)} is not a job state`);
    let lease: JobRecord['lease'] = null;
    if (o.lease !== null) {
      const l = this.object(o.lease, 'lease');
      lease = { token: this.string(l.token, 'lease.token'), until: this.number(l.until, 'lease.until') };
    }
    if ((state === 'running') !== (lease !== null))
      throw this.fail(`a ${state} job ${lease ? 'holds' : 'lacks'} a lease`);
    const attempts = this.count(o.attempts, 'attempts');
    const maxAttempts = this.count(o.maxAttempts, 'maxAttempts');
    if (maxAttempts < 1 || attempts > maxAttempts) throw this.fail(`attempts ${attempts} of ${maxAttempts}`);
    const output = o.output === null ? null : this.bytes(o.output, 'output');
    if ((state === 'done') !== (output !== null))
      throw this.fail(`a ${state} job ${output ? 'has' : 'lacks'} an output`);
    return {
      job: {
        id,
        kind: this.string(o.kind, 'kind'),
        input: this.bytes(o.input, 'input'),
        state,
        attempts,
        maxAttempts,
        lease,
        output,
        error: o.error === null ? null : this.string(o.error, 'error'),
      },
      seq: this.count(o.seq, 'seq'),
    };
  }

  benchmarkRun(v: unknown): BenchmarkRun {
    const o = this.object(v, 'run');
    if (!Array.isArray(o.rows)) throw this.fail('rows is not an array');
    const rows: BenchmarkRow[] = o.rows.map((r, i) => {
      const x = this.object(r, `rows[${i}]`);
      return {
        name: this.string(x.name, `rows[${i}].name`),
        impl: this.string(x.impl, `rows[${i}].impl`),
        size: this.number(x.size, `rows[${i}].size`),
        threads: this.count(x.threads, `rows[${i}].threads`),
        ms: this.number(x.ms, `rows[${i}].ms`),
      };
    });
    if (o.device !== undefined) return { at: this.number(o.at, 'at'), device: this.string(o.device, 'device'), rows };
    return { at: this.number(o.at, 'at'), rows };
  }
}

export function jobRow(job: JobRecord, seq: number): JobRow {
  return {
    id: job.id,
    kind: job.kind,
    input: seal(job.input),
    state: job.state,
    attempts: job.attempts,
    maxAttempts: job.maxAttempts,
    lease: job.lease ? { ...job.lease } : null,
    output: job.output ? seal(job.output) : null,
    error: job.error,
    seq,
  };
}

export const benchmarkRow = (run: BenchmarkRun): BenchmarkRun => ({
  at: run.at,
  ...(run.device === undefined ? {} : { device: run.device }),
  rows: run.rows.map((r) => ({ ...r })),
});

export { chunkKey, resultKey } from '../participant/ports/store.js';

/** Calls `report` once per corrupt record per store instance (a record left in place is seen on every scan). */
export class CorruptionReporter {
  private readonly seen = new Set<string>();
  constructor(private readonly report: (e: CorruptRecordError) => void) {}
  note(e: CorruptRecordError): void {
    const id = `${e.area}\u0000${e.key}\u0000${e.reason}`;
    if (this.seen.has(id)) return;
    this.seen.add(id);
    this.report(e);
  }
}

/** The default report: a warning on the console, so a corrupted record is never silent. */
export const warnCorrupt = (e: CorruptRecordError): void => console.warn(e.message);
