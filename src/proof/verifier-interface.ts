// The one block-verifier interface and verdict. The simulated L1 calls it to accept a block's final
// proof and to check revealed results; the folding verifier of this layer and the L1's simulated
// proofs implement it. It lives here, not in the L1, because its verdict carries the proof system's
// refusal codes and the L1 sits above proof (src/l1/verifier.ts re-exports it): docs/architecture.md.
import type { BlockHeader, StateSnapshot } from '../protocol/header.js';
import type { ProvedNode } from '../protocol/credit.js';
import type { ResultEnvelope } from '../protocol/index.js';
import type { RejectionReason } from './errors.js';

/** What a proof is checked against: the block as committed. */
export interface CommittedBlock {
  readonly header: BlockHeader;
  readonly transcriptRoot: Uint8Array;
  /**
   * The end state of the previous proven block (the genesis state for the first block) [the
   * header's start state: the L1 checked it against its head when the block was posted].
   */
  readonly previousEndState?: StateSnapshot;
}

/** The L1's view of an open block commitment, as the L1 hands it to its verifier. */
export interface BlockCommitmentView extends CommittedBlock {
  readonly number: number;
  readonly commitment: Uint8Array;
  readonly sequencer: string;
  /** Committee accounts by rank. */
  readonly committee: readonly string[];
}

/** Why a verifier refused: a proof-system reason, bytes that do not decode, or too many bytes. */
export type RefusalCode = RejectionReason | 'encoding' | 'oversized';

export type BlockVerdict =
  | {
      readonly valid: true;
      readonly endState: StateSnapshot;
      /** Every node with the key of its prover, for crediting (leaves first, then merges bottom-up). */
      readonly provedNodes: readonly ProvedNode[];
      /** Sum of the fees of every leaf (the folding verifier reads it from the chained state). */
      readonly totalFee?: bigint;
    }
  | {
      readonly valid: false;
      /** `code: message`, for people and the L1's ProofRejectedError. */
      readonly reason: string;
      readonly code?: RefusalCode;
    };

/** What a revealed result's data establishes: the node's instance and, for a merge, its children's. */
export type ResultCheck =
  | { readonly valid: true; readonly instance: string; readonly children?: readonly [string, string] }
  | { readonly valid: false; readonly reason: string };

export interface BlockVerifier<B extends CommittedBlock = BlockCommitmentView> {
  /** Never throws for a bad proof: every refusal is a verdict with its reason. */
  verify(block: B, proofBytes: Uint8Array): Promise<BlockVerdict>;
  /**
   * Checks one revealed result's data (already matched to its digest) for its node, prover and
   * block: a leaf's instance binds its key; a merge's instance is the fold of the children
   * instances its data names under its own key. A verifier without it leaves the instance at the
   * data's digest and names no children (the L1 then pins prover keys only).
   */
  checkResult?(block: B, result: ResultEnvelope, proofData: Uint8Array): Promise<ResultCheck>;
}
