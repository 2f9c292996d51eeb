// Proves a block's tree across a worker pool: all leaves in parallel, then each level's merges in
// parallel. Results come back as encoded messages and are decoded (validated) here.
import type { ProverPool } from '../pool/index.js';
import type { MergerKeyOf } from './block-prover.js';
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
import type { ShapeName } from './shape-catalog.js';
import { treeHeightOf } from './tree.js';

export interface ShapeSizes {
  readonly numConstraints: number;
}

export async function proveBlockOnPool(
  pool: Pick<ProverPool, 'runMany'>,
  shape: ShapeName,
  sizes: ShapeSizes,
  assignments: readonly R1csAssignment[],
  mergerKey: MergerKeyOf,
): Promise<BlockProof> {
  treeHeightOf(assignments.length);
  const leafArgs: ProofJobArgs[] = assignments.map((a) => ({ shape, job: encodeLeafJob(a) }));
  const leaves = (await pool.runMany('proof.base', leafArgs)).map(decodeLeafProof);
  let level: RelaxedPair[] = leaves.map((p) => ({
    instance: leafAsRelaxed(p.instance),
    witness: { W: p.W, E: frZeros(sizes.numConstraints) },
  }));
  const folds: FoldProof[] = [];
  for (let l = 1; level.length > 1; l++) {
    const args: ProofJobArgs[] = [];
    for (let j = 0; j < level.length; j += 2) {
      args.push({ shape, job: encodeMergeJob({ mergerKey: mergerKey({ level: l, index: j / 2 }), left: level[j], right: level[j + 1] }) });
    }
    const merged = (await pool.runMany('proof.merge', args)).map(decodeMergeProof);
    for (const m of merged) folds.push({ comT: m.comT, mergerKey: m.mergerKey });
    level = merged.map((m) => ({ instance: m.instance, witness: m.witness }));
  }
  return {
    leaves: leaves.map((p) => p.instance),
    leafProvers: leaves.map((_, index) => mergerKey({ level: 0, index })),
    folds,
    rootWitness: level[0].witness,
  };
}
