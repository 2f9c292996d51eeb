// Block building: apply candidates in order, drop (and report) the ones the state rules reject,
// pad with empty transactions to 2^k leaves, and record for every leaf its start/end snapshots
// and the hints against the state left by the previous leaf.
import { BlockBuildError } from './errors.js';
import type { RollupState } from './state.js';
import { emptyTransaction, transactionEffectsHash } from './transaction.js';
import type { BlockBuildResult, LeafWitness, RejectedTransaction, Transaction } from './types.js';

export interface BuildBlockOptions {
  /** Tree height k: the block has 2^k leaves. */
  height: number;
}

/** Largest block height accepted (2^16 leaves). */
export const MAX_BLOCK_HEIGHT = 16;

/**
 * Builds a block on `state`, which advances to the block's end state. A rejected candidate
 * leaves the state untouched and lands in `rejected` with its named error
 * (InvalidTransactionError, DuplicateNullifierError, TreeFullError).
 */
export function buildBlock(
  state: RollupState,
  candidates: readonly Transaction[],
  options: BuildBlockOptions,
): BlockBuildResult {
  const { height } = options;
  if (!Number.isInteger(height) || height < 0 || height > MAX_BLOCK_HEIGHT)
    throw new BlockBuildError(`block height ${height} is not an integer in [0, ${MAX_BLOCK_HEIGHT}]`);
  const size = 2 ** height;
  if (candidates.length > size)
    throw new BlockBuildError(`${candidates.length} candidate transactions do not fit a block of ${size} leaves`);
  const params = state.params;
  // Every leaf, padding included, appends K note-hash slots: make sure the whole block fits.
  const slotsNeeded = size * params.maxNoteHashesPerTx;
  if (state.noteHashTree.nextIndex + slotsNeeded > 2 ** params.noteHashTreeDepth)
    throw new BlockBuildError(
      `note-hash tree has room for ${2 ** params.noteHashTreeDepth - state.noteHashTree.nextIndex} slots, a block of ${size} leaves needs ${slotsNeeded}`,
    );

  const start = state.snapshot();
  const leaves: LeafWitness[] = [];
  const rejected: RejectedTransaction[] = [];
  let fee = 0n;

  const addLeaf = (tx: Transaction, isPadding: boolean) => {
    const leafStart = state.snapshot();
    const hints = state.apply(tx);
    const feeEnd = fee + tx.fee;
    leaves.push({
      leafIndex: leaves.length,
      isPadding,
      start: leafStart,
      end: state.snapshot(),
      tx,
      hints,
      effectsHash: transactionEffectsHash(state.hasher, tx, params),
      accumulatedFeeStart: fee,
      accumulatedFeeEnd: feeEnd,
    });
    fee = feeEnd;
  };

  candidates.forEach((tx, candidateIndex) => {
    try {
      state.checkApplicable(tx);
    } catch (error) {
      rejected.push({ candidateIndex, tx, error: error as Error });
      return;
    }
    addLeaf(tx, false);
  });
  while (leaves.length < size) addLeaf(emptyTransaction(), true);

  return { height, start, end: state.snapshot(), leaves, rejected, totalFee: fee };
}
