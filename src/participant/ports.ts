// The ports a participant runs on. The browser tab and the headless prover plug in different
// implementations (fetch L1 client everywhere; libp2p, HTTP or in-memory transport; a worker pool
// of Web Workers or worker_threads), and the participant's logic stays the same.
import type { L1Client } from '../l1/client.js';
import type { Topic } from './messages.js';

/** The L1 calls a participant makes (the fetch-based L1Client satisfies it). */
export type L1Port = Pick<
  L1Client,
  | 'status'
  | 'getAccount'
  | 'getBlock'
  | 'getElection'
  | 'register'
  | 'postBlock'
  | 'commitResult'
  | 'revealResult'
  | 'signOff'
  | 'submitProof'
  | 'claim'
>;

/** A transcript chunk with its encoded inclusion proof, exactly as a peer serves it (unverified). */
export interface ServedChunk {
  readonly chunk: Uint8Array;
  /** encodeInclusionProof bytes. */
  readonly proof: Uint8Array;
}

/** What this node serves to others: transcript chunks and result payloads it holds. */
export interface ServedData {
  chunk(blockCommitmentHex: string, index: number): ServedChunk | undefined;
  /** `node` as "level/index". */
  payload(blockCommitmentHex: string, node: string): Uint8Array | undefined;
}

export interface PeerTransport {
  /** This node's id on the transport (what announcements name as the holder). */
  readonly peerId: string;
  /** How bytes move: 'memory', 'http' or 'webrtc' (reported by the devnet). */
  readonly kind: string;
  publish(topic: Topic, message: Uint8Array): Promise<void>;
  /** Handler gets each message from other peers; returns an unsubscribe function. */
  subscribe(topic: Topic, handler: (message: Uint8Array, from: string) => void): () => void;
  serve(data: ServedData): void;
  /** Peers currently known (excluding this one). */
  peers(): string[];
  /** One chunk from one peer; undefined when it does not hold it. Bytes are unverified. */
  fetchChunk(peer: string, blockCommitmentHex: string, index: number): Promise<ServedChunk | undefined>;
  /** One payload from one peer; undefined when it does not hold it. Bytes are unverified. */
  fetchPayload(peer: string, blockCommitmentHex: string, node: string): Promise<Uint8Array | undefined>;
  close(): Promise<void>;
}

export interface LeafTask {
  /** encodeLeafChunk bytes, already checked against the transcript root. */
  readonly chunk: Uint8Array;
  readonly constantsHash: bigint;
  readonly proverKey: Uint8Array;
}

export interface MergeTask {
  /** The children's payloads (encoded LeafProof or MergeProof), already checked. */
  readonly left: Uint8Array;
  readonly right: Uint8Array;
  readonly leftKind: 'base' | 'merge';
  readonly rightKind: 'base' | 'merge';
  readonly mergerKey: Uint8Array;
}

export type PayloadCheck = { ok: true } | { ok: false; reason: string; message: string };

/** Proving and checking node payloads (a worker pool behind it). */
export interface ProverPort {
  /** Encoded LeafProof. */
  proveLeaf(task: LeafTask): Promise<Uint8Array>;
  /** Encoded MergeProof. */
  proveMerge(task: MergeTask): Promise<Uint8Array>;
  /**
   * Does a payload open its instance's commitments and satisfy the (relaxed) relation? What a
   * node checks before building on a payload someone else sent; fold consistency with the
   * children is left to whoever holds them and to the L1's verifier.
   */
  checkPayload(payload: Uint8Array, kind: 'base' | 'merge'): Promise<PayloadCheck>;
  close(): Promise<void>;
}
