// Relaxed–relaxed NIFS: fold two relaxed instances (and their witnesses) into one.
//
//   T = AZ₁∘BZ₂ + AZ₂∘BZ₁ − u₁·CZ₂ − u₂·CZ₁      (the merger publishes Com(T))
//   r = fold challenge (transcript below)
//   W = W₁ + r·W₂   E = E₁ + r·T + r²·E₂   u = u₁ + r·u₂   x = x₁ + r·x₂
//   Com(W) = Com(W₁) + r·Com(W₂)   Com(E) = Com(E₁) + r·Com(T) + r²·Com(E₂)
import { PUBLIC_KEY_BYTES } from '../protocol/keys.js';
import type { FrVector, Kernel } from '../kernel/types.js';

import { combinePoints, commitTo } from './commitment.js';
import { ShapeMismatchError } from './errors.js';
import { frMod, FR_MODULUS } from '../kernel/field.js';
import type { PreparedShape } from './prepared-shape.js';
import {
  buildZ,
  checkInstanceSizes,
  checkWitnessSizes,
  matrixProducts,
  type RelaxedInstance,
  type RelaxedWitness,
} from './relaxed.js';
import { PoseidonTranscript } from './transcript.js';

export const FOLD_DOMAIN_TAG = 'fernet/fold/v1';

// The merger's key enters the transcript as a staking public key (BLS12-381 G1, compressed,
// PUBLIC_KEY_BYTES of src/protocol/keys).

function absorbInstance(t: PoseidonTranscript, U: RelaxedInstance): void {
  t.absorbPoint(U.comW).absorbPoint(U.comE).absorbField(U.u).absorbFields(U.x);
}

/**
 * r = 128 bits of Poseidon(tag, shape digest, U₁ in full, U₂ in full, Com(T), merger key).
 * Binding every part matters: a part left out can be chosen after r is known (see tests).
 */
export function foldChallenge(
  kernel: Kernel,
  shapeDigest: Uint8Array,
  U1: RelaxedInstance,
  U2: RelaxedInstance,
  comT: Uint8Array,
  mergerKey: Uint8Array,
): bigint {
  if (mergerKey.length !== PUBLIC_KEY_BYTES) {
    throw new RangeError(`merger key must be ${PUBLIC_KEY_BYTES} bytes, got ${mergerKey.length}`);
  }
  const t = new PoseidonTranscript(kernel, FOLD_DOMAIN_TAG);
  t.absorbBytes(shapeDigest);
  absorbInstance(t, U1);
  absorbInstance(t, U2);
  t.absorbPoint(comT);
  t.absorbBytes(mergerKey);
  return t.challenge128();
}

/** First half of a merge: size checks, then the cross term T of length numConstraints (its commitment may run elsewhere). */
export function crossTerm(
  kernel: Kernel,
  prepared: PreparedShape,
  U1: RelaxedInstance,
  W1: RelaxedWitness,
  U2: RelaxedInstance,
  W2: RelaxedWitness,
): FrVector {
  for (const U of [U1, U2]) checkInstanceSizes(prepared, U);
  for (const w of [W1, W2]) checkWitnessSizes(prepared, w);
  const p1 = matrixProducts(kernel, prepared, buildZ(W1.W, U1.u, U1.x));
  const p2 = matrixProducts(kernel, prepared, buildZ(W2.W, U2.u, U2.x));
  const cross = kernel.frAxpy(kernel.frHadamard(p1.az, p2.bz), 1n, kernel.frHadamard(p2.az, p1.bz));
  const minus = (v: bigint) => (v === 0n ? 0n : FR_MODULUS - v);
  return kernel.frAxpy(kernel.frAxpy(cross, minus(U1.u), p2.cz), minus(U2.u), p1.cz);
}

export function foldInstances(
  kernel: Kernel,
  U1: RelaxedInstance,
  U2: RelaxedInstance,
  comT: Uint8Array,
  r: bigint,
): RelaxedInstance {
  if (U1.x.length !== U2.x.length) throw new ShapeMismatchError('instances have different numbers of public inputs');
  const r2 = frMod(r * r);
  return {
    comW: combinePoints(kernel, [U1.comW, U2.comW], [1n, r]),
    comE: combinePoints(kernel, [U1.comE, comT, U2.comE], [1n, r, r2]),
    u: frMod(U1.u + r * U2.u),
    x: U1.x.map((v, i) => frMod(v + r * U2.x[i])),
  };
}

export function foldWitnesses(
  kernel: Kernel,
  W1: RelaxedWitness,
  W2: RelaxedWitness,
  T: FrVector,
  r: bigint,
): RelaxedWitness {
  if (W1.W.length !== W2.W.length || W1.E.length !== W2.E.length || T.length !== W1.E.length) {
    throw new ShapeMismatchError('witnesses of different sizes cannot fold');
  }
  return {
    W: kernel.frAxpy(W1.W, r, W2.W),
    E: kernel.frAxpy(kernel.frAxpy(W1.E, r, T), frMod(r * r), W2.E),
  };
}

export interface FoldProof {
  /** Com(T), 64 bytes. */
  readonly comT: Uint8Array;
  readonly mergerKey: Uint8Array;
}

export interface MergeOutput extends FoldProof {
  readonly instance: RelaxedInstance;
  readonly witness: RelaxedWitness;
  readonly r: bigint;
}

/** The merger's work: cross term, its commitment, the challenge, and both folds. */
export function proveMerge(
  kernel: Kernel,
  prepared: PreparedShape,
  U1: RelaxedInstance,
  W1: RelaxedWitness,
  U2: RelaxedInstance,
  W2: RelaxedWitness,
  mergerKey: Uint8Array,
): MergeOutput {
  const T = crossTerm(kernel, prepared, U1, W1, U2, W2);
  return completeMerge(kernel, prepared, U1, W1, U2, W2, T, commitTo(kernel, prepared.key, 'e', T), mergerKey);
}

/** Second half of a merge, given Com(T): the challenge and both folds. */
export function completeMerge(
  kernel: Kernel,
  prepared: PreparedShape,
  U1: RelaxedInstance,
  W1: RelaxedWitness,
  U2: RelaxedInstance,
  W2: RelaxedWitness,
  T: FrVector,
  comT: Uint8Array,
  mergerKey: Uint8Array,
): MergeOutput {
  const r = foldChallenge(kernel, prepared.shape.digest, U1, U2, comT, mergerKey);
  return {
    comT,
    mergerKey,
    r,
    instance: foldInstances(kernel, U1, U2, comT, r),
    witness: foldWitnesses(kernel, W1, W2, T, r),
  };
}

/** The verifier's side of one fold: recompute r from everything public, fold the instances. */
export function verifyFold(
  kernel: Kernel,
  shapeDigest: Uint8Array,
  U1: RelaxedInstance,
  U2: RelaxedInstance,
  proof: FoldProof,
): RelaxedInstance {
  const r = foldChallenge(kernel, shapeDigest, U1, U2, proof.comT, proof.mergerKey);
  return foldInstances(kernel, U1, U2, proof.comT, r);
}
