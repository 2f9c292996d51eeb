// The indexed nullifier tree (stateful side): leaves form a sorted linked list so that
// non-membership of v is proven by the one leaf that brackets it (the low leaf).
import { DuplicateNullifierError, TreeFullError } from './errors.js';
import type { FieldHasher } from './hasher.js';
import { GENESIS_NULLIFIER_LEAF, emptyNullifierInsertionHint, nullifierLeafHash } from './nullifier-rules.js';
import { SparseMerkleTree } from './sparse-tree.js';
import type { MembershipWitness, NullifierInsertionHint, NullifierLeaf, TreeSnapshot } from './types.js';

export interface LowLeafWitness {
  lowLeaf: NullifierLeaf;
  lowLeafIndex: number;
  siblingPath: bigint[];
}

export class NullifierTree {
  private constructor(
    private readonly tree: SparseMerkleTree,
    /** leaves[i] = the leaf at index i; contiguous from 0 (the tree only appends). */
    private readonly leaves: NullifierLeaf[],
    /** Sorted values with their leaf index, for the low-leaf search. */
    private readonly sorted: { value: bigint; index: number }[],
  ) {}

  /** The genesis tree: leaf (0, 0, 0) at index 0, next index 1. */
  static empty(hasher: FieldHasher, depth: number): NullifierTree {
    const tree = new SparseMerkleTree(hasher, depth);
    const genesis = { ...GENESIS_NULLIFIER_LEAF };
    tree.setLeaf(0, nullifierLeafHash(hasher, genesis));
    return new NullifierTree(tree, [genesis], [{ value: 0n, index: 0 }]);
  }

  get depth(): number {
    return this.tree.depth;
  }

  get root(): bigint {
    return this.tree.root;
  }

  get nextIndex(): number {
    return this.leaves.length;
  }

  snapshot(): TreeSnapshot {
    return { root: this.tree.root, nextIndex: this.leaves.length };
  }

  has(v: bigint): boolean {
    const pos = this.lowerBound(v);
    return pos < this.sorted.length && this.sorted[pos]!.value === v;
  }

  leaf(index: number): NullifierLeaf {
    const leaf = this.leaves[index];
    if (!leaf) throw new RangeError(`nullifier leaf ${index} does not exist (next index ${this.nextIndex})`);
    return { ...leaf };
  }

  membershipWitness(index: number): MembershipWitness {
    this.leaf(index);
    return { leafIndex: index, siblingPath: this.tree.siblingPath(index) };
  }

  /** The low leaf of a value not in the tree, with its path: a non-membership witness. */
  lowLeafWitness(v: bigint): LowLeafWitness {
    if (v === 0n || this.has(v))
      throw new DuplicateNullifierError(v, `nullifier 0x${v.toString(16)} is already in the nullifier tree`);
    const low = this.sorted[this.lowerBound(v) - 1]!;
    return {
      lowLeaf: { ...this.leaves[low.index]! },
      lowLeafIndex: low.index,
      siblingPath: this.tree.siblingPath(low.index),
    };
  }

  /** Inserts v (v = 0: nothing, empty hint) and returns the hint the light verifier checks. */
  insert(v: bigint): NullifierInsertionHint {
    if (v === 0n) return emptyNullifierInsertionHint(this.depth);
    const low = this.lowLeafWitness(v);
    const newIndex = this.leaves.length;
    if (newIndex >= this.tree.capacity)
      throw new TreeFullError(`nullifier tree is full (capacity ${this.tree.capacity})`);
    const hasher = this.tree.hasher;

    const updatedLow: NullifierLeaf = { value: low.lowLeaf.value, nextIndex: newIndex, nextValue: v };
    this.tree.setLeaf(low.lowLeafIndex, nullifierLeafHash(hasher, updatedLow));
    this.leaves[low.lowLeafIndex] = updatedLow;

    const newLeafSiblingPath = this.tree.siblingPath(newIndex);
    const newLeaf: NullifierLeaf = { value: v, nextIndex: low.lowLeaf.nextIndex, nextValue: low.lowLeaf.nextValue };
    this.tree.setLeaf(newIndex, nullifierLeafHash(hasher, newLeaf));
    this.leaves.push(newLeaf);
    this.sorted.splice(this.lowerBound(v), 0, { value: v, index: newIndex });

    return {
      lowLeaf: low.lowLeaf,
      lowLeafIndex: low.lowLeafIndex,
      lowLeafSiblingPath: low.siblingPath,
      newLeafSiblingPath,
    };
  }

  get capacity(): number {
    return this.tree.capacity;
  }

  clone(): NullifierTree {
    return new NullifierTree(
      this.tree.clone(),
      this.leaves.map((l) => ({ ...l })),
      this.sorted.map((e) => ({ ...e })),
    );
  }

  get storedNodeCount(): number {
    return this.tree.storedNodeCount;
  }

  /** First position in `sorted` whose value is ≥ v. */
  private lowerBound(v: bigint): number {
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.sorted[mid]!.value < v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
