// The job queue's transitions as pure functions over one record: every ParticipantStore (memory,
// IndexedDB, files) applies these, so the rules live once and each store only makes them atomic.
import {
  DEFAULT_MAX_ATTEMPTS,
  JobConflictError,
  LeaseLostError,
  UnknownJobError,
  type JobRecord,
  type JobSpec,
  type LeaseOptions,
} from './store.js';

export const sameBytes = (a: Uint8Array, b: Uint8Array): boolean =>
  a.length === b.length && a.every((x, i) => x === b[i]);

export const copyJob = (j: JobRecord): JobRecord => ({
  ...j,
  input: j.input.slice(),
  output: j.output?.slice() ?? null,
  lease: j.lease ? { ...j.lease } : null,
});

/** A fresh queued job for `spec`, or the existing one when it has the same body (JobConflictError otherwise). */
export function addedJob(existing: JobRecord | null, spec: JobSpec): { job: JobRecord; created: boolean } {
  if (existing) {
    if (existing.kind !== spec.kind || !sameBytes(existing.input, spec.input))
      throw new JobConflictError(`job "${spec.id}" exists with a different kind or input`);
    return { job: existing, created: false };
  }
  const maxAttempts = spec.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  if (!Number.isSafeInteger(maxAttempts) || maxAttempts < 1)
    throw new RangeError(`job "${spec.id}": maxAttempts must be a positive integer, got ${maxAttempts}`);
  return {
    job: {
      id: spec.id,
      kind: spec.kind,
      input: spec.input.slice(),
      state: 'queued',
      attempts: 0,
      maxAttempts,
      lease: null,
      output: null,
      error: null,
    },
    created: true,
  };
}

/**
 * What leasing does to one job, visited in queue order: `skip` it (not eligible), `fail` it (its
 * last attempt died holding the lease: it fails rather than run past its limit; the scan goes on),
 * or `lease` it (the scan stops).
 */
export type LeaseStep = { step: 'skip' } | { step: 'fail'; job: JobRecord } | { step: 'lease'; job: JobRecord };

export function leaseStep(j: JobRecord, { now, leaseMs, kinds, ids }: LeaseOptions, token: string): LeaseStep {
  if (kinds && !kinds.includes(j.kind)) return { step: 'skip' };
  if (ids && !ids.includes(j.id)) return { step: 'skip' };
  const expired = j.state === 'running' && j.lease !== null && j.lease.until <= now;
  if (j.state !== 'queued' && !expired) return { step: 'skip' };
  if (expired && j.attempts >= j.maxAttempts)
    return { step: 'fail', job: { ...j, state: 'failed', lease: null, error: j.error ?? 'lease expired' } };
  return {
    step: 'lease',
    job: { ...j, state: 'running', attempts: j.attempts + 1, lease: { token, until: now + leaseMs } },
  };
}

/** The job if `token` holds its lease; UnknownJobError / LeaseLostError otherwise. */
export function heldJob(j: JobRecord | null, id: string, token: string): JobRecord {
  if (!j) throw new UnknownJobError(`no job "${id}"`);
  if (j.state !== 'running' || j.lease?.token !== token)
    throw new LeaseLostError(`job "${id}" is ${j.state} and not leased to this holder`);
  return j;
}

export function completedJob(j: JobRecord | null, id: string, token: string, output: Uint8Array): JobRecord {
  return { ...heldJob(j, id, token), state: 'done', lease: null, output: output.slice(), error: null };
}

export function failedJob(
  j: JobRecord | null,
  id: string,
  token: string,
  error: string,
  options: { retry?: boolean } = {},
): JobRecord {
  const held = heldJob(j, id, token);
  const retry = (options.retry ?? true) && held.attempts < held.maxAttempts;
  return { ...held, state: retry ? 'queued' : 'failed', lease: null, error };
}

export function renewedJob(
  j: JobRecord | null,
  id: string,
  token: string,
  { now, leaseMs }: { now: number; leaseMs: number },
): JobRecord {
  const held = heldJob(j, id, token);
  return { ...held, lease: { token, until: now + leaseMs } };
}

/** A lease token no other holder (another tab, a previous run) can guess or repeat. */
export function newLeaseToken(): string {
  const b = new Uint8Array(12);
  globalThis.crypto.getRandomValues(b);
  return `lease-${Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')}`;
}
