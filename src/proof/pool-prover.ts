// Proves a block's tree across a worker pool: all leaves in parallel, then each level's merges in
// parallel. Results come back as encoded messages and are decoded (validated) here. The pool is
// anything that runs the proof jobs (ProofJobRunner): the worker pool satisfies it without this
// layer importing it.
import type { LeafProof } from './base.js';
import type { MergerKeyOf } from './block-prover.js';
import type { BaseRollupJobArgs } from './base-rollup-prover.js';
import {
  decodeLeafProof,
  decodeMergeProof,
  encodeLeafJob,
  encodeMergeJob,
  type BlockProof,
  type RelaxedPair,
} from './messages.js';
import type { FoldProof } from './nifs.js';
import type { R1csAssignment } from '../r1cs/types.js';
import { leafAsRelaxed } from './relaxed.js';
import { frZeros } from '../kernel/field.js';
import { BASE_ROLLUP_SHAPE, type ShapeName } from './shape-catalog.js';
import { treeHeightOf } from './tree.js';
import type { ProofJobRunner } from './jobs.js';

export interface ShapeSizes {
  readonly numConstraints: number;
}

type PoolRunner = ProofJobRunner;

/** Leaves from assignments (proof.base), then the merges. */
export async function proveBlockOnPool(
  pool: PoolRunner,
  shape: ShapeName,
  sizes: ShapeSizes,
  assignments: readonly R1csAssignment[],
  proverOf: MergerKeyOf,
): Promise<BlockProof> {
  treeHeightOf(assignments.length);
  const leaves = assignments.map(async (a) =>
    decodeLeafProof(await pool.run('proof.base', { shape, job: encodeLeafJob(a) })),
  );
  return mergeUpOnPool(pool, shape, sizes, leaves, proverOf);
}

/** Leaves from encoded transcript chunks (proof.base-rollup: each worker derives its witness), then the merges. */
export async function proveRollupBlockOnPool(
  pool: PoolRunner,
  sizes: ShapeSizes,
  chunks: readonly Uint8Array[],
  constantsHash: bigint,
  proverOf: MergerKeyOf,
  shape: ShapeName = BASE_ROLLUP_SHAPE,
): Promise<BlockProof> {
  treeHeightOf(chunks.length);
  const leaves = chunks.map(async (chunk, index) => {
    const args: BaseRollupJobArgs = { chunk, constantsHash, proverKey: proverOf({ level: 0, index }), shape };
    return decodeLeafProof(await pool.run('proof.base-rollup', args));
  });
  return mergeUpOnPool(pool, shape, sizes, leaves, proverOf);
}

/**
 * Every merge up to the root. A merge is queued as soon as both its children are done (not level
 * by level), so workers stay busy while slower nodes of the level below finish.
 */
export async function mergeUpOnPool(
  pool: PoolRunner,
  shape: ShapeName,
  sizes: ShapeSizes,
  leaves: readonly (LeafProof | Promise<LeafProof>)[],
  proverOf: MergerKeyOf,
): Promise<BlockProof> {
  const k = treeHeightOf(leaves.length);
  const leafProofs = leaves.map((l) => Promise.resolve(l));
  const folds: FoldProof[][] = Array.from({ length: k + 1 }, () => []);
  const merge = async (
    l: number,
    index: number,
    left: Promise<RelaxedPair>,
    right: Promise<RelaxedPair>,
  ): Promise<RelaxedPair> => {
    // Both children awaited together: a failure on either side is observed, never left unhandled.
    const [a, b] = await Promise.all([left, right]);
    const job = encodeMergeJob({ mergerKey: proverOf({ level: l, index }), left: a, right: b });
    const m = decodeMergeProof(await pool.run('proof.merge', { shape, job }));
    folds[l][index] = { comT: m.comT, mergerKey: m.mergerKey };
    return { instance: m.instance, witness: m.witness };
  };
  let level: Promise<RelaxedPair>[] = leafProofs.map(async (p) => {
    const leaf = await p;
    return { instance: leafAsRelaxed(leaf.instance), witness: { W: leaf.W, E: frZeros(sizes.numConstraints) } };
  });
  for (let l = 1; l <= k; l++) {
    const up: Promise<RelaxedPair>[] = [];
    for (let j = 0; j < level.length; j += 2) up.push(merge(l, j / 2, level[j], level[j + 1]));
    level = up;
  }
  // Every node's failure reaches the root through its ancestors.
  const root = await level[0];
  const leafResults = await Promise.all(leafProofs);
  return {
    leaves: leafResults.map((p) => p.instance),
    leafProvers: leafResults.map((_, index) => proverOf({ level: 0, index })),
    folds: folds.flat(),
    rootWitness: root.witness,
  };
}
