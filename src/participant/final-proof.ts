// The final block proof, assembled from announced results: from the root down, each merge names
// the digests of the child payloads it folded, so the tree is the one the root commits to. The
// sequencer and any watching submitter assemble it the same way.
import type { BlockView } from '../l1/views.js';
import { decodeLeafProof, decodeMergePayload, type BlockProof } from '../proof/messages.js';
import type { FoldProof } from '../proof/nifs.js';
import { equalBytes, hexToBytes } from '../protocol/bytes.js';
import type { BlockWork } from './block-work.js';
import { childNodes, nodeKey, type Candidate } from './duties.js';
import { AssemblyFailedError } from './errors.js';

/** What a submission that the L1 accepted reports (the sequencer's and the watcher's alike). */
export interface BlockVerifiedEvent {
  type: 'verified';
  number: number;
  leaves: number;
  assignment: string;
  /** From the block's commitment (as this role saw it) to the L1's receipt. */
  msToVerified: number;
  /** Final tree: node key → prover key (hex) for every node. */
  tree: Record<string, string>;
  /** Committee members the assignment may credit for at least one node (hex). */
  assignedMembers: string[];
  /** Distinct leaves some member is assigned (memberLeaves). */
  memberLeaves: number;
  block: BlockView;
}

/** Committee members `work`'s assignment may credit for at least one node. */
export function assignedMembers(work: BlockWork): string[] {
  return work.block.committee.filter((key) => work.assignment.memberNodes(key).length > 0);
}

/**
 * Distinct leaves some committee member is assigned. Members assigned the same leaf compete for
 * it (the first timely reveal is credited), and with option 1 all members' paths may land on one
 * leaf: then the fastest member may be credited for the whole path.
 */
export function memberLeaves(work: BlockWork): number {
  const leaves = new Set<number>();
  for (const key of work.block.committee)
    for (const node of work.assignment.memberNodes(key)) if (node.level === 0) leaves.add(node.index);
  return leaves.size;
}

export interface AssembledProof {
  proof: BlockProof;
  /** Node key → prover key (hex) for every node of the final tree. */
  tree: Record<string, string>;
}

/** Follows the root's child digests down to the leaves; every payload on the way is fetched and checked. */
export async function assembleFinalProof(work: BlockWork, root: Candidate): Promise<AssembledProof> {
  const k = work.block.header.treeHeight;
  if (root.payload === undefined) throw new AssemblyFailedError(`the root ${nodeKey(root.node)} has no payload yet`);
  const chosen = new Map<string, Candidate>([[nodeKey(root.node), root]]);
  for (let level = k; level >= 1; level--) {
    for (let index = 0; index < 2 ** (k - level); index++) {
      const parent = chosen.get(nodeKey({ level, index }))!;
      const kids = childNodes(parent.node);
      for (let side = 0; side < 2; side++) {
        const digest = parent.children?.[side];
        const known = work.candidatesOf(kids[side]!);
        const match = known.find((c) => digest && equalBytes(c.digest, digest));
        if (!match || !(await work.ensurePayload(match)))
          throw new AssemblyFailedError(
            `node ${nodeKey(parent.node)} folded a child payload of ${nodeKey(kids[side]!)} nobody serves (${
              match
                ? `its holder ${match.holder} ${
                    match.rejected
                      ? `was refused: ${match.rejected}`
                      : `did not answer${match.lastFetchError ? `: ${match.lastFetchError}` : ''}`
                  }`
                : `not among the ${known.length} announced`
            })`,
          );
        chosen.set(nodeKey(kids[side]!), match);
      }
    }
  }
  const leaves = Array.from({ length: 2 ** k }, (_, i) => chosen.get(nodeKey({ level: 0, index: i }))!);
  const folds: FoldProof[] = [];
  for (let level = 1; level <= k; level++)
    for (let index = 0; index < 2 ** (k - level); index++) {
      const m = decodeMergePayload(chosen.get(nodeKey({ level, index }))!.payload!).proof;
      folds.push({ comT: m.comT, mergerKey: m.mergerKey });
    }
  const tree: Record<string, string> = {};
  for (const [key, c] of chosen) tree[key] = c.prover;
  return {
    proof: {
      leaves: leaves.map((c) => decodeLeafProof(c.payload!).instance),
      leafProvers: leaves.map((c) => hexToBytes(c.prover)),
      folds,
      rootWitness: decodeMergePayload(root.payload).proof.witness,
    },
    tree,
  };
}

/** A final tree as one string (node → prover, sorted): how refused trees are remembered. */
export function treeKey(tree: Record<string, string>): string {
  return JSON.stringify(Object.entries(tree).sort());
}

/**
 * The first node of `tree` whose L1 pin names another prover, or undefined. A final proof must
 * carry every pinned result, so such a tree is refused by the L1 and not worth submitting.
 */
export function pinConflict(tree: Record<string, string>, pins: ReadonlyMap<string, string>): string | undefined {
  return Object.entries(tree).find(([key, prover]) => {
    const pinned = pins.get(key);
    return pinned !== undefined && pinned !== prover;
  })?.[0];
}
