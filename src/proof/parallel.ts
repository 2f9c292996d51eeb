// One node's proof with its MSMs spread over a worker pool (the rest stays on the caller's
// kernel): what a prover with a single assigned node uses to put every core on it.
import type { FrVector, G1Points, Kernel } from '../kernel/types.js';
import { checkAssignmentSizes, leafProofOf, type LeafProof } from './base.js';
import {
  asRejection,
  checkBlockUpToRoot,
  type BlockContext,
  type LeafStatement,
  type VerifiedBlock,
} from './block-verifier.js';
import type { BlockProof } from './messages.js';
import { generatorBytesFor } from './commitment.js';
import { completeMerge, crossTerm, type MergeOutput } from './nifs.js';
import { assertOpensAndHolds } from './decider.js';
import type { PreparedShape } from './prepared-shape.js';
import type { R1csAssignment } from '../r1cs/types.js';
import { checkInstanceSizes, checkWitnessSizes, type RelaxedInstance, type RelaxedWitness } from './relaxed.js';

/** Com(v) under the given generators, computed somewhere (kernel, pool). */
export type AsyncCommit = (generators: G1Points, v: FrVector) => Promise<Uint8Array>;

/** Where split MSMs run (the worker pool satisfies it without this layer importing it). */
export interface MsmRunner {
  msm(points: G1Points, scalars: FrVector): Promise<Uint8Array>;
  /** A copy in memory the runner's workers share (or the bytes themselves when there is none). */
  share(bytes: Uint8Array): Uint8Array;
}

/** Commitments split across the pool; generators are put in shared memory once. */
export function poolCommitter(pool: MsmRunner): AsyncCommit {
  const shared = new WeakMap<Uint8Array, Uint8Array>();
  return (generators, v) => {
    const bytes = generatorBytesFor(generators, v);
    let g = shared.get(generators);
    if (!g) shared.set(generators, (g = pool.share(generators)));
    return pool.msm(g.subarray(0, bytes), pool.share(v));
  };
}

export async function proveLeafParallel(
  prepared: PreparedShape,
  assignment: R1csAssignment,
  commit: AsyncCommit,
): Promise<LeafProof> {
  checkAssignmentSizes(prepared, assignment);
  return leafProofOf(assignment, await commit(prepared.key.w, assignment.witness));
}

export async function proveMergeParallel(
  kernel: Kernel,
  prepared: PreparedShape,
  U1: RelaxedInstance,
  W1: RelaxedWitness,
  U2: RelaxedInstance,
  W2: RelaxedWitness,
  mergerKey: Uint8Array,
  commit: AsyncCommit,
): Promise<MergeOutput> {
  const T = crossTerm(kernel, prepared, U1, W1, U2, W2);
  return completeMerge(kernel, prepared, U1, W1, U2, W2, T, await commit(prepared.key.e, T), mergerKey);
}

/** verifyBlockProof with the decider's MSMs on the pool. */
export async function verifyBlockProofParallel(
  kernel: Kernel,
  prepared: PreparedShape,
  statement: LeafStatement,
  ctx: BlockContext,
  proof: BlockProof,
  commit: AsyncCommit,
): Promise<VerifiedBlock> {
  const verified = checkBlockUpToRoot(kernel, prepared, statement, ctx, proof);
  try {
    await decideParallel(kernel, prepared, verified.root, proof.rootWitness, commit);
  } catch (e) {
    throw asRejection(e);
  }
  return verified;
}

/** The decider with both opening MSMs on the pool (same checks, same errors as decide()). */
export async function decideParallel(
  kernel: Kernel,
  prepared: PreparedShape,
  U: RelaxedInstance,
  w: RelaxedWitness,
  commit: AsyncCommit,
): Promise<void> {
  checkInstanceSizes(prepared, U);
  checkWitnessSizes(prepared, w);
  const [comW, comE] = await Promise.all([commit(prepared.key.w, w.W), commit(prepared.key.e, w.E)]);
  assertOpensAndHolds(kernel, prepared, U, w, comW, comE);
}
