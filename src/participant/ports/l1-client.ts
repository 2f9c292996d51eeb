// Port: what a staker needs from the L1. Reads are the API's JSON views; writes are signed with
// the staker's key and return the L1's receipt. The HTTP client (src/l1/client.ts) implements it
// over the network; InMemoryL1Client (./memory-l1-client.ts) calls an in-process L1 node.
//
// A rejected write throws the L1's named error: the rule error itself in process, an L1RpcError
// naming it over HTTP. `l1RejectionName` reads the name from either.
import type { ProofTransition } from '../../l1/client.js';
import { L1RpcError } from '../../l1/errors.js';
import type { AccountView, BlockView, ElectionView, ReceiptView, StakerView, StatusView } from '../../l1/views.js';
import type { SignOff, SignedResult, SignedResultCommitment } from '../../protocol/index.js';

export type { AccountView, BlockView, ElectionView, ProofTransition, ReceiptView, StakerView, StatusView };

export interface L1Reads {
  /** Slot, epoch, randao, head (number, hash, end state) and the open block, if any. */
  status(): Promise<StatusView>;
  getStaker(publicKey: Uint8Array): Promise<StakerView | null>;
  getStakers(): Promise<StakerView[]>;
  /** Next nonce and claimable balances. */
  getAccount(publicKey: Uint8Array): Promise<AccountView>;
  /** The latest attempt at this block number, or null. */
  getBlock(number: number): Promise<BlockView | null>;
  getBlocks(from: number, limit: number): Promise<BlockView[]>;
  getElection(committeeSize: number): Promise<ElectionView>;
}

export interface L1Writes {
  register(secretKey: Uint8Array, stake: bigint): Promise<ReceiptView>;
  exit(secretKey: Uint8Array): Promise<ReceiptView>;
  /** The sequencer's block commitment (header and transcript root). */
  postBlock(secretKey: Uint8Array, header: Uint8Array, transcriptRoot: Uint8Array): Promise<ReceiptView>;
  commitResult(secretKey: Uint8Array, commitment: SignedResultCommitment): Promise<ReceiptView>;
  /** `proofData` hashes to the result's proofDigest; the L1 checks it for the node before logging. */
  revealResult(secretKey: Uint8Array, result: SignedResult, proofData: Uint8Array): Promise<ReceiptView>;
  signOff(secretKey: Uint8Array, blockNumber: number, signOff: SignOff, committeeSize: number): Promise<ReceiptView>;
  submitProof(
    secretKey: Uint8Array,
    blockNumber: number,
    proof: Uint8Array,
    transition?: ProofTransition,
  ): Promise<ReceiptView>;
  claim(secretKey: Uint8Array): Promise<ReceiptView>;
}

export interface L1Client extends L1Reads, L1Writes {}

/** The L1's error name of a rejected call (StateRuleError, NonceError, ...), in process or over HTTP. */
export function l1RejectionName(error: unknown): string | undefined {
  if (error instanceof L1RpcError) return error.errorName;
  return error instanceof Error ? error.name : undefined;
}

/**
 * Did the L1 not answer? The request never reached it or its answer never came back (fetch
 * rejects with a TypeError: "Failed to fetch", "fetch failed"), or a gateway in front of it
 * answered 502–504. Any other error is an answer: the L1 refused the call, and sending it again
 * will not help.
 */
export function l1Unanswered(error: unknown): boolean {
  if (error instanceof L1RpcError) return error.status >= 502 && error.status <= 504;
  return error instanceof TypeError;
}
