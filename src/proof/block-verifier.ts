// Stage-1 block verification: leaf statements chain, every fold is replayed to the root, and the
// decider checks the root. Pure rules over the kernel; the L1 adapter supplies the block context.
import type { ProvedNode } from '../protocol/credit.js';
import { isValidPublicKey } from '../protocol/keys.js';
import type { Kernel } from '../kernel/types.js';
import { allNodes } from '../protocol/tree.js';
import { decide } from './decider.js';
import { ProofRejectedError, ShapeMismatchError } from './errors.js';
import type { BlockProof } from './messages.js';
import { foldChallenge, foldInstances, type FoldProof } from './nifs.js';
import type { PreparedShape } from './prepared-shape.js';
import { leafAsRelaxed, type LeafInstance, type RelaxedInstance } from './relaxed.js';

/** How a circuit's public inputs read as a state transition. */
export interface LeafStatement {
  readonly numPublic: number;
  start(x: readonly bigint[]): readonly bigint[];
  end(x: readonly bigint[]): readonly bigint[];
  /** The block-wide constants the leaf was proven against (e.g. a constants hash). */
  constants(x: readonly bigint[]): readonly bigint[];
  /** True when x names this prover key (e.g. carries its hash), so the leaf is credited to it. */
  namesProver(x: readonly bigint[], proverKey: Uint8Array): boolean;
}

/** What the verifier knows from L1 before looking at the proof. */
export interface BlockContext {
  /** k: the tree has 2^k leaves. */
  readonly treeHeight: number;
  /** The previous block's end state (= this block's declared start state). */
  readonly startState: readonly bigint[];
  /** The constants derived from the block header. */
  readonly constants: readonly bigint[];
}

/** A node and the key of the prover the proof attributes it to: the protocol's one definition. */
export type { ProvedNode };

export interface VerifiedBlock {
  readonly endState: readonly bigint[];
  readonly root: RelaxedInstance;
  /** Every leaf and merge with its prover, leaves first, then level by level. */
  readonly provedNodes: readonly ProvedNode[];
}

/** The fold transcript as a function; the real one is foldChallenge. */
export type FoldChallengeFn = typeof foldChallenge;

const sameVector = (a: readonly bigint[], b: readonly bigint[]) =>
  a.length === b.length && a.every((v, i) => v === b[i]);

/** Each leaf's end state is the next leaf's start; the first start and every constant match L1. */
export function checkLeafChain(
  leaves: readonly LeafInstance[],
  statement: LeafStatement,
  ctx: BlockContext,
): readonly bigint[] {
  let state = ctx.startState;
  leaves.forEach((leaf, i) => {
    if (leaf.x.length !== statement.numPublic) {
      throw new ProofRejectedError(
        'instance-mismatch',
        `leaf ${i} has ${leaf.x.length} public inputs, expected ${statement.numPublic}`,
      );
    }
    if (!sameVector(statement.constants(leaf.x), ctx.constants)) {
      throw new ProofRejectedError('constants', `leaf ${i} was proven against other block constants`);
    }
    if (!sameVector(statement.start(leaf.x), state)) {
      throw new ProofRejectedError(
        i === 0 ? 'start-state' : 'chain',
        i === 0
          ? "the first leaf does not start from the previous block's end state"
          : `leaf ${i} does not start where leaf ${i - 1} ended`,
      );
    }
    state = statement.end(leaf.x);
  });
  return state;
}

/**
 * Fold the leaves up the tree. folds are bottom-up, level by level, left to right: level 1 has
 * 2^(k−1) nodes, node j folds children 2j (as U₁) and 2j + 1 (as U₂).
 */
export function replayFolds(
  kernel: Kernel,
  shapeDigest: Uint8Array,
  leaves: readonly LeafInstance[],
  folds: readonly FoldProof[],
  challenge: FoldChallengeFn = foldChallenge,
): RelaxedInstance {
  if (leaves.length === 0 || (leaves.length & (leaves.length - 1)) !== 0) {
    throw new ProofRejectedError('leaf-count', `${leaves.length} leaves is not a power of two`);
  }
  if (folds.length !== leaves.length - 1) {
    throw new ProofRejectedError('merge-count', `${folds.length} folds for ${leaves.length} leaves`);
  }
  let level: RelaxedInstance[] = leaves.map(leafAsRelaxed);
  let next = 0;
  while (level.length > 1) {
    const up: RelaxedInstance[] = [];
    for (let j = 0; j < level.length; j += 2) {
      const f = folds[next++];
      const r = challenge(kernel, shapeDigest, level[j], level[j + 1], f.comT, f.mergerKey);
      up.push(foldInstances(kernel, level[j], level[j + 1], f.comT, r));
    }
    level = up;
  }
  return level[0];
}

/** Everything but the decider: counts, keys, the leaf chain and the fold replay to the root. */
export function checkBlockUpToRoot(
  kernel: Kernel,
  prepared: PreparedShape,
  statement: LeafStatement,
  ctx: BlockContext,
  proof: BlockProof,
): VerifiedBlock {
  if (proof.leaves.length !== 2 ** ctx.treeHeight) {
    throw new ProofRejectedError('leaf-count', `${proof.leaves.length} leaves, the header says 2^${ctx.treeHeight}`);
  }
  if (proof.leafProvers.length !== proof.leaves.length) {
    throw new ProofRejectedError(
      'leaf-count',
      `${proof.leafProvers.length} leaf prover keys for ${proof.leaves.length} leaves`,
    );
  }
  proof.leafProvers.forEach((key, i) => {
    if (!isValidPublicKey(key)) throw new ProofRejectedError('bad-key', `leaf ${i} names an invalid prover key`);
    if (!statement.namesProver(proof.leaves[i].x, key)) {
      throw new ProofRejectedError('bad-key', `leaf ${i} was not proven for the key the proof credits it to`);
    }
  });
  proof.folds.forEach((f, i) => {
    if (!isValidPublicKey(f.mergerKey))
      throw new ProofRejectedError('bad-key', `fold ${i} names an invalid merger key`);
  });
  const endState = checkLeafChain(proof.leaves, statement, ctx);
  const root = replayFolds(kernel, prepared.shape.digest, proof.leaves, proof.folds);
  return { endState, root, provedNodes: provedNodes(ctx.treeHeight, proof) };
}

/** A root witness of the wrong size is a bad proof for this shape, not a caller error. */
export function asRejection(e: unknown): unknown {
  return e instanceof ShapeMismatchError ? new ProofRejectedError('instance-mismatch', e.message) : e;
}

export function verifyBlockProof(
  kernel: Kernel,
  prepared: PreparedShape,
  statement: LeafStatement,
  ctx: BlockContext,
  proof: BlockProof,
): VerifiedBlock {
  const verified = checkBlockUpToRoot(kernel, prepared, statement, ctx, proof);
  try {
    decide(kernel, prepared, verified.root, proof.rootWitness);
  } catch (e) {
    throw asRejection(e);
  }
  return verified;
}

/** Leaves with their provers, then merges level by level with their merger keys (the counts are checked). */
function provedNodes(treeHeight: number, proof: BlockProof): ProvedNode[] {
  const provers = [...proof.leafProvers, ...proof.folds.map((f) => f.mergerKey)];
  return [...allNodes(treeHeight)].map((node, i) => ({ node, prover: provers[i]! }));
}
