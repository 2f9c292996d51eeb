// Proof-tree positions: level 0 holds the 2^k leaves, level k the root; node (level, index) folds
// children (level − 1, 2·index) and (level − 1, 2·index + 1). Block proofs list fold proofs
// bottom-up, level by level, left to right.
import type { TreeNode } from '../protocol/tree.js';

export type NodeId = TreeNode;

/** Position of merge node (level ≥ 1, index) in a block proof's fold list. */
export function foldPosition(treeHeight: number, node: NodeId): number {
  if (node.level < 1 || node.level > treeHeight || node.index < 0 || node.index >= 2 ** (treeHeight - node.level)) {
    throw new RangeError(`no merge node (${node.level}, ${node.index}) in a tree of height ${treeHeight}`);
  }
  let before = 0;
  for (let l = 1; l < node.level; l++) before += 2 ** (treeHeight - l);
  return before + node.index;
}

export function treeHeightOf(leafCount: number): number {
  if (leafCount < 1 || (leafCount & (leafCount - 1)) !== 0)
    throw new RangeError(`${leafCount} leaves is not a power of two`);
  return Math.log2(leafCount);
}
