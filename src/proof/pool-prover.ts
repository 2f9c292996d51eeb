// Proves a block's tree across a worker pool: all leaves in parallel, then each level's merges in
// parallel. Results come back as encoded messages and are decoded (validated) here.
import type { ProverPool } from '../pool/index.js';
import type { LeafProof } from './base.js';
import type { MergerKeyOf } from './block-prover.js';
import type { BaseRollupJobArgs } from './base-rollup-prover.js';
import type { ProofJobArgs } from './jobs.js';
import {
  decodeLeafProof,
  decodeMergeProof,
  encodeLeafJob,
  encodeMergeJob,
  type BlockProof,
  type RelaxedPair,
} from './messages.js';
import type { FoldProof } from './nifs.js';
import type { R1csAssignment } from './r1cs-types.js';
import { leafAsRelaxed } from './relaxed.js';
import { frZeros } from './field.js';
import { BASE_ROLLUP_SHAPE, type ShapeName } from './shape-catalog.js';
import { treeHeightOf } from './tree.js';

export interface ShapeSizes {
  readonly numConstraints: number;
}

type PoolRunner = Pick<ProverPool, 'runMany'>;

/** Leaves from assignments (proof.base), then the merges. */
export async function proveBlockOnPool(
  pool: PoolRunner,
  shape: ShapeName,
  sizes: ShapeSizes,
  assignments: readonly R1csAssignment[],
  proverOf: MergerKeyOf,
): Promise<BlockProof> {
  treeHeightOf(assignments.length);
  const leafArgs: ProofJobArgs[] = assignments.map((a) => ({ shape, job: encodeLeafJob(a) }));
  const leaves = (await pool.runMany('proof.base', leafArgs)).map(decodeLeafProof);
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
  const args: BaseRollupJobArgs[] = chunks.map((chunk, index) => ({ chunk, constantsHash, proverKey: proverOf({ level: 0, index }), shape }));
  const leaves = (await pool.runMany('proof.base-rollup', args)).map(decodeLeafProof);
  return mergeUpOnPool(pool, shape, sizes, leaves, proverOf);
}

/** Every merge, level by level (each level's merges in parallel), up to the root. */
export async function mergeUpOnPool(
  pool: PoolRunner,
  shape: ShapeName,
  sizes: ShapeSizes,
  leaves: readonly LeafProof[],
  proverOf: MergerKeyOf,
): Promise<BlockProof> {
  treeHeightOf(leaves.length);
  let level: RelaxedPair[] = leaves.map((p) => ({
    instance: leafAsRelaxed(p.instance),
    witness: { W: p.W, E: frZeros(sizes.numConstraints) },
  }));
  const folds: FoldProof[] = [];
  for (let l = 1; level.length > 1; l++) {
    const args: ProofJobArgs[] = [];
    for (let j = 0; j < level.length; j += 2) {
      args.push({ shape, job: encodeMergeJob({ mergerKey: proverOf({ level: l, index: j / 2 }), left: level[j], right: level[j + 1] }) });
    }
    const merged = (await pool.runMany('proof.merge', args)).map(decodeMergeProof);
    for (const m of merged) folds.push({ comT: m.comT, mergerKey: m.mergerKey });
    level = merged.map((m) => ({ instance: m.instance, witness: m.witness }));
  }
  return {
    leaves: leaves.map((p) => p.instance),
    leafProvers: leaves.map((_, index) => proverOf({ level: 0, index })),
    folds,
    rootWitness: level[0].witness,
  };
}
