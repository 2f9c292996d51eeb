// Port: the proving work a participant hands off: a base leaf (from an R1CS assignment, or from a
// transcript chunk of the base-rollup circuit), a merge (one fold), and the decider on a folded
// pair. Implementations: InProcessProver (one kernel on this thread) and PoolProver (the worker
// pool), both in ./provers.ts.
//
// A refused input rejects with the proof layer's named error (ShapeMismatchError,
// ProofRejectedError, ...); through a pool it arrives as JobFailedError naming it as its cause.
// `proverErrorName` reads the name from either.
import { JobFailedError } from '../../pool/errors.js';
import type { LeafProof } from '../../proof/base.js';
import type { BaseRollupJobArgs } from '../../proof/base-rollup-prover.js';
import type { MergeProof, RelaxedPair } from '../../proof/messages.js';
import type { R1csAssignment } from '../../r1cs/types.js';
import type { RelaxedInstance, RelaxedWitness } from '../../proof/relaxed.js';
import type { ShapeName } from '../../proof/shape-catalog.js';

export interface LeafTask {
  readonly shape: ShapeName;
  readonly assignment: R1csAssignment;
}

/** A base-rollup leaf from its transcript chunk, bound to the block and the prover's key. */
export type RollupLeafTask = BaseRollupJobArgs;

export interface MergeTask {
  readonly shape: ShapeName;
  /** The merger's 48-byte BLS public key, absorbed into the fold's challenge. */
  readonly mergerKey: Uint8Array;
  readonly left: RelaxedPair;
  readonly right: RelaxedPair;
}

export interface DecideTask {
  readonly shape: ShapeName;
  readonly instance: RelaxedInstance;
  readonly witness: RelaxedWitness;
}

export interface Prover {
  proveLeaf(task: LeafTask): Promise<LeafProof>;
  proveRollupLeaf(task: RollupLeafTask): Promise<LeafProof>;
  proveMerge(task: MergeTask): Promise<MergeProof>;
  /** Resolves when the pair is a satisfying, correctly committed relaxed pair; else ProofRejectedError. */
  decide(task: DecideTask): Promise<void>;
}

/** The proof layer's error name behind a rejection, in process or through a pool. */
export function proverErrorName(error: unknown): string | undefined {
  if (error instanceof JobFailedError) return error.cause.name;
  return error instanceof Error ? error.name : undefined;
}
