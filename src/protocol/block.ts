// Everything a block header fixes once the active staker set is known: the roles and the
// assignment. The L1, the sequencer, every prover and the simulator derive them the same way.
import { buildAssignment, type Assignment } from './assignment.js';
import { bytesToHex, equalBytes } from './bytes.js';
import { elect, electWithSequencer, type Election } from './election.js';
import { HeaderError } from './errors.js';
import { validateHeader, type BlockHeader, type StateSnapshot } from './header.js';

export interface BlockPlan {
  readonly election: Election;
  readonly assignment: Assignment;
}

export interface PlanOptions {
  /** A designated sequencer (devnet): fixed instead of elected; the committee is drawn from the others. */
  readonly sequencer?: Uint8Array;
}

export function planBlock(
  header: BlockHeader,
  activeStakers: readonly Uint8Array[],
  options: PlanOptions = {},
): BlockPlan {
  validateHeader(header);
  const input = { prevBlockHash: header.prevBlockHash, slot: header.slot };
  const election = options.sequencer
    ? electWithSequencer(activeStakers, input, header.committeeSize, options.sequencer)
    : elect(activeStakers, input, header.committeeSize);
  if (header.signOffThreshold > election.committee.length) {
    throw new HeaderError(
      `sign-off threshold ${header.signOffThreshold} exceeds the elected committee of ${election.committee.length}`,
    );
  }
  return { election, assignment: buildAssignment(header.assignment, election.committee, header.treeHeight) };
}

/** The parent block a header must extend. */
export interface ParentBlock {
  readonly chainId: number;
  readonly blockNumber: number;
  readonly blockHash: Uint8Array;
  readonly slot: number;
  readonly endState: StateSnapshot;
}

/**
 * Checks the header extends its parent (same chain, next number, later slot, parent hash, start
 * state = parent's end state) and was posted by the elected sequencer. Throws HeaderError.
 */
export function assertHeaderExtends(
  header: BlockHeader,
  parent: ParentBlock,
  poster: Uint8Array,
  election: Election,
): void {
  validateHeader(header);
  if (header.chainId !== parent.chainId)
    throw new HeaderError(`header is for chain ${header.chainId}, expected ${parent.chainId}`);
  if (header.blockNumber !== parent.blockNumber + 1) {
    throw new HeaderError(`header block number ${header.blockNumber} does not follow parent ${parent.blockNumber}`);
  }
  if (header.slot <= parent.slot)
    throw new HeaderError(`header slot ${header.slot} is not after the parent's slot ${parent.slot}`);
  if (!equalBytes(header.prevBlockHash, parent.blockHash))
    throw new HeaderError('header prevBlockHash is not the parent block hash');
  const s = header.startState;
  const e = parent.endState;
  if (
    s.noteRoot !== e.noteRoot ||
    s.noteNextIndex !== e.noteNextIndex ||
    s.nullifierRoot !== e.nullifierRoot ||
    s.nullifierNextIndex !== e.nullifierNextIndex
  ) {
    throw new HeaderError("header start state is not the parent's end state");
  }
  if (!equalBytes(poster, election.sequencer.publicKey)) {
    throw new HeaderError(`header posted by ${bytesToHex(poster).slice(0, 16)}…, not the elected sequencer`);
  }
}
