// A sparse fixed-depth Merkle tree: only nodes that differ from the empty subtree are stored, so
// a depth-20 tree costs nothing up front and memory grows with the filled leaves only.
import type { FieldHasher } from './hasher.js';
import { zeroHashes } from './merkle.js';

export class SparseMerkleTree {
  /** nodes[level] maps a position on that level to its hash; level 0 = leaves, level depth = root. */
  private readonly nodes: Map<number, bigint>[];
  private readonly zeros: readonly bigint[];

  constructor(
    readonly hasher: FieldHasher,
    readonly depth: number,
    nodes?: Map<number, bigint>[],
  ) {
    this.zeros = zeroHashes(hasher, depth);
    this.nodes = nodes ?? Array.from({ length: depth + 1 }, () => new Map<number, bigint>());
  }

  get capacity(): number {
    return 2 ** this.depth;
  }

  get root(): bigint {
    return this.node(this.depth, 0);
  }

  node(level: number, index: number): bigint {
    return this.nodes[level]!.get(index) ?? this.zeros[level]!;
  }

  leaf(index: number): bigint {
    this.checkIndex(index, 0);
    return this.node(0, index);
  }

  /** Sets a leaf and rehashes its path to the root (depth hashes). */
  setLeaf(index: number, value: bigint): void {
    this.setNode(0, index, value);
  }

  /** Sets a node at any level (a whole subtree's root) and rehashes the path above it. */
  setNode(level: number, index: number, value: bigint): void {
    this.checkIndex(index, level);
    this.store(level, index, value);
    let acc = value;
    let idx = index;
    for (let l = level; l < this.depth; l++) {
      const sibling = this.node(l, idx ^ 1);
      acc = idx % 2 === 0 ? this.hasher.hash2(acc, sibling) : this.hasher.hash2(sibling, acc);
      idx = Math.floor(idx / 2);
      this.store(l + 1, idx, acc);
    }
  }

  /** Sets consecutive leaves from `start` and rehashes the affected nodes once (≈ n + depth hashes). */
  setLeaves(start: number, values: readonly bigint[]): void {
    if (values.length === 0) return;
    this.checkIndex(start, 0);
    this.checkIndex(start + values.length - 1, 0);
    values.forEach((v, i) => this.store(0, start + i, v));
    let lo = start;
    let hi = start + values.length - 1;
    for (let l = 0; l < this.depth; l++) {
      lo = Math.floor(lo / 2);
      hi = Math.floor(hi / 2);
      for (let idx = lo; idx <= hi; idx++) {
        this.store(l + 1, idx, this.hasher.hash2(this.node(l, 2 * idx), this.node(l, 2 * idx + 1)));
      }
    }
  }

  /** Siblings of the node at (level, index), from that level up to just below the root. */
  siblingPath(index: number, level = 0): bigint[] {
    this.checkIndex(index, level);
    const path: bigint[] = [];
    let idx = index;
    for (let l = level; l < this.depth; l++) {
      path.push(this.node(l, idx ^ 1));
      idx = Math.floor(idx / 2);
    }
    return path;
  }

  /** An independent copy (the builder works on copies so a failed block leaves state intact). */
  clone(): SparseMerkleTree {
    return new SparseMerkleTree(
      this.hasher,
      this.depth,
      this.nodes.map((m) => new Map(m)),
    );
  }

  /** Number of stored (non-empty) nodes: the memory the tree actually holds. */
  get storedNodeCount(): number {
    return this.nodes.reduce((n, m) => n + m.size, 0);
  }

  private store(level: number, index: number, value: bigint): void {
    // Keep only nodes that differ from the empty subtree.
    if (value === this.zeros[level]) this.nodes[level]!.delete(index);
    else this.nodes[level]!.set(index, value);
  }

  private checkIndex(index: number, level: number): void {
    const width = 2 ** (this.depth - level);
    if (!Number.isInteger(index) || index < 0 || index >= width)
      throw new RangeError(`index ${index} is outside level ${level} of a depth-${this.depth} tree (width ${width})`);
  }
}
