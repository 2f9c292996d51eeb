// Public types of the rollup state layer: the contract the block builder, the light verifier, the
// base-rollup circuit and the transcript code all share. docs/rollup.md gives the exact layouts.
//
// Every field element is a bigint in [0, p) for the BN254 scalar field p (see ./field.ts).
// Tree indices are plain numbers (depths are at most 31, so indices fit a u32).
import type { StateSnapshot as HeaderSnapshot } from '../protocol/header.js';

/** Parameters of the state layer; every one is a protocol parameter (DESIGN.md §4). */
export interface RollupParams {
  /** Depth of the append-only note-hash tree [20]. */
  noteHashTreeDepth: number;
  /** Depth of the indexed nullifier tree [20]. */
  nullifierTreeDepth: number;
  /** K for note hashes [2]; a power of two: each transaction appends exactly K slots as one subtree. */
  maxNoteHashesPerTx: number;
  /** K for nullifiers [2]. */
  maxNullifiersPerTx: number;
  /** Largest opaque payload in bytes [32 KiB]. */
  maxPayloadBytes: number;
}

/** A tree as the circuit sees it: its root and the index of its first empty leaf. */
export interface TreeSnapshot {
  root: bigint;
  nextIndex: number;
}

/**
 * Both state trees: the start or end state of a base-rollup leaf. This is a derived, per-tree view
 * of the one state snapshot, the protocol's flat `StateSnapshot` (src/protocol/header.ts, what
 * headers, sign-offs and the L1 carry): the trees, the circuit and the hints work on one tree at a
 * time. `headerSnapshot` is the only conversion.
 */
export interface StateSnapshot {
  noteHashTree: TreeSnapshot;
  nullifierTree: TreeSnapshot;
}

/** The protocol's state snapshot of these trees (the one conversion from the per-tree view). */
export function headerSnapshot(s: StateSnapshot): HeaderSnapshot {
  return {
    noteRoot: s.noteHashTree.root,
    noteNextIndex: s.noteHashTree.nextIndex,
    nullifierRoot: s.nullifierTree.root,
    nullifierNextIndex: s.nullifierTree.nextIndex,
  };
}

/**
 * A transaction's effects. Lists hold only non-zero elements (zero marks an empty slot and is
 * reserved for padding); the effects hash and the circuit pad each list with zeros to K.
 */
export interface Transaction {
  /** At most maxNoteHashesPerTx non-zero field elements. */
  noteHashes: bigint[];
  /** At most maxNullifiersPerTx non-zero field elements. */
  nullifiers: bigint[];
  /** Unsigned 64-bit fee. */
  fee: bigint;
  /** Opaque payload (public call data), at most maxPayloadBytes; committed through sha256. */
  payload: Uint8Array;
}

/** A leaf of the indexed nullifier tree: a node of the sorted linked list of nullifiers. */
export interface NullifierLeaf {
  value: bigint;
  /** Index of the leaf holding nextValue, 0 when this is the largest value. */
  nextIndex: number;
  /** The next larger nullifier in the tree, 0 when none (0 stands for "infinity"). */
  nextValue: bigint;
}

/**
 * A Merkle membership witness: siblings from the leaf level upwards (siblingPath[0] is the
 * leaf's sibling). Bit i of leafIndex (least significant first) is 1 when the node at level i is
 * a right child.
 */
export interface MembershipWitness {
  leafIndex: number;
  siblingPath: bigint[];
}

/**
 * Hint for appending a transaction's K note-hash slots. The slots form one subtree of height
 * log2(K) at subtree index start.nextIndex / K; the path is that subtree's siblings
 * (length noteHashTreeDepth − log2 K). The path must open the empty subtree under the start root;
 * the same path with the filled subtree gives the new root.
 */
export interface NoteHashAppendHint {
  subtreeSiblingPath: bigint[];
}

/**
 * Hint for inserting one nullifier v, against the nullifier tree left by the previous slot.
 * - lowLeaf at lowLeafIndex opens under the current root with lowLeafSiblingPath, and
 *   lowLeaf.value < v < lowLeaf.nextValue (or lowLeaf.nextValue = 0): this proves v is absent.
 * - The low leaf becomes (value, nextIndex = current nextIndex, nextValue = v); the same path
 *   gives the intermediate root.
 * - newLeafSiblingPath opens the empty slot at the current nextIndex under the intermediate
 *   root; the same path with leaf (v, lowLeaf.nextIndex, lowLeaf.nextValue) gives the new root.
 * For a zero (padding) nullifier slot the hint is the canonical empty hint: every number and
 * path element zero (see emptyNullifierInsertionHint).
 */
export interface NullifierInsertionHint {
  lowLeaf: NullifierLeaf;
  lowLeafIndex: number;
  lowLeafSiblingPath: bigint[];
  newLeafSiblingPath: bigint[];
}

/** Everything a light participant needs besides the start snapshot and the transaction. */
export interface LeafHints {
  noteHashAppend: NoteHashAppendHint;
  /** Exactly maxNullifiersPerTx entries, slot i for nullifier i (empty hint past the list). */
  nullifierInsertions: NullifierInsertionHint[];
}

/** What the light verifier (and the base-rollup circuit) derives from (start, tx, hints). */
export interface LeafTransition {
  end: StateSnapshot;
  effectsHash: bigint;
}

/** One base-rollup leaf of a block, as the builder produces it. */
export interface LeafWitness {
  /** Position in the block's proof tree, 0 .. 2^k − 1. */
  leafIndex: number;
  /** True for the empty transactions that fill the block to 2^k leaves. */
  isPadding: boolean;
  start: StateSnapshot;
  end: StateSnapshot;
  tx: Transaction;
  hints: LeafHints;
  effectsHash: bigint;
  /** Sum of the fees of the leaves before this one; the end value adds tx.fee. */
  accumulatedFeeStart: bigint;
  accumulatedFeeEnd: bigint;
}

/** A candidate transaction the builder dropped, with the named error that says why. */
export interface RejectedTransaction {
  /** Position in the candidate list passed to the builder. */
  candidateIndex: number;
  tx: Transaction;
  error: Error;
}

export interface BlockBuildResult {
  /** Tree height k: the block has 2^k leaves. */
  height: number;
  start: StateSnapshot;
  end: StateSnapshot;
  leaves: LeafWitness[];
  rejected: RejectedTransaction[];
  totalFee: bigint;
}

/**
 * A leaf's transcript chunk: what travels to the participant who proves the leaf
 * (encoded by encodeLeafChunk; the end snapshot is derived, never sent).
 */
export type LeafChunk = Pick<LeafWitness, 'leafIndex' | 'start' | 'accumulatedFeeStart' | 'tx' | 'hints'>;
