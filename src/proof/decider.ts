// The decider: the final folded instance is accepted only if its commitments open to the given
// witness and the relaxed relation holds.
import type { Kernel } from '../kernel/types.js';
import { commitTo } from './commitment.js';
import { ProofRejectedError } from './errors.js';
import { bytesEqual } from '../kernel/field.js';
import type { PreparedShape } from './prepared-shape.js';
import {
  checkInstanceSizes,
  checkWitnessSizes,
  relaxedRelationHolds,
  type RelaxedInstance,
  type RelaxedWitness,
} from './relaxed.js';

/** Throws ProofRejectedError unless (U, W, E) is a satisfying, correctly committed relaxed pair. */
export function decide(kernel: Kernel, prepared: PreparedShape, U: RelaxedInstance, w: RelaxedWitness): void {
  checkInstanceSizes(prepared, U);
  checkWitnessSizes(prepared, w);
  assertOpensAndHolds(
    kernel,
    prepared,
    U,
    w,
    commitTo(kernel, prepared.key, 'w', w.W),
    commitTo(kernel, prepared.key, 'e', w.E),
  );
}

/** The decider's checks, given Com(W) and Com(E) recomputed from the witness (here or on a pool). */
export function assertOpensAndHolds(
  kernel: Kernel,
  prepared: PreparedShape,
  U: RelaxedInstance,
  w: RelaxedWitness,
  comW: Uint8Array,
  comE: Uint8Array,
): void {
  if (!bytesEqual(comW, U.comW))
    throw new ProofRejectedError('witness-commitment', 'Com(W) does not open to the witness');
  if (!bytesEqual(comE, U.comE))
    throw new ProofRejectedError('error-commitment', 'Com(E) does not open to the error vector');
  if (!relaxedRelationHolds(kernel, prepared, U, w)) throw new ProofRejectedError('relation', 'Az ∘ Bz ≠ u·Cz + E');
}
