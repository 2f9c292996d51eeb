// Named errors of the worker pool. Every failure a caller can see is one of these, so callers can
// branch on `instanceof` and the message says which job failed and why.

export class PoolError extends Error {
  override name = 'PoolError';
}

/** The job failed on every attempt it was allowed (or failed in a way retrying cannot fix). */
export class JobFailedError extends PoolError {
  override name = 'JobFailedError';
  constructor(
    readonly job: string,
    readonly attempts: number,
    override readonly cause: Error,
  ) {
    super(`job "${job}" failed after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${cause.name}: ${cause.message}`);
  }
}

/** A worker stopped (exit, close, crash, uncaught error) while it held a job. */
export class WorkerLostError extends PoolError {
  override name = 'WorkerLostError';
}

/** A job ran longer than the pool's `jobTimeoutMs`; its worker was terminated. */
export class JobTimeoutError extends PoolError {
  override name = 'JobTimeoutError';
}

/** A worker could not be started (entry point missing, loader failure, init failure). */
export class WorkerStartError extends PoolError {
  override name = 'WorkerStartError';
}

/** The pool was closed before the job finished. */
export class PoolClosedError extends PoolError {
  override name = 'PoolClosedError';
}

/** The caller's input is malformed (sizes, counts, options). Never retried. */
export class PoolInputError extends PoolError {
  override name = 'PoolInputError';
}

/** A worker returned something that is not a valid result (e.g. a partial sum off the curve). */
export class InvalidResultError extends PoolError {
  override name = 'InvalidResultError';
}
