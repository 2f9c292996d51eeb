// Assignment option 1: binary path. A member's path is k bits of its VRF output, read most
// significant first, bit 1 = right child. `low` (default) takes the lowest k bits, `high` the top k
// (the seed's example). Committee members have the lowest VRFs, so their top bits are zero and in
// `high` mode every path would pile to the left: `low` spreads them.
//
// A member is credited only for nodes on its own path. Nodes on nobody's path open to any member
// after `openAfterSeconds`, uncredited; the sequencer covers whatever is still missing.
import type { Assignment, CreditableCounts } from './assignment-types.js';
import { bytesToHex } from './bytes.js';
import type { BitMode } from './header.js';
import { ParameterError } from './errors.js';
import { allNodes, assertNode, assertTreeHeight, type TreeNode } from './tree.js';
import { VRF_BITS, type VrfEntry } from './vrf.js';

export type Direction = 'left' | 'right';

function assertVrf(vrf: bigint): void {
  if (typeof vrf !== 'bigint' || vrf < 0n || vrf >= 1n << BigInt(VRF_BITS)) {
    throw new ParameterError('VRF output must be a 256-bit unsigned bigint');
  }
}

/** The leaf a VRF output points at: the k path bits as an integer. */
export function pathLeaf(vrf: bigint, treeHeight: number, bitMode: BitMode): number {
  assertTreeHeight(treeHeight);
  assertVrf(vrf);
  if (bitMode !== 'high' && bitMode !== 'low')
    throw new ParameterError(`bitMode must be "low" or "high", got ${String(bitMode)}`);
  const bits = bitMode === 'high' ? vrf >> BigInt(VRF_BITS - treeHeight) : vrf & ((1n << BigInt(treeHeight)) - 1n);
  return Number(bits);
}

/** Root-to-leaf directions of a leaf's path. */
export function pathDirections(leaf: number, treeHeight: number): Direction[] {
  assertNode(treeHeight, { level: 0, index: leaf });
  const out: Direction[] = [];
  for (let i = treeHeight - 1; i >= 0; i--) out.push(Math.floor(leaf / 2 ** i) % 2 === 1 ? 'right' : 'left');
  return out;
}

/** The path's nodes from the leaf (level 0) up to the root (level k). */
export function pathNodes(leaf: number, treeHeight: number): TreeNode[] {
  assertNode(treeHeight, { level: 0, index: leaf });
  const out: TreeNode[] = [];
  for (let level = 0; level <= treeHeight; level++) out.push({ level, index: Math.floor(leaf / 2 ** level) });
  return out;
}

export interface BinaryPath {
  readonly leaf: number;
  readonly directions: Direction[];
  readonly nodes: TreeNode[];
}

export function binaryPath(vrf: bigint, treeHeight: number, bitMode: BitMode): BinaryPath {
  const leaf = pathLeaf(vrf, treeHeight, bitMode);
  return { leaf, directions: pathDirections(leaf, treeHeight), nodes: pathNodes(leaf, treeHeight) };
}

/**
 * What a key may do with a node at a given time since the block commitment: prove it for credit
 * (on its path), prove it uncredited (uncovered node after the timeout), wait for the timeout
 * (uncovered node, too early), or nothing (another member's node, or not a member).
 */
export type ProveRight = 'credited' | 'open-uncredited' | 'not-yet' | 'not-allowed';

export interface BinaryPathAssignment extends Assignment {
  readonly mode: 'binary-path';
  readonly bitMode: BitMode;
  readonly openAfterSeconds: number;
  /** Leaf of each committee member, by rank. */
  readonly leaves: readonly number[];
  leafOf(publicKeyHex: string): number | undefined;
  isCovered(node: TreeNode): boolean;
  /** Members prove nodes on their path (credited) and uncovered nodes after the timeout (uncredited). */
  proveRight(node: TreeNode, publicKeyHex: string, secondsSinceCommitment: number): ProveRight;
}

export function binaryPathAssignment(
  committee: readonly VrfEntry[],
  treeHeight: number,
  bitMode: BitMode,
  openAfterSeconds = 0,
): BinaryPathAssignment {
  assertTreeHeight(treeHeight);
  const leaves = committee.map((m) => pathLeaf(m.vrf, treeHeight, bitMode));
  const hexes = committee.map((m) => bytesToHex(m.publicKey));
  const leafByKey = new Map<string, number>();
  hexes.forEach((h, i) => leafByKey.set(h, leaves[i]!));
  // covered[level] = the indices at that level on at least one member's path.
  const covered: Set<number>[] = [];
  for (let level = 0; level <= treeHeight; level++)
    covered.push(new Set(leaves.map((leaf) => Math.floor(leaf / 2 ** level))));

  const onPath = (node: TreeNode, leaf: number) => Math.floor(leaf / 2 ** node.level) === node.index;
  const isCovered = (node: TreeNode) => {
    assertNode(treeHeight, node);
    return covered[node.level]!.has(node.index);
  };
  const isCreditable = (node: TreeNode, publicKeyHex: string) => {
    assertNode(treeHeight, node);
    const leaf = leafByKey.get(publicKeyHex);
    return leaf !== undefined && onPath(node, leaf);
  };

  return {
    mode: 'binary-path',
    treeHeight,
    committee,
    bitMode,
    openAfterSeconds,
    leaves,
    leafOf: (h) => leafByKey.get(h),
    isCovered,
    isCreditable,
    creditableProvers(node) {
      assertNode(treeHeight, node);
      return hexes.filter((_, i) => onPath(node, leaves[i]!));
    },
    memberNodes(publicKeyHex) {
      const leaf = leafByKey.get(publicKeyHex);
      return leaf === undefined ? [] : pathNodes(leaf, treeHeight);
    },
    creditableCounts(): CreditableCounts {
      let merge = 0;
      for (let level = 1; level <= treeHeight; level++) merge += covered[level]!.size;
      return { base: covered[0]!.size, merge };
    },
    uncreditableNodes() {
      const out: TreeNode[] = [];
      for (const node of allNodes(treeHeight)) if (!covered[node.level]!.has(node.index)) out.push(node);
      return out;
    },
    proveRight(node, publicKeyHex, secondsSinceCommitment) {
      if (isCreditable(node, publicKeyHex)) return 'credited';
      if (!leafByKey.has(publicKeyHex) || isCovered(node)) return 'not-allowed';
      return secondsSinceCommitment >= openAfterSeconds ? 'open-uncredited' : 'not-yet';
    },
  };
}
