// The base-rollup circuit's statement as the block verifier reads it, and the two values every
// leaf is proven against: the block constants hash and the prover key hash.
//
// - constantsHash = the block commitment sha256(encodeHeader(header) ‖ transcriptRoot) read
//   big-endian, reduced mod r. It binds every header field (chain, block number, slot, previous
//   block hash, k, n, assignment, start state, threshold) and the transcript, so a leaf proven for
//   one block commitment is useless for any other.
// - proverKeyHash = sha256("fernet/prover-key/v1" ‖ 48-byte BLS public key) big-endian, mod r.
import { readUintBE, sha256 } from '../protocol/bytes.js';
import { blockCommitment, type BlockHeader, type StateSnapshot as HeaderSnapshot } from '../protocol/header.js';
import { PUBLIC_INDEX, BASE_ROLLUP_PUBLIC_INPUTS } from '../rollup/circuit/public-inputs.js';
import type { BlockContext, LeafStatement } from './block-verifier.js';
import { frMod } from '../kernel/field.js';

export function blockConstantsHash(header: BlockHeader, transcriptRoot: Uint8Array): bigint {
  return frMod(readUintBE(blockCommitment(header, transcriptRoot)));
}

const PROVER_KEY_TAG = new TextEncoder().encode('fernet/prover-key/v1');

export function proverKeyHash(publicKey: Uint8Array): bigint {
  return frMod(readUintBE(sha256(PROVER_KEY_TAG, publicKey)));
}

/** State carried from leaf to leaf: both tree snapshots and the accumulated fee. */
const START = [
  'startNoteHashRoot',
  'startNoteHashNextIndex',
  'startNullifierRoot',
  'startNullifierNextIndex',
  'accumulatedFeeStart',
] as const;
const END = [
  'endNoteHashRoot',
  'endNoteHashNextIndex',
  'endNullifierRoot',
  'endNullifierNextIndex',
  'accumulatedFeeEnd',
] as const;

export const baseRollupStatement: LeafStatement = {
  numPublic: BASE_ROLLUP_PUBLIC_INPUTS.length,
  start: (x) => START.map((n) => x[PUBLIC_INDEX[n]]!),
  end: (x) => END.map((n) => x[PUBLIC_INDEX[n]]!),
  constants: (x) => [x[PUBLIC_INDEX.constantsHash]!],
  namesProver: (x, key) => x[PUBLIC_INDEX.proverKeyHash] === proverKeyHash(key),
};

/** The verifier's context for a committed block: the header's start state, a zero fee, the constants. */
export function baseRollupContext(header: BlockHeader, transcriptRoot: Uint8Array): BlockContext {
  const s = header.startState;
  return {
    treeHeight: header.treeHeight,
    startState: [s.noteRoot, BigInt(s.noteNextIndex), s.nullifierRoot, BigInt(s.nullifierNextIndex), 0n],
    constants: [blockConstantsHash(header, transcriptRoot)],
  };
}

/** Reads a chained state vector back as the header's snapshot type and the block's total fee. */
export function readChainedState(state: readonly bigint[]): { snapshot: HeaderSnapshot; totalFee: bigint } {
  return {
    snapshot: {
      noteRoot: state[0]!,
      noteNextIndex: Number(state[1]!),
      nullifierRoot: state[2]!,
      nullifierNextIndex: Number(state[3]!),
    },
    totalFee: state[4]!,
  };
}
