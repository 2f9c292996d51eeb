// Pure decisions of a participant: what the open block is, who is in its committee with which
// VRF, what this key must prove and which transcript chunks it needs, which child result to build
// on. No I/O: the participant and the sequencer call these with what they observed.
import { bytesToHex, hexToBytes } from '../protocol/bytes.js';
import {
  buildAssignment,
  children,
  decodeHeader,
  nodeKind,
  vrf,
  type Assignment,
  type BlockHeader,
  type TreeNode,
  type VrfEntry,
} from '../protocol/index.js';
import type { OpenBlockView } from '../l1/views.js';

/** The open block as a participant sees it on the L1. */
export interface OpenBlock {
  readonly number: number;
  readonly commitment: Uint8Array;
  readonly commitmentHex: string;
  readonly header: BlockHeader;
  readonly headerBytes: Uint8Array;
  readonly transcriptRoot: Uint8Array;
  readonly sequencer: string;
  /** Committee keys (lowercase hex, no prefix) ascending by rank. */
  readonly committee: readonly string[];
  readonly postedSlot: number;
  readonly deadlineSlot: number;
}

const unprefix = (h: string) => (h.startsWith('0x') ? h.slice(2) : h).toLowerCase();

export function openBlockFromView(v: OpenBlockView): OpenBlock {
  const headerBytes = hexToBytes(unprefix(v.header));
  return {
    number: v.number,
    commitment: hexToBytes(unprefix(v.commitment)),
    commitmentHex: unprefix(v.commitment),
    header: decodeHeader(headerBytes),
    headerBytes,
    transcriptRoot: hexToBytes(unprefix(v.transcriptRoot)),
    sequencer: unprefix(v.sequencer),
    committee: v.committee.map(unprefix),
    postedSlot: v.postedSlot,
    deadlineSlot: v.deadlineSlot,
  };
}

/** The committee with each member's VRF, in the L1's rank order. */
export function committeeEntries(block: OpenBlock): VrfEntry[] {
  return block.committee.map((h) => {
    const publicKey = hexToBytes(h);
    return { publicKey, vrf: vrf(publicKey, block.header.prevBlockHash, block.header.slot) };
  });
}

export function blockAssignment(block: OpenBlock): Assignment {
  return buildAssignment(block.header.assignment, committeeEntries(block), block.header.treeHeight);
}

export const nodeKey = (n: TreeNode): string => `${n.level}/${n.index}`;

export function parseNodeKey(key: string, treeHeight: number): TreeNode | undefined {
  const m = /^(\d{1,2})\/(\d{1,7})$/.exec(key);
  if (!m) return undefined;
  const node = { level: Number(m[1]), index: Number(m[2]) };
  return node.level <= treeHeight && node.index < 2 ** (treeHeight - node.level) ? node : undefined;
}

export interface Duty {
  /** Committee rank, -1 when not a member. */
  readonly rank: number;
  /** Nodes this key may be credited for, bottom-up (leaves first). */
  readonly nodes: readonly TreeNode[];
  /** Transcript chunks to fetch: the header chunk (0), then 1 + i for each leaf i proven. */
  readonly chunks: readonly number[];
}

/** What `publicKeyHex` must do for `block`: its rank, its nodes, the chunks they need. */
export function dutyOf(block: OpenBlock, assignment: Assignment, publicKeyHex: string): Duty {
  const me = unprefix(publicKeyHex);
  const rank = block.committee.indexOf(me);
  if (rank < 0) return { rank, nodes: [], chunks: [] };
  const nodes = [...assignment.memberNodes(me)].sort((a, b) => a.level - b.level || a.index - b.index);
  const leaves = nodes.filter((n) => n.level === 0).map((n) => 1 + n.index);
  return { rank, nodes, chunks: [0, ...leaves] };
}

/** A result someone announced, with what this node learned of it. */
export interface Candidate {
  readonly node: TreeNode;
  readonly prover: string;
  readonly digest: Uint8Array;
  readonly holder: string;
  readonly children?: readonly [Uint8Array, Uint8Array];
  /** Arrival order at this node. */
  readonly seq: number;
  /** The fetched, digest-checked and proof-checked payload; absent until then. */
  payload?: Uint8Array;
  /** Set when fetching or checking failed: never tried again. */
  rejected?: string;
  /** Why the last fetch did not reach the payload (tried again on a later call). */
  lastFetchError?: string;
}

/**
 * Which result of a node to build on. A final proof must carry, at every node the L1 pinned (its
 * first timely reveal, or the sequencer's gap fill), the pinned prover's result: so a pinned node
 * takes only that prover's checked payload. An unpinned node takes a cover by someone the
 * assignment does not credit there (the sequencer after its timeout); an assigned prover's result
 * that is not pinned was not timely, or is not pinned yet: it is not built on. Undefined while
 * nothing qualifies.
 */
export function pickCandidate(
  assignment: Assignment,
  candidates: readonly Candidate[],
  pinnedProver?: string,
): Candidate | undefined {
  const ready = candidates.filter((c) => c.payload && !c.rejected).sort((a, b) => a.seq - b.seq);
  if (pinnedProver !== undefined) return ready.find((c) => c.prover === pinnedProver);
  return ready.find((c) => !assignment.isCreditable(c.node, c.prover));
}

/** The L1's pins of the open block, by node key (prover as lowercase hex). */
export function pinsOf(view: {
  pins?: ReadonlyArray<{ level: number; index: number; prover: string }>;
}): Map<string, string> {
  return new Map((view.pins ?? []).map((p) => [nodeKey(p), unprefix(p.prover)]));
}

/** Node key → the pinned result's proof digest (hex), whose payload the L1 checked before pinning. */
export function pinnedDigestsOf(view: {
  pins?: ReadonlyArray<{ level: number; index: number; digest?: string }>;
}): Map<string, string> {
  return new Map(
    (view.pins ?? []).flatMap((p) => (p.digest === undefined ? [] : [[nodeKey(p), unprefix(p.digest)] as const])),
  );
}

/** The two children of a merge node and their kinds. */
export function childNodes(node: TreeNode): [TreeNode, TreeNode] {
  return children(node);
}

export function kindOf(node: TreeNode): 'base' | 'merge' {
  return nodeKind(node);
}

export { bytesToHex };
