// Named errors of the proof system: callers tell bad bytes, wrong sizes and failed checks apart.

/** Bytes that do not decode: bad magic, unknown version or kind, wrong length, non-canonical value. */
export class ProofEncodingError extends Error {
  override name = 'ProofEncodingError';
}

/** Vectors or instances whose sizes do not match the R1CS shape they are used with. */
export class ShapeMismatchError extends Error {
  override name = 'ShapeMismatchError';
}

/** Why a proof (leaf, merge, decider or whole block) was refused. */
export type RejectionReason =
  | 'witness-commitment'
  | 'error-commitment'
  | 'relation'
  | 'relaxed-leaf'
  | 'leaf-count'
  | 'merge-count'
  | 'chain'
  | 'start-state'
  | 'constants'
  | 'instance-mismatch'
  | 'bad-key';

/** A proof that decodes but does not verify. */
export class ProofRejectedError extends Error {
  override name = 'ProofRejectedError';
  constructor(
    readonly reason: RejectionReason,
    message: string,
  ) {
    super(`${reason}: ${message}`);
  }
}
