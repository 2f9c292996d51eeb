// The full rollup state (both trees) as a sequencer or full node holds it.
import { DuplicateNullifierError, TreeFullError } from './errors.js';
import type { FieldHasher } from './hasher.js';
import { NoteHashTree } from './note-hash-tree.js';
import { NullifierTree } from './nullifier-tree.js';
import { DEFAULT_ROLLUP_PARAMS, validateRollupParams } from './params.js';
import { padSlots, validateTransaction } from './transaction.js';
import type { LeafHints, RollupParams, StateSnapshot, Transaction } from './types.js';

export class RollupState {
  private constructor(
    readonly hasher: FieldHasher,
    readonly params: RollupParams,
    readonly noteHashTree: NoteHashTree,
    readonly nullifierTree: NullifierTree,
  ) {}

  /** Genesis: an empty note-hash tree and the nullifier tree holding only leaf (0, 0, 0). */
  static genesis(hasher: FieldHasher, params: RollupParams = DEFAULT_ROLLUP_PARAMS): RollupState {
    validateRollupParams(params);
    return new RollupState(
      hasher,
      { ...params },
      NoteHashTree.empty(hasher, params.noteHashTreeDepth),
      NullifierTree.empty(hasher, params.nullifierTreeDepth),
    );
  }

  snapshot(): StateSnapshot {
    return { noteHashTree: this.noteHashTree.snapshot(), nullifierTree: this.nullifierTree.snapshot() };
  }

  clone(): RollupState {
    return new RollupState(this.hasher, this.params, this.noteHashTree.clone(), this.nullifierTree.clone());
  }

  /**
   * Throws the named error that keeps tx out of the next leaf (shape, duplicate nullifier in the
   * state or within tx, full tree); changes nothing.
   */
  checkApplicable(tx: Transaction): void {
    validateTransaction(tx, this.params);
    const seen = new Set<bigint>();
    for (const v of tx.nullifiers) {
      if (seen.has(v))
        throw new DuplicateNullifierError(v, `nullifier 0x${v.toString(16)} appears twice in the transaction`);
      seen.add(v);
      if (this.nullifierTree.has(v))
        throw new DuplicateNullifierError(v, `nullifier 0x${v.toString(16)} is already in the nullifier tree`);
    }
    const k = this.params.maxNoteHashesPerTx;
    if (this.noteHashTree.nextIndex + k > 2 ** this.params.noteHashTreeDepth)
      throw new TreeFullError(`note-hash tree cannot take ${k} more slots (next index ${this.noteHashTree.nextIndex})`);
    if (this.nullifierTree.nextIndex + tx.nullifiers.length > this.nullifierTree.capacity)
      throw new TreeFullError(
        `nullifier tree cannot take ${tx.nullifiers.length} more leaves (next index ${this.nullifierTree.nextIndex})`,
      );
  }

  /** Applies tx (after checkApplicable) and returns the hints against the state before it. */
  apply(tx: Transaction): LeafHints {
    this.checkApplicable(tx);
    const noteHashAppend = this.noteHashTree.appendSubtree(padSlots(tx.noteHashes, this.params.maxNoteHashesPerTx));
    const nullifierInsertions = padSlots(tx.nullifiers, this.params.maxNullifiersPerTx).map((v) =>
      this.nullifierTree.insert(v),
    );
    return { noteHashAppend, nullifierInsertions };
  }
}
