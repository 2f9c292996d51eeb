// The proof tree of a block: 2^k leaves (one transaction each, base proofs) and 2^k − 1 merges.
// A node is (level, index): level 0 = leaves, level k = root; index counts left to right within
// the level. Children of (l, i) are (l−1, 2i) and (l−1, 2i+1).
import { ParameterError } from './errors.js';

export const MAX_TREE_HEIGHT = 20;

export interface TreeNode {
  readonly level: number;
  readonly index: number;
}

export type NodeKind = 'base' | 'merge';

export function assertTreeHeight(k: number): void {
  if (!Number.isInteger(k) || k < 1 || k > MAX_TREE_HEIGHT) {
    throw new ParameterError(`tree height k must be an integer in [1, ${MAX_TREE_HEIGHT}], got ${k}`);
  }
}

export function isNodeInTree(k: number, node: TreeNode): boolean {
  return (
    Number.isInteger(node.level) &&
    Number.isInteger(node.index) &&
    node.level >= 0 &&
    node.level <= k &&
    node.index >= 0 &&
    node.index < 2 ** (k - node.level)
  );
}

export function assertNode(k: number, node: TreeNode): void {
  if (!isNodeInTree(k, node)) {
    throw new ParameterError(`node (${node.level}, ${node.index}) is outside a tree of height ${k}`);
  }
}

export function nodeKind(node: TreeNode): NodeKind {
  return node.level === 0 ? 'base' : 'merge';
}

/** Heap numbering: root = 1, node (l, i) = 2^(k−l) + i; leaves are 2^k … 2^(k+1) − 1. */
export function nodeId(k: number, node: TreeNode): number {
  return 2 ** (k - node.level) + node.index;
}

export function nodeFromId(k: number, id: number): TreeNode {
  if (!Number.isInteger(id) || id < 1 || id >= 2 ** (k + 1)) {
    throw new ParameterError(`node id ${id} is outside a tree of height ${k}`);
  }
  const depth = Math.floor(Math.log2(id));
  return { level: k - depth, index: id - 2 ** depth };
}

export function nodeCount(k: number): number {
  return 2 ** (k + 1) - 1;
}

export function leafCount(k: number): number {
  return 2 ** k;
}

export function children(node: TreeNode): [TreeNode, TreeNode] {
  if (node.level === 0) throw new ParameterError('a leaf has no children');
  return [
    { level: node.level - 1, index: 2 * node.index },
    { level: node.level - 1, index: 2 * node.index + 1 },
  ];
}

/** Ancestor of a leaf at a given level. */
export function ancestorAt(leaf: number, level: number): TreeNode {
  return { level, index: Math.floor(leaf / 2 ** level) };
}

/** Every node, leaves first, then level by level up to the root. */
export function* allNodes(k: number): Generator<TreeNode> {
  for (let level = 0; level <= k; level++) {
    for (let index = 0; index < 2 ** (k - level); index++) yield { level, index };
  }
}

export function sameNode(a: TreeNode, b: TreeNode): boolean {
  return a.level === b.level && a.index === b.index;
}
