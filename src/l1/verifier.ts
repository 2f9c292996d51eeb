// The L1's hook for final proofs. The L1 hands the verifier the open block commitment and the
// submitted bytes; the verifier says whether they prove the block and, if so, the block's end
// state and which prover key produced each node (the leaf's public input, the merger key absorbed
// in each fold). The folding verifier of src/proof plugs in behind this interface.
import type { BlockHeader, ProvedNode, ResultEnvelope, StateSnapshot } from '../protocol/index.js';

export interface BlockCommitmentView {
  readonly number: number;
  readonly header: BlockHeader;
  readonly transcriptRoot: Uint8Array;
  readonly commitment: Uint8Array;
  readonly sequencer: string;
  /** Committee accounts by rank. */
  readonly committee: readonly string[];
}

export type VerifyOutcome =
  | { readonly valid: true; readonly endState: StateSnapshot; readonly provedNodes: readonly ProvedNode[] }
  | { readonly valid: false; readonly reason: string };

/** What a revealed result's data establishes: the node's instance and, for a merge, its children's. */
export type ResultCheck =
  | { readonly valid: true; readonly instance: string; readonly children?: readonly [string, string] }
  | { readonly valid: false; readonly reason: string };

export interface BlockVerifier {
  verify(commitment: BlockCommitmentView, proofBytes: Uint8Array): Promise<VerifyOutcome>;
  /**
   * Checks one revealed result's data (already matched to its digest) for its node, prover and
   * block: a leaf's instance binds its key; a merge's instance is the fold of the children
   * instances its data names under its own key. A verifier without it leaves the instance at the
   * data's digest and names no children (the L1 then pins prover keys only).
   */
  checkResult?(commitment: BlockCommitmentView, result: ResultEnvelope, proofData: Uint8Array): Promise<ResultCheck>;
}
