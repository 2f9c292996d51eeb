// The append-only note-hash tree (stateful side, used by the builder and full nodes).
import { TreeFullError } from './errors.js';
import type { FieldHasher } from './hasher.js';
import { log2Exact } from './params.js';
import { SparseMerkleTree } from './sparse-tree.js';
import type { MembershipWitness, NoteHashAppendHint, TreeSnapshot } from './types.js';

export class NoteHashTree {
  private constructor(
    private readonly tree: SparseMerkleTree,
    private next: number,
  ) {}

  static empty(hasher: FieldHasher, depth: number): NoteHashTree {
    return new NoteHashTree(new SparseMerkleTree(hasher, depth), 0);
  }

  get depth(): number {
    return this.tree.depth;
  }

  get root(): bigint {
    return this.tree.root;
  }

  get nextIndex(): number {
    return this.next;
  }

  snapshot(): TreeSnapshot {
    return { root: this.tree.root, nextIndex: this.next };
  }

  leaf(index: number): bigint {
    return this.tree.leaf(index);
  }

  /** Appends one leaf at nextIndex. */
  append(value: bigint): MembershipWitness {
    if (this.next >= this.tree.capacity)
      throw new TreeFullError(`note-hash tree is full (capacity ${this.tree.capacity})`);
    const index = this.next;
    this.tree.setLeaf(index, value);
    this.next += 1;
    return this.membershipWitness(index);
  }

  /**
   * Appends K = slots.length slots (a power of two) as one subtree at nextIndex / K and returns
   * the hint: the subtree's sibling path, identical before and after the append.
   */
  appendSubtree(slots: readonly bigint[]): NoteHashAppendHint {
    const k = slots.length;
    const height = log2Exact(k);
    if (height < 0) throw new RangeError(`subtree size ${k} is not a power of two`);
    if (this.next % k !== 0) throw new RangeError(`next index ${this.next} is not aligned to a subtree of ${k} leaves`);
    if (this.next + k > this.tree.capacity)
      throw new TreeFullError(
        `note-hash tree cannot take ${k} more leaves (next index ${this.next}, capacity ${this.tree.capacity})`,
      );
    const subtreeIndex = this.next / k;
    const subtreeSiblingPath = this.tree.siblingPath(subtreeIndex, height);
    this.tree.setLeaves(this.next, slots);
    this.next += k;
    return { subtreeSiblingPath };
  }

  membershipWitness(index: number): MembershipWitness {
    if (!Number.isInteger(index) || index < 0 || index >= this.next)
      throw new RangeError(`note-hash leaf ${index} has not been appended (next index ${this.next})`);
    return { leafIndex: index, siblingPath: this.tree.siblingPath(index) };
  }

  clone(): NoteHashTree {
    return new NoteHashTree(this.tree.clone(), this.next);
  }

  get storedNodeCount(): number {
    return this.tree.storedNodeCount;
  }
}
