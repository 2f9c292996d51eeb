// The L1Client port on an in-process L1 node: the same checks as over HTTP (schema, signature,
// nonce, rules, proof verification) without a socket. For tests, the simulator's staker runs and
// a single-process devnet.
import { signCall, type JsonValue } from '../../l1/auth.js';
import { callParams, type ProofTransition } from '../../l1/client.js';
import { accountId } from '../../l1/hex.js';
import type { L1Node } from '../../l1/node.js';
import {
  queryAccount,
  queryBlock,
  queryBlocks,
  queryElection,
  queryStaker,
  queryStakers,
  queryStatus,
} from '../../l1/queries.js';
import type { SignedMethodName } from '../../l1/methods.js';
import { receiptView } from '../../l1/views.js';
import {
  stakingKeyFromSecret,
  type SignOff,
  type SignedResult,
  type SignedResultCommitment,
} from '../../protocol/index.js';
import type { L1Client, ReceiptView } from './l1-client.js';

/** Views cross this port as JSON, exactly as they would over HTTP (no shared mutable objects). */
const asJson = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

export class InMemoryL1Client implements L1Client {
  constructor(readonly node: L1Node) {}

  async status() {
    return asJson(queryStatus(this.node.state));
  }
  async getStaker(publicKey: Uint8Array) {
    return asJson(queryStaker(this.node.state, accountId(publicKey)));
  }
  async getStakers() {
    return asJson(queryStakers(this.node.state));
  }
  async getAccount(publicKey: Uint8Array) {
    return asJson(queryAccount(this.node.state, accountId(publicKey)));
  }
  async getBlock(number: number) {
    return asJson(queryBlock(this.node.state, number));
  }
  async getBlocks(from: number, limit: number) {
    return asJson(queryBlocks(this.node.state, from, limit));
  }
  async getElection(committeeSize: number) {
    return asJson(queryElection(this.node.state, committeeSize));
  }

  /** Moves the node's clock (what l1_devAdvanceSlots does on a dev server). */
  async devAdvanceSlots(slots: number): Promise<ReceiptView> {
    return asJson(receiptView(await this.node.advanceSlots(slots)));
  }

  private async send(
    secretKey: Uint8Array,
    method: SignedMethodName,
    params: Record<string, JsonValue>,
  ): Promise<ReceiptView> {
    const { publicKey } = stakingKeyFromSecret(secretKey);
    const nonce = this.node.state.nextNonce(accountId(publicKey));
    const call = signCall(secretKey, this.node.chainId, method, nonce, params);
    return asJson(receiptView(await this.node.call(method, asJson(call))));
  }

  register(secretKey: Uint8Array, stake: bigint) {
    return this.send(secretKey, 'l1_register', callParams.register(secretKey, stake));
  }
  exit(secretKey: Uint8Array) {
    return this.send(secretKey, 'l1_exit', {});
  }
  postBlock(secretKey: Uint8Array, header: Uint8Array, transcriptRoot: Uint8Array) {
    return this.send(secretKey, 'l1_postBlock', callParams.postBlock(header, transcriptRoot));
  }
  commitResult(secretKey: Uint8Array, commitment: SignedResultCommitment) {
    return this.send(secretKey, 'l1_commitResult', callParams.commitResult(commitment));
  }
  revealResult(secretKey: Uint8Array, result: SignedResult, proofData: Uint8Array) {
    return this.send(secretKey, 'l1_revealResult', callParams.revealResult(result, proofData));
  }
  signOff(secretKey: Uint8Array, blockNumber: number, signOff: SignOff, committeeSize: number) {
    return this.send(secretKey, 'l1_signOff', callParams.signOff(blockNumber, signOff, committeeSize));
  }
  submitProof(secretKey: Uint8Array, blockNumber: number, proof: Uint8Array, transition?: ProofTransition) {
    return this.send(secretKey, 'l1_submitProof', callParams.submitProof(blockNumber, proof, transition));
  }
  claim(secretKey: Uint8Array) {
    return this.send(secretKey, 'l1_claim', {});
  }
}
