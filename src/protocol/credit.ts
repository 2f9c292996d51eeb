// Crediting a proven block. The L1 credits the results its commit–reveal book pinned (the first
// timely valid reveal of each node), which every accepted final proof must contain, so credit does
// not depend on who assembles the final tree. A (node, key) pair is credited only when the
// assignment allows it and, when a commit–reveal record is given, the key's result was timely.
import type { Assignment } from './assignment.js';
import { bytesToHex } from './bytes.js';
import { isNodeInTree, nodeId, type TreeNode } from './tree.js';

export interface ProvedNode {
  readonly node: TreeNode;
  /** Prover public key, lowercase hex (or raw bytes). */
  readonly prover: string | Uint8Array;
  /** The node's instance identity (hex), when the verifier reports it: what a revealed result pins. */
  readonly instance?: string;
}

/** A proved node's prover key in the form credit reports and ledgers use: lowercase hex. */
export function proverHex(prover: string | Uint8Array): string {
  return typeof prover === 'string' ? prover.toLowerCase() : bytesToHex(prover);
}

export type CreditRejection = 'outside-tree' | 'duplicate-node' | 'not-assigned' | 'no-timely-commitment';

export interface CreditedNode {
  readonly node: TreeNode;
  readonly prover: string;
}

export interface CreditReport {
  /** Credited (node, key) pairs, ordered by heap id (root first). */
  readonly credited: readonly CreditedNode[];
  readonly rejected: readonly { node: TreeNode; prover: string; reason: CreditRejection }[];
  /** Distinct credited keys, sorted: d of the sequencer's reward. */
  readonly contributors: readonly string[];
  readonly creditedCounts: { readonly base: number; readonly merge: number };
}

export function creditBlock(
  assignment: Assignment,
  provedNodes: Iterable<ProvedNode>,
  isTimely?: (node: TreeNode, proverHex: string) => boolean,
): CreditReport {
  const k = assignment.treeHeight;
  const seen = new Set<number>();
  const credited: { id: number; node: TreeNode; prover: string }[] = [];
  const rejected: { node: TreeNode; prover: string; reason: CreditRejection }[] = [];
  for (const p of provedNodes) {
    const prover = proverHex(p.prover);
    const node = { level: p.node.level, index: p.node.index };
    if (!isNodeInTree(k, node)) {
      rejected.push({ node, prover, reason: 'outside-tree' });
      continue;
    }
    const id = nodeId(k, node);
    if (seen.has(id)) {
      rejected.push({ node, prover, reason: 'duplicate-node' });
      continue;
    }
    seen.add(id);
    if (!assignment.isCreditable(node, prover)) rejected.push({ node, prover, reason: 'not-assigned' });
    else if (isTimely && !isTimely(node, prover)) rejected.push({ node, prover, reason: 'no-timely-commitment' });
    else credited.push({ id, node, prover });
  }
  credited.sort((a, b) => a.id - b.id);
  let base = 0;
  for (const c of credited) if (c.node.level === 0) base++;
  return {
    credited: credited.map(({ node, prover }) => ({ node, prover })),
    rejected,
    contributors: [...new Set(credited.map((c) => c.prover))].sort(),
    creditedCounts: { base, merge: credited.length - base },
  };
}

/**
 * Nodes the final tree still lacks, leaves first then level by level: what open members (after
 * the timeout) and finally the sequencer must cover.
 */
export function missingNodes(treeHeight: number, proved: Iterable<TreeNode>): TreeNode[] {
  const have = new Set<number>();
  for (const node of proved) if (isNodeInTree(treeHeight, node)) have.add(nodeId(treeHeight, node));
  const out: TreeNode[] = [];
  for (let level = 0; level <= treeHeight; level++) {
    for (let index = 0; index < 2 ** (treeHeight - level); index++) {
      if (!have.has(nodeId(treeHeight, { level, index }))) out.push({ level, index });
    }
  }
  return out;
}
