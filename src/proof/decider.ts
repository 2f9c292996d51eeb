// The decider: the final folded instance is accepted only if its commitments open to the given
// witness and the relaxed relation holds.
import { encodeFrVector } from '../kernel/encoding.js';
import { bytesEqual, frVectorLength, frZeros, G1_IDENTITY } from '../kernel/field.js';
import { type FrVector, G1_BYTES, type Kernel } from '../kernel/types.js';
import { commitTo } from './commitment.js';
import { ProofRejectedError, ShapeMismatchError } from './errors.js';
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

/** One pair for decideBatch. */
export interface DecidePair {
  readonly U: RelaxedInstance;
  readonly w: RelaxedWitness;
}

/**
 * decide for several pairs of one shape: returns, per pair, null when `decide` would accept it,
 * else the error `decide` would throw (the same code and message). The commitments are opened
 * together: with weights ρ_j of 128 random bits, drawn after the pairs are fixed,
 * Com(Σ ρ_j·W_j) = Σ ρ_j·Com(W_j) (likewise E) costs one commitment of each kind instead of one
 * per pair, and a pair whose commitment does not open passes it with probability at most 2^−128.
 * The relations are checked pair by pair. A pair that fails anything, or a batch whose openings
 * do not hold, is decided alone, so every refusal names its own reason.
 */
export function decideBatch(
  kernel: Kernel,
  prepared: PreparedShape,
  pairs: readonly DecidePair[],
): Array<ProofRejectedError | ShapeMismatchError | null> {
  const alone = (p: DecidePair): ProofRejectedError | ShapeMismatchError | null => {
    try {
      decide(kernel, prepared, p.U, p.w);
      return null;
    } catch (e) {
      if (e instanceof ProofRejectedError || e instanceof ShapeMismatchError) return e;
      throw e;
    }
  };
  if (pairs.length < 2) return pairs.map(alone);
  const out: Array<ProofRejectedError | ShapeMismatchError | null | undefined> = pairs.map((p) => {
    try {
      checkInstanceSizes(prepared, p.U);
      checkWitnessSizes(prepared, p.w);
    } catch {
      return alone(p); // names the size it does not have
    }
    return relaxedRelationHolds(kernel, prepared, p.U, p.w) ? undefined : alone(p);
  });
  const open = pairs.filter((_, i) => out[i] === undefined);
  if (open.length > 0 && !openTogether(kernel, prepared, open)) {
    for (const [i, p] of pairs.entries()) if (out[i] === undefined) out[i] = alone(p);
  }
  return out.map((e) => e ?? null);
}

/** Whether the pairs' Com(W) and Com(E) all open, checked under random weights (see decideBatch). */
function openTogether(kernel: Kernel, prepared: PreparedShape, pairs: readonly DecidePair[]): boolean {
  if (pairs.length === 1) {
    const [p] = pairs as [DecidePair];
    return (
      bytesEqual(commitTo(kernel, prepared.key, 'w', p.w.W), p.U.comW) &&
      bytesEqual(commitTo(kernel, prepared.key, 'e', p.w.E), p.U.comE)
    );
  }
  const weights = pairs.map(() => {
    const r = crypto.getRandomValues(new Uint8Array(16));
    return r.reduce((acc, b) => (acc << 8n) | BigInt(b), 0n) | 1n; // nonzero
  });
  const weighted = (part: 'W' | 'E'): FrVector =>
    pairs.reduce<FrVector | null>(
      (acc, p, j) => kernel.frAxpy(acc ?? frZeros(frVectorLength(p.w[part])), weights[j]!, p.w[part]),
      null,
    )!;
  const points = (part: 'comW' | 'comE') => {
    const all = new Uint8Array(pairs.length * G1_BYTES);
    for (const [j, p] of pairs.entries()) all.set(p.U[part], j * G1_BYTES);
    return all;
  };
  const ws = encodeFrVector(weights);
  if (!bytesEqual(commitTo(kernel, prepared.key, 'w', weighted('W')), kernel.msm(points('comW'), ws))) return false;
  const E = weighted('E');
  // Leaves carry E = 0 and Com(E) = identity: then both sides are the identity, no commitment needed.
  const zero = E.every((b) => b === 0) && pairs.every((p) => bytesEqual(p.U.comE, G1_IDENTITY));
  return zero || bytesEqual(commitTo(kernel, prepared.key, 'e', E), kernel.msm(points('comE'), ws));
}
