// Port: the peer-to-peer network as a participant sees it. Gossip carries the protocol's small
// signed messages (block announcements, result commitments, results, sign-offs, peer links);
// request/response fetches a transcript chunk with its inclusion proof, or a child's witness
// payload (MBs in stage 1). Everything received is untrusted bytes: the caller decodes and checks
// it (a chunk against the transcript root, a payload against the revealed result) and reports a
// peer that sent bad data. The libp2p implementation lives in src/net; MemoryTransport
// (./memory-transport.ts) connects transports in one process through a hub.
import type { ProvenChunk } from '../../rollup/transcript.js';

/** A peer's identity on the transport (libp2p: the peer id string). */
export type PeerId = string;

/** Gossip topics; versioned so an incompatible encoding gets a new topic. */
export const TOPICS = {
  blocks: 'fernet/blocks/v1',
  resultCommitments: 'fernet/result-commitments/v1',
  results: 'fernet/results/v1',
  signOffs: 'fernet/sign-offs/v1',
  peerLinks: 'fernet/peer-links/v1',
} as const;

export type Topic = (typeof TOPICS)[keyof typeof TOPICS];

export const ALL_TOPICS: readonly Topic[] = Object.values(TOPICS);

export interface GossipMessage {
  readonly topic: Topic;
  readonly data: Uint8Array;
  /** The peer that forwarded it to us (not necessarily its author: authorship is in the signed bytes). */
  readonly from: PeerId;
}

export type GossipHandler = (message: GossipMessage) => void;

export interface ChunkRequest {
  /** The block commitment whose transcript holds the chunk. */
  readonly commitment: Uint8Array;
  /** Chunk index in the transcript (0 = header, 1 + i = leaf i). */
  readonly index: number;
}

/** A chunk and its inclusion proof, which the caller checks against the block's transcript root (checkTranscriptChunk). */
export type ChunkResponse = ProvenChunk;

export interface PayloadRequest {
  readonly commitment: Uint8Array;
  /** The tree node whose result payload (stage 1: instance and witness) is asked for. */
  readonly level: number;
  readonly index: number;
}

export interface RequestOptions {
  /** Aborting rejects the request with the signal's reason. */
  readonly signal?: AbortSignal;
  /** Ask this peer only (dialled if not connected); otherwise connected peers are asked one by one until one answers. */
  readonly peer?: PeerId;
}

/** Serves requests; null means "I do not have it" (the requester asks the next peer). */
export type ChunkProvider = (
  request: ChunkRequest,
  from: PeerId,
) => Promise<ChunkResponse | null> | ChunkResponse | null;
export type PayloadProvider = (request: PayloadRequest, from: PeerId) => Promise<Uint8Array | null> | Uint8Array | null;

/**
 * Why a peer is reported. Provable misbehaviour (bad bytes that fail a check) bans the peer at
 * once; a timeout costs score and bans after repeats (see PEER_SCORE).
 */
export type PeerOffence = 'invalid-message' | 'bad-chunk' | 'bad-payload' | 'timeout';

export const PEER_SCORE = {
  /** A peer at or below this score is disconnected and never asked again. */
  banAt: -100,
  penalty: { 'invalid-message': -100, 'bad-chunk': -100, 'bad-payload': -100, timeout: -25 },
} as const satisfies { banAt: number; penalty: Record<PeerOffence, number> };

export interface PeerTransport {
  readonly peerId: PeerId;
  start(): Promise<void>;
  /** Idempotent. After stop every call except start/stop throws TransportStoppedError. */
  stop(): Promise<void>;
  /** Peers we are connected to (banned peers excluded). */
  peers(): PeerId[];

  /** Publishes to every subscriber of the topic on other peers (never echoed to ourselves). */
  publish(topic: Topic, data: Uint8Array): Promise<void>;
  /** Returns the unsubscribe function. */
  subscribe(topic: Topic, handler: GossipHandler): () => void;

  /** Throws NoProviderError when no asked peer has the chunk. */
  fetchChunk(request: ChunkRequest, options?: RequestOptions): Promise<ChunkResponse & { from: PeerId }>;
  serveChunks(provider: ChunkProvider): void;
  /** Throws NoProviderError when no asked peer has the payload. */
  fetchPayload(request: PayloadRequest, options?: RequestOptions): Promise<{ bytes: Uint8Array; from: PeerId }>;
  servePayloads(provider: PayloadProvider): void;

  reportPeer(peer: PeerId, offence: PeerOffence): void;
}

export class TransportStoppedError extends Error {
  override name = 'TransportStoppedError';
}

/** No asked peer had what was requested (or none is connected). */
export class NoProviderError extends Error {
  override name = 'NoProviderError';
}

/** A topic this transport does not carry. */
export class UnknownTopicError extends Error {
  override name = 'UnknownTopicError';
}

export function assertTopic(topic: string): asserts topic is Topic {
  if (!(ALL_TOPICS as readonly string[]).includes(topic))
    throw new UnknownTopicError(`unknown gossip topic "${topic}"; topics: ${ALL_TOPICS.join(', ')}`);
}

/** Rejects with the signal's reason once it is aborted (checked before and during the wait). */
export function abortable<T>(work: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return work;
  // The work may still settle after an abort; its outcome is then nobody's concern.
  work.catch(() => {});
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}
