// Node payloads: what a result's proof digest commits to and what travels to whoever builds on
// it. A leaf's payload is its encoded LeafProof (instance + W), a merge's its MergePayload (the children
// instances it folds and its MergeProof: Com(T), key, folded instance and witness). The receiver checks the digest, then that the
// payload opens its commitments and satisfies the relation (the decider), before using it.
import { frZeros } from '../kernel/field.js';
import { isValidPublicKey } from '../protocol/keys.js';
import { decodeLeafProof, decodeMergePayload, encodeMergePayload, type RelaxedPair } from '../proof/messages.js';
import type { TreeNode } from '../protocol/tree.js';
import { leafAsRelaxed } from '../proof/relaxed.js';
import { buildShape, type ShapeName } from '../proof/shape-catalog.js';
import { kindOf } from './duties.js';
import { PayloadRejectedError } from './errors.js';
import { proverErrorName, type Prover } from './ports/prover.js';

export type NodeKindName = 'base' | 'merge';

const constraintCounts = new Map<ShapeName, number>();

/** The shape's constraint count (sizes a leaf's zero error vector); built once per process. */
function numConstraints(shape: ShapeName): number {
  let n = constraintCounts.get(shape);
  if (n === undefined) {
    n = buildShape(shape).numConstraints;
    constraintCounts.set(shape, n);
  }
  return n;
}

/** A payload as the relaxed pair a merger folds (a leaf is read strictly: u = 1, E = 0). */
export function payloadAsPair(payload: Uint8Array, kind: NodeKindName, shape: ShapeName): RelaxedPair {
  if (kind === 'merge') {
    const m = decodeMergePayload(payload).proof;
    return { instance: m.instance, witness: m.witness };
  }
  const leaf = decodeLeafProof(payload);
  return { instance: leafAsRelaxed(leaf.instance), witness: { W: leaf.W, E: frZeros(numConstraints(shape)) } };
}

/**
 * Throws PayloadRejectedError unless the payload decodes, names a valid key (merges) and passes
 * the decider (skipped with `decide: false`, for bytes the L1 already checked). Fold consistency
 * with its children is checked by the L1's verifier.
 */
export async function checkPayload(
  prover: Prover,
  payload: Uint8Array,
  kind: NodeKindName,
  shape: ShapeName,
  options: { decide?: boolean } = {},
): Promise<void> {
  let pair: RelaxedPair;
  try {
    pair = payloadAsPair(payload, kind, shape);
    if (kind === 'merge' && !isValidPublicKey(decodeMergePayload(payload).proof.mergerKey))
      throw new PayloadRejectedError('the merger key is not a BLS12-381 G1 public key');
  } catch (e) {
    if (e instanceof PayloadRejectedError) throw e;
    throw new PayloadRejectedError(`payload does not decode: ${(e as Error).message}`);
  }
  if (options.decide === false) return;
  try {
    await prover.decide({ shape, instance: pair.instance, witness: pair.witness });
  } catch (e) {
    const name = proverErrorName(e);
    // Only the proof's own rejection condemns the payload; a lost worker is not the sender's fault.
    if (name !== 'ProofRejectedError' && name !== 'ShapeMismatchError') throw e;
    const cause = (e as { cause?: Error }).cause ?? (e as Error);
    throw new PayloadRejectedError(`payload fails the decider: ${name}: ${cause.message}`);
  }
}

/** Folds two usable children under `mergerKey`; the merge's payload (children instances + proof). */
export async function proveMergePayload(options: {
  prover: Prover;
  shape: ShapeName;
  left: { node: TreeNode; payload: Uint8Array };
  right: { node: TreeNode; payload: Uint8Array };
  mergerKey: Uint8Array;
}): Promise<Uint8Array> {
  const { prover, shape, mergerKey } = options;
  const left = payloadAsPair(options.left.payload, kindOf(options.left.node), shape);
  const right = payloadAsPair(options.right.payload, kindOf(options.right.node), shape);
  const proof = await prover.proveMerge({ shape, left, right, mergerKey });
  return encodeMergePayload({ left: left.instance, right: right.instance, proof });
}
