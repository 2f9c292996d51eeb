// Named errors of the state layer. Each carries a machine-readable code besides its message, so
// callers (mempool, transcript fetcher, scoring) can react without parsing text.

/** Rollup parameters that the layer cannot work with. */
export class RollupParamsError extends Error {
  override name = 'RollupParamsError';
}

/** A transaction whose shape breaks the rules (too many entries, zero entry, non-canonical...). */
export class InvalidTransactionError extends Error {
  override name = 'InvalidTransactionError';
}

export type DecodeErrorCode =
  | 'wrong-version'
  | 'truncated'
  | 'trailing-bytes'
  | 'oversized-payload'
  | 'too-many-note-hashes'
  | 'too-many-nullifiers'
  | 'non-canonical-field'
  | 'zero-entry'
  | 'bad-params'
  | 'bad-index'
  | 'invalid-transaction';

/** A byte string that is not a canonical encoding (transaction, hints or leaf chunk). */
export class DecodeError extends Error {
  override name = 'DecodeError';
  constructor(
    readonly code: DecodeErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** A nullifier already in the tree, or repeated within the block. */
export class DuplicateNullifierError extends Error {
  override name = 'DuplicateNullifierError';
  constructor(
    readonly nullifier: bigint,
    message: string,
  ) {
    super(message);
  }
}

/** A tree with no room left for the requested leaves. */
export class TreeFullError extends Error {
  override name = 'TreeFullError';
}

/** Block-level misuse: wrong height, more candidates than leaves. */
export class BlockBuildError extends Error {
  override name = 'BlockBuildError';
}

/** Hints that do not prove the claimed transition; the message names the failing check. */
export class InvalidLeafWitnessError extends Error {
  override name = 'InvalidLeafWitnessError';
}

/** A transcript chunk that does not open under the transcript root at the claimed position. */
export class TranscriptInclusionError extends Error {
  override name = 'TranscriptInclusionError';
}
