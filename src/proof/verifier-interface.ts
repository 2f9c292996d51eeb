// What the simulated L1 calls to accept a block's final proof. The L1 passes what it holds for
// the block commitment (header, transcript root) and the end state of the last proven block.
import type { BlockHeader, StateSnapshot } from '../protocol/header.js';
import type { ProvedNode } from './block-verifier.js';
import type { RejectionReason } from './errors.js';

export interface CommittedBlock {
  readonly header: BlockHeader;
  readonly transcriptRoot: Uint8Array;
  /** The end state of the previous proven block (the genesis state for the first block). */
  readonly previousEndState: StateSnapshot;
}

export type BlockVerdict =
  | {
      readonly ok: true;
      readonly endState: StateSnapshot;
      /** Sum of the fees of every leaf. */
      readonly totalFee: bigint;
      /** Every node with the key of its prover, for crediting (leaves first, then merges bottom-up). */
      readonly provedNodes: readonly ProvedNode[];
    }
  | { readonly ok: false; readonly reason: RejectionReason | 'encoding' | 'oversized'; readonly message: string };

export interface BlockVerifier {
  /** Never throws for a bad proof: every refusal is a verdict with its reason. */
  verify(commitment: CommittedBlock, proofBytes: Uint8Array): Promise<BlockVerdict>;
}
