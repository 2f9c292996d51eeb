// The prover pool: a fixed number of worker slots, a FIFO queue of jobs, retries on fresh workers,
// and the split MSM. Platform differences live behind PlatformAdapter; this file is the same in
// browsers and Node.
import { type Remote, transfer as comlinkTransfer, wrap } from 'comlink';
import { FIELD_BYTES, type FrVector, G1_BYTES, type G1Points } from '../kernel/types.js';
import type { PlatformAdapter, StartedWorker } from './adapter.js';
import { assessDevice, type DeviceFacts, type DeviceReport } from './device.js';
import {
  JobFailedError,
  JobTimeoutError,
  PoolClosedError,
  PoolInputError,
  WorkerLostError,
  WorkerStartError,
} from './errors.js';
import type { BuiltinJobs, JobArgs, JobName, JobRegistry, JobResult } from './jobs.js';
import { combinePartials, msmSize, splitRange } from './msm-split.js';
import type { WorkerApi, WorkerSetup } from './worker-host.js';

export interface PoolOptions {
  /** Cap on the number of workers; the pool uses min(hardware threads, maxThreads). */
  maxThreads?: number;
  /** Attempts per job, first run included [3]. */
  maxAttempts?: number;
  /** An attempt running longer than this is stopped and its worker replaced [no limit]. */
  jobTimeoutMs?: number;
  /** A worker that has not answered init after this long counts as failed to start [60 s]. */
  startTimeoutMs?: number;
  /** 'auto' shares memory with workers when the platform allows it; 'off' always transfers [auto]. */
  sharedMemory?: 'auto' | 'off';
  /** Load the kernel while each worker starts, so no job pays for it [false]. */
  preloadKernel?: boolean;
  /**
   * A registry job each worker (also a replacement) runs while it starts, before it takes jobs:
   * how the main thread hands its workers what they would otherwise derive (generators, shapes).
   * Buffers in shared memory are read in place; others are copied into each worker.
   */
  setup?: WorkerSetup;
  /** Failures, retries and worker replacements, as they happen. */
  onEvent?: (event: PoolEvent) => void;
}

export type PoolEvent =
  | { type: 'worker-started'; workerId: number }
  | { type: 'worker-lost'; workerId: number; job?: string; error: Error }
  | { type: 'job-attempt-failed'; job: string; attempt: number; workerId: number; error: Error; willRetry: boolean };

export interface Progress {
  done: number;
  total: number;
}

export interface BatchOptions {
  /** Called with 0/total first, then after each job completes. */
  onProgress?: (progress: Progress) => void;
}

/** A pool whose workers run the jobs of registry R (plus the built-in msm). */
export interface ProverPool<R extends JobRegistry = JobRegistry> {
  readonly size: number;
  readonly sharedMemory: boolean;
  /** Runs one job on one worker. Buffers in `transfer` move to the worker (see docs: no retry after a move). */
  run<N extends JobName<R & BuiltinJobs>>(
    job: N,
    args: JobArgs<R & BuiltinJobs, N>,
    transfer?: Transferable[],
  ): Promise<JobResult<R & BuiltinJobs, N>>;
  /** Runs one job per argument set across the pool; results in order; fails on the first job that fails. */
  runMany<N extends JobName<R & BuiltinJobs>>(
    job: N,
    argsList: readonly JobArgs<R & BuiltinJobs, N>[],
    options?: BatchOptions,
  ): Promise<JobResult<R & BuiltinJobs, N>[]>;
  /** One MSM split across all workers: each computes a slice, the partial sums are added. */
  msm(points: G1Points, scalars: FrVector, options?: BatchOptions): Promise<Uint8Array>;
  /** A copy of `bytes` in shared memory when the pool uses it (then msm sends it without copying). */
  share(bytes: Uint8Array): Uint8Array;
  device(): DeviceReport;
  /** Stops every worker; pending and queued jobs reject with PoolClosedError. */
  close(): Promise<void>;
}

const DEFAULT_MAX_ATTEMPTS = 3;
const DEFAULT_START_TIMEOUT_MS = 60_000;
/** Consecutive failed starts of one slot before the slot gives up. */
const MAX_START_FAILURES = 3;
/** Errors retrying cannot fix: the input is wrong, not the worker. */
const NON_RETRYABLE = new Set(['KernelInputError', 'UnknownJobError', 'DataCloneError', 'PoolInputError']);

interface Prepared {
  args: unknown;
  transfer: Transferable[];
}

interface Task {
  job: string;
  /** Builds the message for one attempt (fresh copies when the pool owns the buffers). */
  prepare(): Prepared;
  /** False when an attempt moves the caller's own buffers away: they cannot be sent twice. */
  retryable: boolean;
  attempts: number;
  settled: boolean;
  resolve(value: unknown): void;
  reject(error: Error): void;
  /** A task whose batch already failed is dropped instead of run. */
  cancelled(): boolean;
}

type SlotState = 'starting' | 'idle' | 'busy' | 'failed' | 'closed';

interface Slot {
  index: number;
  workerId: number;
  state: SlotState;
  worker?: StartedWorker;
  api?: Remote<WorkerApi>;
  task?: Task;
  startFailures: number;
  lastStartError?: Error;
}

type Outcome =
  | { kind: 'ok'; value: unknown }
  | { kind: 'threw'; error: Error }
  | { kind: 'lost'; error: Error }
  | { kind: 'timeout' };

export class WorkerPool<R extends JobRegistry = JobRegistry> implements ProverPool<R> {
  readonly size: number;
  readonly sharedMemory: boolean;
  private readonly facts: DeviceFacts;
  private readonly maxAttempts: number;
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  private nextWorkerId = 0;
  private closed = false;
  private startsPending: Array<() => void> = [];

  constructor(
    private readonly adapter: PlatformAdapter,
    private readonly options: PoolOptions = {},
  ) {
    this.facts = adapter.facts();
    const cap = options.maxThreads ?? Infinity;
    if (!(cap >= 1)) throw new PoolInputError(`maxThreads must be at least 1, got ${cap}`);
    this.size = Math.max(1, Math.min(this.facts.hardwareThreads, Math.floor(cap)));
    this.maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    if (!Number.isInteger(this.maxAttempts) || this.maxAttempts < 1)
      throw new PoolInputError(`maxAttempts must be a positive integer, got ${this.maxAttempts}`);
    this.sharedMemory = options.sharedMemory !== 'off' && this.facts.sharedMemoryAvailable;
    for (let index = 0; index < this.size; index++) {
      const slot: Slot = { index, workerId: -1, state: 'starting', startFailures: 0 };
      this.slots.push(slot);
      this.startWorker(slot);
    }
  }

  /** Resolves once every slot started or gave up; rejects when none could start. */
  started(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const check = (): void => {
        if (this.slots.some((s) => s.state === 'starting')) {
          this.startsPending.push(check);
          return;
        }
        const failed = this.slots.find((s) => s.state === 'failed');
        if (this.slots.every((s) => s.state === 'failed')) reject(failed!.lastStartError);
        else resolve();
      };
      check();
    });
  }

  run<N extends JobName<R & BuiltinJobs>>(
    job: N,
    args: JobArgs<R & BuiltinJobs, N>,
    transfer: Transferable[] = [],
  ): Promise<JobResult<R & BuiltinJobs, N>> {
    return this.enqueue(
      job,
      () => ({ args, transfer }),
      transfer.length === 0,
      () => false,
    ) as Promise<JobResult<R & BuiltinJobs, N>>;
  }

  async runMany<N extends JobName<R & BuiltinJobs>>(
    job: N,
    argsList: readonly JobArgs<R & BuiltinJobs, N>[],
    options: BatchOptions = {},
  ): Promise<JobResult<R & BuiltinJobs, N>[]> {
    return this.runBatch(
      job,
      argsList.map((args) => () => ({ args, transfer: [] })),
      options,
    ) as Promise<JobResult<R & BuiltinJobs, N>[]>;
  }

  async msm(points: G1Points, scalars: FrVector, options: BatchOptions = {}): Promise<Uint8Array> {
    const n = msmSize(points, scalars);
    const slices = splitRange(n, this.size);
    let prepare: (start: number, end: number) => Prepared;
    if (this.sharedMemory) {
      // One copy into shared memory (none if the caller used share()); workers read it in place.
      const [sharedPoints, sharedScalars] =
        isShared(points) && isShared(scalars) ? [points, scalars] : shareTogether(points, scalars);
      prepare = (start, end) => ({
        args: {
          points: sharedPoints.subarray(start * G1_BYTES, end * G1_BYTES),
          scalars: sharedScalars.subarray(start * FIELD_BYTES, end * FIELD_BYTES),
        },
        transfer: [],
      });
    } else {
      // A fresh copy of the slice per attempt, moved (not cloned) to the worker; the caller's arrays stay intact.
      prepare = (start, end) => {
        const p = points.slice(start * G1_BYTES, end * G1_BYTES);
        const s = scalars.slice(start * FIELD_BYTES, end * FIELD_BYTES);
        return { args: { points: p, scalars: s }, transfer: [p.buffer, s.buffer] };
      };
    }
    const partials = (await this.runBatch(
      'msm',
      slices.map(
        ({ start, end }) =>
          () =>
            prepare(start, end),
      ),
      options,
    )) as Uint8Array[];
    return combinePartials(partials);
  }

  share(bytes: Uint8Array): Uint8Array {
    if (!this.sharedMemory || isShared(bytes)) return bytes;
    const out = new Uint8Array(new SharedArrayBuffer(bytes.length));
    out.set(bytes);
    return out;
  }

  device(): DeviceReport {
    return assessDevice(this.facts, { poolSize: this.size, sharedMemory: this.sharedMemory });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const error = new PoolClosedError('the pool was closed');
    for (const task of this.queue.splice(0)) settle(task, error);
    for (const slot of this.slots) {
      if (slot.task) settle(slot.task, error);
      slot.task = undefined;
      slot.worker?.terminate();
      slot.state = 'closed';
    }
    this.notifyStarts();
  }

  // --- scheduling ---

  private runBatch(job: string, prepares: Array<() => Prepared>, options: BatchOptions): Promise<unknown[]> {
    const total = prepares.length;
    let done = 0;
    let failed = false;
    const report = (): void => {
      try {
        options.onProgress?.({ done, total });
      } catch {
        // A faulty progress listener must not fail the work it watches.
      }
    };
    report();
    return Promise.all(
      prepares.map((prepare) =>
        this.enqueue(job, prepare, true, () => failed).then(
          (value) => {
            done++;
            report();
            return value;
          },
          (error: unknown) => {
            failed = true;
            throw error;
          },
        ),
      ),
    );
  }

  private enqueue(
    job: string,
    prepare: () => Prepared,
    retryable: boolean,
    cancelled: () => boolean,
  ): Promise<unknown> {
    if (this.closed) return Promise.reject(new PoolClosedError(`the pool is closed; job "${job}" was not run`));
    return new Promise((resolve, reject) => {
      this.queue.push({ job, prepare, retryable, attempts: 0, settled: false, resolve, reject, cancelled });
      this.restartFailedSlots();
      this.dispatch();
      this.failQueueIfNoWorkers();
    });
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (slot.state !== 'idle') continue;
      let task: Task | undefined;
      while ((task = this.queue.shift()) && task.cancelled())
        settle(task, new PoolClosedError('dropped: another job of its batch failed'));
      if (!task) return;
      void this.attempt(slot, task);
    }
  }

  private async attempt(slot: Slot, task: Task): Promise<void> {
    slot.state = 'busy';
    slot.task = task;
    const attempt = ++task.attempts;
    const workerId = slot.workerId;
    let prepared: Prepared;
    try {
      prepared = task.prepare();
    } catch (error) {
      this.finish(slot);
      settle(task, asError(error));
      return;
    }
    const outcome = await this.call(slot, task.job, prepared, attempt);
    if (this.closed || slot.task !== task) return; // close() already settled it
    slot.task = undefined;

    if (outcome.kind === 'ok') {
      this.finish(slot);
      settle(task, undefined, outcome.value);
      return;
    }
    const error =
      outcome.kind === 'timeout'
        ? new JobTimeoutError(`job "${task.job}" ran longer than ${this.options.jobTimeoutMs} ms`)
        : outcome.error;
    if (outcome.kind === 'threw' && NON_RETRYABLE.has(error.name)) {
      // Bad input, not a bad worker: keep the worker, fail the job now.
      this.emit({ type: 'job-attempt-failed', job: task.job, attempt, workerId, error, willRetry: false });
      this.finish(slot);
      settle(task, new JobFailedError(task.job, attempt, error));
      return;
    }
    if (outcome.kind === 'lost') this.emit({ type: 'worker-lost', workerId, job: task.job, error });
    // A worker that threw, hung or died may hold broken state: replace it, retry elsewhere.
    this.replaceWorker(slot);
    const willRetry = attempt < this.maxAttempts && task.retryable;
    this.emit({ type: 'job-attempt-failed', job: task.job, attempt, workerId, error, willRetry });
    if (willRetry) this.queue.unshift(task);
    else {
      const failure = new JobFailedError(task.job, attempt, error);
      if (!task.retryable) failure.message += ' (not retried: its transferred buffers went to the failed worker)';
      settle(task, failure);
    }
    this.dispatch();
  }

  private call(slot: Slot, job: string, prepared: Prepared, attempt: number): Promise<Outcome> {
    const { api, worker } = slot;
    if (!api || !worker) return Promise.resolve({ kind: 'lost', error: new WorkerLostError('worker not running') });
    const message = prepared.transfer.length > 0 ? comlinkTransfer(prepared.args, prepared.transfer) : prepared.args;
    const outcomes: Promise<Outcome>[] = [
      api.run(job, message, attempt).then(
        (value): Outcome => ({ kind: 'ok', value }),
        (error: unknown): Outcome => ({ kind: 'threw', error: asError(error) }),
      ),
      worker.lost.then((error): Outcome => ({ kind: 'lost', error })),
    ];
    let timer: ReturnType<typeof setTimeout> | undefined;
    const limit = this.options.jobTimeoutMs;
    if (limit !== undefined && Number.isFinite(limit)) {
      outcomes.push(new Promise((resolve) => (timer = setTimeout(() => resolve({ kind: 'timeout' }), limit))));
    }
    return Promise.race(outcomes).finally(() => clearTimeout(timer));
  }

  private finish(slot: Slot): void {
    slot.task = undefined;
    if (slot.state === 'busy') slot.state = 'idle';
    this.dispatch();
  }

  // --- worker lifecycle ---

  private startWorker(slot: Slot): void {
    if (this.closed) return;
    const workerId = this.nextWorkerId++;
    slot.workerId = workerId;
    slot.state = 'starting';
    let worker: StartedWorker;
    try {
      worker = this.adapter.start();
    } catch (error) {
      this.startFailed(slot, asError(error));
      return;
    }
    slot.worker = worker;
    const api = wrap<WorkerApi>(worker.endpoint);
    slot.api = api;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const startTimeout = this.options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS;
    void Promise.race([
      api.init({
        workerId,
        lifeLock: worker.lifeLock,
        preloadKernel: this.options.preloadKernel ?? false,
        setup: this.options.setup,
      }),
      worker.lost.then((error) => Promise.reject(error)),
      new Promise<never>(
        (_, reject) =>
          (timer = setTimeout(() => reject(new Error(`no answer within ${startTimeout} ms`)), startTimeout)),
      ),
    ])
      .finally(() => clearTimeout(timer))
      .then(
        () => {
          if (this.closed || slot.worker !== worker) return worker.terminate();
          worker.watch();
          void worker.lost.then((error) => {
            // Died between jobs: replace it now rather than fail the next job sent to it.
            if (this.closed || slot.worker !== worker || slot.state !== 'idle') return;
            this.emit({ type: 'worker-lost', workerId, error });
            this.replaceWorker(slot);
          });
          slot.state = 'idle';
          slot.startFailures = 0;
          this.emit({ type: 'worker-started', workerId });
          this.notifyStarts();
          this.dispatch();
        },
        (error: unknown) => {
          worker.terminate();
          if (this.closed || slot.worker !== worker) return;
          this.startFailed(slot, asError(error));
        },
      );
  }

  private startFailed(slot: Slot, error: Error): void {
    slot.worker = undefined;
    slot.api = undefined;
    slot.startFailures++;
    slot.lastStartError = new WorkerStartError(`worker could not start: ${error.name}: ${error.message}`);
    if (slot.startFailures < MAX_START_FAILURES) {
      this.startWorker(slot);
      return;
    }
    slot.state = 'failed';
    this.notifyStarts();
    this.failQueueIfNoWorkers();
  }

  private replaceWorker(slot: Slot): void {
    slot.worker?.terminate();
    slot.worker = undefined;
    slot.api = undefined;
    this.startWorker(slot);
  }

  /** A new job gives slots that gave up another chance (the cause may have been transient). */
  private restartFailedSlots(): void {
    for (const slot of this.slots) {
      if (slot.state !== 'failed') continue;
      slot.startFailures = 0;
      this.startWorker(slot);
    }
  }

  /** With no worker running or starting, nothing would ever take the queue: fail it now. */
  private failQueueIfNoWorkers(): void {
    if (this.slots.some((s) => s.state === 'idle' || s.state === 'busy' || s.state === 'starting')) return;
    const error =
      this.slots.find((s) => s.lastStartError)?.lastStartError ?? new WorkerStartError('no worker could start');
    for (const task of this.queue.splice(0)) settle(task, new JobFailedError(task.job, task.attempts, error));
  }

  private notifyStarts(): void {
    const waiting = this.startsPending;
    this.startsPending = [];
    waiting.forEach((check) => check());
  }

  private emit(event: PoolEvent): void {
    try {
      this.options.onEvent?.(event);
    } catch {
      // A faulty listener must not break scheduling.
    }
  }
}

function settle(task: Task, error?: Error, value?: unknown): void {
  if (task.settled) return;
  task.settled = true;
  if (error) task.reject(error);
  else task.resolve(value);
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

function isShared(bytes: Uint8Array): boolean {
  return typeof SharedArrayBuffer === 'function' && bytes.buffer instanceof SharedArrayBuffer;
}

function shareTogether(points: Uint8Array, scalars: Uint8Array): [Uint8Array, Uint8Array] {
  const buffer = new SharedArrayBuffer(points.length + scalars.length);
  const p = new Uint8Array(buffer, 0, points.length);
  const s = new Uint8Array(buffer, points.length, scalars.length);
  p.set(points);
  s.set(scalars);
  return [p, s];
}
