// The base (leaf) prover: commit to the witness and publish (Com(W), x).
import type { FrVector, Kernel } from '../kernel/types.js';
import { commitTo } from './commitment.js';
import { ShapeMismatchError } from './errors.js';
import { frVectorLength } from '../kernel/field.js';
import type { PreparedShape } from './prepared-shape.js';
import type { R1csAssignment } from '../r1cs/types.js';
import { checkInstanceSizes, type LeafInstance } from './relaxed.js';

export interface LeafProof {
  readonly instance: LeafInstance;
  /** The witness travels with the leaf so the merger above can fold it (stage 1). */
  readonly W: FrVector;
}

export function proveLeaf(kernel: Kernel, prepared: PreparedShape, assignment: R1csAssignment): LeafProof {
  checkAssignmentSizes(prepared, assignment);
  return leafProofOf(assignment, commitTo(kernel, prepared.key, 'w', assignment.witness));
}

/** Throws ShapeMismatchError unless W and x have the shape's sizes (before committing to W). */
export function checkAssignmentSizes(prepared: PreparedShape, assignment: R1csAssignment): void {
  if (frVectorLength(assignment.witness) !== prepared.shape.numWitness) {
    throw new ShapeMismatchError(
      `witness has ${frVectorLength(assignment.witness)} entries, the shape has ${prepared.shape.numWitness}`,
    );
  }
  checkInstanceSizes(prepared, { x: assignment.publicInputs });
}

/** The leaf proof once Com(W) is known (computed here or on a pool). */
export function leafProofOf(assignment: R1csAssignment, comW: Uint8Array): LeafProof {
  return { instance: { comW, x: [...assignment.publicInputs] }, W: assignment.witness };
}
