// Checks a node's result before anyone builds on it (the merger above, the sequencer).
import { isValidPublicKey } from '../protocol/keys.js';
import type { Kernel } from '../kernel/types.js';
import type { LeafProof } from './base.js';
import { decide } from './decider.js';
import { ProofRejectedError } from './errors.js';
import { bytesEqual } from '../kernel/field.js';
import type { MergeProof } from './messages.js';
import { verifyFold } from './nifs.js';
import type { PreparedShape } from './prepared-shape.js';
import { leafAsRelaxed, leafWitnessAsRelaxed, type RelaxedInstance } from './relaxed.js';

/** A leaf result is good when Com(W) opens to W and W satisfies the strict relation (u = 1, E = 0). */
export function checkLeafProof(kernel: Kernel, prepared: PreparedShape, p: LeafProof): RelaxedInstance {
  const U = leafAsRelaxed(p.instance);
  decide(kernel, prepared, U, leafWitnessAsRelaxed(prepared, p.W));
  return U;
}

/**
 * A merge result is good when its instance is the fold of the children's instances under its own
 * Com(T) and key (so the challenge is recomputed, never trusted) and the decider accepts it.
 */
export function checkMergeProof(
  kernel: Kernel,
  prepared: PreparedShape,
  left: RelaxedInstance,
  right: RelaxedInstance,
  p: MergeProof,
): RelaxedInstance {
  const U = checkMergeFold(kernel, prepared, left, right, p);
  decide(kernel, prepared, U, p.witness);
  return U;
}

/** checkMergeProof without the decider (a caller that decides several results at once). */
export function checkMergeFold(
  kernel: Kernel,
  prepared: PreparedShape,
  left: RelaxedInstance,
  right: RelaxedInstance,
  p: MergeProof,
): RelaxedInstance {
  if (!isValidPublicKey(p.mergerKey))
    throw new ProofRejectedError('bad-key', 'the merger key is not a BLS12-381 G1 public key');
  const U = verifyFold(kernel, prepared.shape.digest, left, right, p);
  const same =
    bytesEqual(U.comW, p.instance.comW) &&
    bytesEqual(U.comE, p.instance.comE) &&
    U.u === p.instance.u &&
    U.x.length === p.instance.x.length &&
    U.x.every((v, i) => v === p.instance.x[i]);
  if (!same) throw new ProofRejectedError('instance-mismatch', 'the claimed instance is not the fold of the children');
  return U;
}
