// Relaxed R1CS: instances (Com(W), Com(E), u, x), witnesses (W, E) and the relation
// Az ∘ Bz = u·Cz + E with z = (W, u, x).
import type { FrVector, Kernel } from '../kernel/types.js';
import { FIELD_BYTES } from '../kernel/types.js';
import { ShapeMismatchError } from './errors.js';
import { concat } from '../protocol/bytes.js';
import { bytesEqual, frToBytes, frVectorFromBigints, frVectorLength, frZeros, G1_IDENTITY } from '../kernel/field.js';
import type { PreparedShape } from './prepared-shape.js';

export interface RelaxedInstance {
  /** Com(W), 64-byte affine G1. */
  readonly comW: Uint8Array;
  /** Com(E), 64-byte affine G1. */
  readonly comE: Uint8Array;
  readonly u: bigint;
  readonly x: readonly bigint[];
}

export interface RelaxedWitness {
  readonly W: FrVector;
  readonly E: FrVector;
}

/** What a base prover publishes: Com(W) and the public inputs. Nothing else is taken from it. */
export interface LeafInstance {
  readonly comW: Uint8Array;
  readonly x: readonly bigint[];
}

/**
 * The verifier's reading of a leaf: u = 1 and Com(E) = 0 are fixed here, never taken from the
 * prover. With u = 0 and E = Az∘Bz every z would satisfy the relaxed relation.
 */
export function leafAsRelaxed(leaf: LeafInstance): RelaxedInstance {
  return { comW: leaf.comW, comE: G1_IDENTITY, u: 1n, x: leaf.x };
}

export function leafWitnessAsRelaxed(prepared: PreparedShape, W: FrVector): RelaxedWitness {
  return { W, E: frZeros(prepared.shape.numConstraints) };
}

export function checkWitnessSizes(prepared: PreparedShape, w: RelaxedWitness): void {
  const { numWitness, numConstraints } = prepared.shape;
  if (frVectorLength(w.W) !== numWitness) {
    throw new ShapeMismatchError(`W has ${frVectorLength(w.W)} entries, the shape has ${numWitness}`);
  }
  if (frVectorLength(w.E) !== numConstraints) {
    throw new ShapeMismatchError(`E has ${frVectorLength(w.E)} entries, the shape has ${numConstraints}`);
  }
}

export function checkInstanceSizes(prepared: PreparedShape, U: { x: readonly bigint[] }): void {
  if (U.x.length !== prepared.shape.numPublic) {
    throw new ShapeMismatchError(`instance has ${U.x.length} public inputs, the shape has ${prepared.shape.numPublic}`);
  }
}

/** z = (W, u, x). */
export function buildZ(W: FrVector, u: bigint, x: readonly bigint[]): FrVector {
  return concat(W, frToBytes(u), frVectorFromBigints(x));
}

export interface MatrixProducts {
  az: FrVector;
  bz: FrVector;
  cz: FrVector;
}

export function matrixProducts(kernel: Kernel, prepared: PreparedShape, z: FrVector): MatrixProducts {
  if (z.length !== prepared.zLength * FIELD_BYTES) {
    throw new ShapeMismatchError(`z has ${frVectorLength(z)} entries, the shape needs ${prepared.zLength}`);
  }
  return { az: kernel.spmv(prepared.A, z), bz: kernel.spmv(prepared.B, z), cz: kernel.spmv(prepared.C, z) };
}

/** True when Az ∘ Bz = u·Cz + E (the relation alone; commitments are checked by the decider). */
export function relaxedRelationHolds(
  kernel: Kernel,
  prepared: PreparedShape,
  U: Pick<RelaxedInstance, 'u' | 'x'>,
  w: RelaxedWitness,
): boolean {
  checkWitnessSizes(prepared, w);
  checkInstanceSizes(prepared, U);
  const { az, bz, cz } = matrixProducts(kernel, prepared, buildZ(w.W, U.u, U.x));
  const lhs = kernel.frHadamard(az, bz);
  const rhs = kernel.frAxpy(w.E, U.u, cz);
  return bytesEqual(lhs, rhs);
}
