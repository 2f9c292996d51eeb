// The light verifier: from a leaf's start snapshot, its transaction and its hints, derive the end
// snapshot and the effects hash, or throw InvalidLeafWitnessError. No state is needed. This is
// exactly the relation the base-rollup circuit constrains.
import { InvalidLeafWitnessError, InvalidTransactionError } from './errors.js';
import type { FieldHasher } from './hasher.js';
import { applyNoteHashAppend } from './note-hash-rules.js';
import { applyNullifierInsertion } from './nullifier-rules.js';
import { DEFAULT_ROLLUP_PARAMS } from './params.js';
import { padSlots, transactionEffectsHash, validateTransaction } from './transaction.js';
import type { LeafHints, LeafTransition, LeafWitness, RollupParams, StateSnapshot, Transaction } from './types.js';

export function verifyLeafTransition(
  hasher: FieldHasher,
  start: StateSnapshot,
  tx: Transaction,
  hints: LeafHints,
  params: RollupParams = DEFAULT_ROLLUP_PARAMS,
): LeafTransition {
  try {
    validateTransaction(tx, params);
  } catch (e) {
    if (e instanceof InvalidTransactionError)
      throw new InvalidLeafWitnessError(`transaction is malformed: ${e.message}`);
    throw e;
  }
  if (hints.nullifierInsertions.length !== params.maxNullifiersPerTx)
    throw new InvalidLeafWitnessError(
      `hints carry ${hints.nullifierInsertions.length} nullifier insertions, expected ${params.maxNullifiersPerTx}`,
    );

  const noteHashTree = applyNoteHashAppend(
    hasher,
    params.noteHashTreeDepth,
    start.noteHashTree,
    padSlots(tx.noteHashes, params.maxNoteHashesPerTx),
    hints.noteHashAppend,
  );

  // Nullifiers go in one by one, slot order; each hint is against the tree left by the previous
  // slot, so a repeat within the transaction fails like any duplicate.
  let nullifierTree = start.nullifierTree;
  padSlots(tx.nullifiers, params.maxNullifiersPerTx).forEach((v, i) => {
    try {
      nullifierTree = applyNullifierInsertion(
        hasher,
        params.nullifierTreeDepth,
        nullifierTree,
        v,
        hints.nullifierInsertions[i]!,
      );
    } catch (e) {
      if (e instanceof InvalidLeafWitnessError) throw new InvalidLeafWitnessError(`nullifier slot ${i}: ${e.message}`);
      throw e;
    }
  });

  return { end: { noteHashTree, nullifierTree }, effectsHash: transactionEffectsHash(hasher, tx, params) };
}

export function snapshotsEqual(a: StateSnapshot, b: StateSnapshot): boolean {
  return (
    a.noteHashTree.root === b.noteHashTree.root &&
    a.noteHashTree.nextIndex === b.noteHashTree.nextIndex &&
    a.nullifierTree.root === b.nullifierTree.root &&
    a.nullifierTree.nextIndex === b.nullifierTree.nextIndex
  );
}

/**
 * Checks a whole sequence of leaves as L1 would: each leaf's claimed end and effects hash match
 * the light verifier, fees accumulate, and each leaf starts where the previous one ended
 * (the first one at `start`). Returns the final snapshot.
 */
export function verifyLeafChain(
  hasher: FieldHasher,
  start: StateSnapshot,
  leaves: readonly LeafWitness[],
  params: RollupParams = DEFAULT_ROLLUP_PARAMS,
): StateSnapshot {
  let state = start;
  let fee = 0n;
  leaves.forEach((leaf, i) => {
    if (leaf.leafIndex !== i) throw new InvalidLeafWitnessError(`leaf at position ${i} claims index ${leaf.leafIndex}`);
    if (!snapshotsEqual(leaf.start, state))
      throw new InvalidLeafWitnessError(`leaf ${i} does not start where leaf ${i - 1} ended`);
    if (leaf.accumulatedFeeStart !== fee)
      throw new InvalidLeafWitnessError(
        `leaf ${i} starts with accumulated fee ${leaf.accumulatedFeeStart}, expected ${fee}`,
      );
    const t = verifyLeafTransition(hasher, leaf.start, leaf.tx, leaf.hints, params);
    if (!snapshotsEqual(t.end, leaf.end))
      throw new InvalidLeafWitnessError(`leaf ${i}: claimed end snapshot differs from the derived one`);
    if (t.effectsHash !== leaf.effectsHash)
      throw new InvalidLeafWitnessError(`leaf ${i}: claimed effects hash differs from the derived one`);
    fee += leaf.tx.fee;
    if (leaf.accumulatedFeeEnd !== fee)
      throw new InvalidLeafWitnessError(
        `leaf ${i} ends with accumulated fee ${leaf.accumulatedFeeEnd}, expected ${fee}`,
      );
    state = t.end;
  });
  return state;
}
