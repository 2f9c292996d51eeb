// Named errors of the simulated L1. Every rejection carries a precise message and, where it
// helps a caller, a machine-readable code (used by the HTTP layer to pick a status).

/**
 * The command log on disk is damaged; `offset` is the byte where the damage starts,
 * `recordsAtRisk` the intact (acknowledged) records found after it, `repairCommand` the explicit
 * command that sets the damage aside.
 */
export class LogCorruptionError extends Error {
  override name = 'LogCorruptionError';
  constructor(
    message: string,
    readonly offset: number,
    readonly recordsAtRisk = 0,
    readonly repairCommand = '',
  ) {
    super(message);
  }
}

/** Another live process holds the data directory's lock (`pid` is its process id). */
export class LogLockedError extends Error {
  override name = 'LogLockedError';
  constructor(
    message: string,
    readonly pid: number,
  ) {
    super(message);
  }
}

/** A repair request that does not match the log (nothing to repair, or a different offset). */
export class LogRepairError extends Error {
  override name = 'LogRepairError';
}

/** A log record that passed its checksum but cannot be applied (written by an incompatible version). */
export class LogReplayError extends Error {
  override name = 'LogReplayError';
  constructor(
    message: string,
    readonly recordIndex: number,
  ) {
    super(message);
  }
}

/** The log can no longer accept writes (a write or fsync failed): memory may be ahead of disk. */
export class LogFailedError extends Error {
  override name = 'LogFailedError';
}

/** A call to a method the L1 API does not have. */
export class UnknownMethodError extends Error {
  override name = 'UnknownMethodError';
}

/** A request or command does not match its schema (wrong type, missing or unknown field). */
export class SchemaError extends Error {
  override name = 'SchemaError';
  constructor(
    readonly path: string,
    readonly detail: string,
  ) {
    super(`${path}: ${detail}`);
  }
}

/** A state-changing call whose staking-key signature does not verify. */
export class AuthorisationError extends Error {
  override name = 'AuthorisationError';
}

/** A nonce that is not the next one expected for the signer (replays land here). */
export class NonceError extends Error {
  override name = 'NonceError';
  constructor(
    message: string,
    readonly expected: number,
    readonly got: number,
  ) {
    super(message);
  }
}

/** A well-formed, authorised command that the current L1 state does not allow. */
export class StateRuleError extends Error {
  override name = 'StateRuleError';
}

/** A final proof the block verifier refused: the proof system's one class (the L1 sits above proof). */
export { ProofRejectedError } from '../proof/errors.js';

/** A request body larger than the server accepts. */
export class RequestTooLargeError extends Error {
  override name = 'RequestTooLargeError';
  constructor(
    readonly limit: number,
    readonly method?: string,
  ) {
    super(`request body exceeds ${limit} bytes${method ? ` (the cap for ${method})` : ''}`);
  }
}

/** An error answer from the L1 HTTP API, as seen by the typed client. */
export class L1RpcError extends Error {
  override name = 'L1RpcError';
  constructor(
    message: string,
    readonly status: number,
    readonly code: number,
    readonly errorName?: string,
  ) {
    super(message);
  }
}
