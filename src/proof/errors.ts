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
  | 'bad-key'
  // The L1's refusals of a final proof: its block verifier's verdict, or a node off a pinned result.
  | 'verifier'
  | 'pinned-result';

/**
 * A proof that decodes but does not verify: the one class for the proof system and the L1. The
 * message is `reason: detail`; with `block` (the L1 refusing a submitted final proof) it is the L1
 * API's `final proof for block N rejected: detail`, and the reason stays machine-readable.
 */
export class ProofRejectedError extends Error {
  override name = 'ProofRejectedError';
  constructor(
    readonly reason: RejectionReason,
    detail: string,
    options: { block?: number } = {},
  ) {
    super(
      options.block === undefined
        ? `${reason}: ${detail}`
        : `final proof for block ${options.block} rejected: ${detail}`,
    );
  }
}
