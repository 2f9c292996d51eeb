// Typed client of the L1 HTTP API: fetch-based, so it runs unchanged in the browser and in Node.
// State-changing calls are signed with the caller's staking key; the nonce is fetched from the
// L1 unless given.
import {
  encodeResult,
  encodeResultCommitment,
  encodeSignOff,
  proveKeyPossession,
  stakingKeyFromSecret,
  type SignOff,
  type SignedResult,
  type SignedResultCommitment,
} from '../protocol/index.js';
import { signCall, type JsonValue, type SignedCall } from './auth.js';
import { L1RpcError } from './errors.js';
import { toHex } from './hex.js';
import type { AccountView, BlockView, ElectionView, ReceiptView, StakerView, StatusView } from './views.js';

export type { AccountView, BlockView, ElectionView, ReceiptView, StakerView, StatusView };

export interface L1ClientOptions {
  fetch?: typeof fetch;
  /** The chain id signed into every call; read from l1_status on first use when absent. */
  chainId?: number;
  /**
   * Retries of a request the L1 refused with 503 (busy with other large bodies, or its log
   * unavailable): the call was not applied, so sending it again, same nonce, is safe. Backoff
   * doubles from `baseMs` to `maxMs` with jitter [8 attempts, 200 ms, 3 s].
   */
  busyRetry?: { attempts: number; baseMs?: number; maxMs?: number };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class L1Client {
  private nextId = 1;
  private chainId: number | undefined;
  private readonly fetchImpl: typeof fetch;
  private readonly busyRetry: { attempts: number; baseMs: number; maxMs: number };

  constructor(
    readonly url: string,
    options: L1ClientOptions = {},
  ) {
    this.fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.chainId = options.chainId;
    this.busyRetry = { attempts: 8, baseMs: 200, maxMs: 3000, ...options.busyRetry };
  }

  /**
   * One JSON-RPC request; throws L1RpcError with the server's status, code and message. A 503
   * (not applied) is sent again after a backoff, up to `busyRetry.attempts` times.
   */
  async request<T>(method: string, params: unknown = {}): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.requestOnce<T>(method, params);
      } catch (e) {
        if (!(e instanceof L1RpcError) || e.status !== 503 || attempt >= this.busyRetry.attempts) throw e;
        const backoff = Math.min(this.busyRetry.maxMs, this.busyRetry.baseMs * 2 ** attempt);
        await sleep(backoff / 2 + Math.random() * (backoff / 2));
      }
    }
  }

  private async requestOnce<T>(method: string, params: unknown): Promise<T> {
    const id = this.nextId++;
    const response = await this.fetchImpl(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id, method, params }),
    });
    let body: { result?: T; error?: { code: number; message: string; data?: { name?: string } } };
    try {
      body = (await response.json()) as typeof body;
    } catch {
      throw new L1RpcError(`L1 answered HTTP ${response.status} without a JSON body`, response.status, -32603);
    }
    if (body.error) throw new L1RpcError(body.error.message, response.status, body.error.code, body.error.data?.name);
    if (!response.ok) throw new L1RpcError(`L1 answered HTTP ${response.status}`, response.status, -32603);
    return body.result as T;
  }

  // --- queries ---------------------------------------------------------------------------------

  status(): Promise<StatusView> {
    return this.request('l1_status');
  }
  getStaker(publicKey: Uint8Array): Promise<StakerView | null> {
    return this.request('l1_getStaker', { publicKey: toHex(publicKey) });
  }
  getStakers(): Promise<StakerView[]> {
    return this.request('l1_getStakers');
  }
  getAccount(publicKey: Uint8Array): Promise<AccountView> {
    return this.request('l1_getAccount', { publicKey: toHex(publicKey) });
  }
  getBlock(number: number): Promise<BlockView | null> {
    return this.request('l1_getBlock', { number });
  }
  getBlocks(from: number, limit: number): Promise<BlockView[]> {
    return this.request('l1_getBlocks', { from, limit });
  }
  getElection(committeeSize: number): Promise<ElectionView> {
    return this.request('l1_getElection', { committeeSize });
  }
  /** Only on servers started with devMethods. */
  devAdvanceSlots(slots: number): Promise<ReceiptView> {
    return this.request('l1_devAdvanceSlots', { slots });
  }

  // --- signed calls ----------------------------------------------------------------------------

  private async ensureChainId(): Promise<number> {
    this.chainId ??= (await this.status()).chainId;
    return this.chainId;
  }

  /** Signs and sends a state-changing call. */
  async send(
    secretKey: Uint8Array,
    method: string,
    params: Record<string, JsonValue>,
    nonce?: number,
  ): Promise<ReceiptView> {
    const call = await this.sign(secretKey, method, params, nonce);
    return this.request<ReceiptView>(method, call);
  }

  /** The signed call without sending it (for relaying, or to test replays). */
  async sign(
    secretKey: Uint8Array,
    method: string,
    params: Record<string, JsonValue>,
    nonce?: number,
  ): Promise<SignedCall> {
    const chainId = await this.ensureChainId();
    const { publicKey } = stakingKeyFromSecret(secretKey);
    const n = nonce ?? (await this.getAccount(publicKey)).nextNonce;
    return signCall(secretKey, chainId, method, n, params);
  }

  register(secretKey: Uint8Array, stake: bigint): Promise<ReceiptView> {
    return this.send(secretKey, 'l1_register', callParams.register(secretKey, stake));
  }
  exit(secretKey: Uint8Array): Promise<ReceiptView> {
    return this.send(secretKey, 'l1_exit', {});
  }
  postBlock(secretKey: Uint8Array, header: Uint8Array, transcriptRoot: Uint8Array): Promise<ReceiptView> {
    return this.send(secretKey, 'l1_postBlock', callParams.postBlock(header, transcriptRoot));
  }
  signOff(secretKey: Uint8Array, blockNumber: number, signOff: SignOff, committeeSize: number): Promise<ReceiptView> {
    return this.send(secretKey, 'l1_signOff', callParams.signOff(blockNumber, signOff, committeeSize));
  }
  commitResult(secretKey: Uint8Array, commitment: SignedResultCommitment): Promise<ReceiptView> {
    return this.send(secretKey, 'l1_commitResult', callParams.commitResult(commitment));
  }
  /** `proofData` must hash to the result's proofDigest; the L1 checks it for the node before logging. */
  revealResult(secretKey: Uint8Array, result: SignedResult, proofData: Uint8Array): Promise<ReceiptView> {
    return this.send(secretKey, 'l1_revealResult', callParams.revealResult(result, proofData));
  }
  submitProof(
    secretKey: Uint8Array,
    blockNumber: number,
    proof: Uint8Array,
    transition?: ProofTransition,
  ): Promise<ReceiptView> {
    return this.send(secretKey, 'l1_submitProof', callParams.submitProof(blockNumber, proof, transition));
  }
  claim(secretKey: Uint8Array): Promise<ReceiptView> {
    return this.send(secretKey, 'l1_claim', {});
  }
}

/** Training wheel: the committee's sign-off on the transition, sent with a final proof. */
export interface ProofTransition {
  signOff: SignOff;
  committeeSize: number;
}

/** The params of each signed call, as any client (HTTP or in-process) signs and sends them. */
export const callParams = {
  register: (secretKey: Uint8Array, stake: bigint): Record<string, JsonValue> => ({
    stake: stake.toString(),
    possessionProof: toHex(proveKeyPossession(secretKey)),
  }),
  postBlock: (header: Uint8Array, transcriptRoot: Uint8Array): Record<string, JsonValue> => ({
    header: toHex(header),
    transcriptRoot: toHex(transcriptRoot),
  }),
  signOff: (blockNumber: number, signOff: SignOff, committeeSize: number): Record<string, JsonValue> => ({
    blockNumber,
    signOff: toHex(encodeSignOff(signOff, committeeSize)),
  }),
  commitResult: (commitment: SignedResultCommitment): Record<string, JsonValue> => ({
    commitment: toHex(encodeResultCommitment(commitment)),
  }),
  revealResult: (result: SignedResult, proofData: Uint8Array): Record<string, JsonValue> => ({
    result: toHex(encodeResult(result)),
    proofData: toHex(proofData),
  }),
  submitProof: (blockNumber: number, proof: Uint8Array, transition?: ProofTransition): Record<string, JsonValue> => {
    const params: Record<string, JsonValue> = { blockNumber, proof: toHex(proof) };
    if (transition) params.transitionSignOff = toHex(encodeSignOff(transition.signOff, transition.committeeSize));
    return params;
  },
};
