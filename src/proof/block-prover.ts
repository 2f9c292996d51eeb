// Proves a whole tree in one thread: every leaf, then every merge up to the root. The pool and
// the network split the same work by node; this is the reference order.
import type { Kernel } from '../kernel/types.js';
import { proveLeaf } from './base.js';
import type { BlockProof, RelaxedPair } from './messages.js';
import { proveMerge, type FoldProof } from './nifs.js';
import type { PreparedShape } from './prepared-shape.js';
import type { R1csAssignment } from '../r1cs/types.js';
import { leafAsRelaxed, leafWitnessAsRelaxed } from './relaxed.js';
import { treeHeightOf, type NodeId } from './tree.js';

/** The key of the prover of a node: leaves (level 0) and merges alike. */
export type MergerKeyOf = (node: NodeId) => Uint8Array;

export function proveBlock(
  kernel: Kernel,
  prepared: PreparedShape,
  assignments: readonly R1csAssignment[],
  mergerKey: MergerKeyOf,
): BlockProof {
  treeHeightOf(assignments.length);
  const leafProofs = assignments.map((a) => proveLeaf(kernel, prepared, a));
  let level: RelaxedPair[] = leafProofs.map((p) => ({
    instance: leafAsRelaxed(p.instance),
    witness: leafWitnessAsRelaxed(prepared, p.W),
  }));
  const folds: FoldProof[] = [];
  for (let l = 1; level.length > 1; l++) {
    const up: RelaxedPair[] = [];
    for (let j = 0; j < level.length; j += 2) {
      const m = proveMerge(
        kernel,
        prepared,
        level[j].instance,
        level[j].witness,
        level[j + 1].instance,
        level[j + 1].witness,
        mergerKey({ level: l, index: j / 2 }),
      );
      folds.push({ comT: m.comT, mergerKey: m.mergerKey });
      up.push({ instance: m.instance, witness: m.witness });
    }
    level = up;
  }
  return {
    leaves: leafProofs.map((p) => p.instance),
    leafProvers: leafProofs.map((_, index) => mergerKey({ level: 0, index })),
    folds,
    rootWitness: level[0].witness,
  };
}
