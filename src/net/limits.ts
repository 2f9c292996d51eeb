// Protocol ids, topics and caps of the transport (docs/network.md lists them with their reasons).
import { ALL_TOPICS } from '../participant/ports/transport.js';

export const TRANSCRIPT_PROTOCOL = '/fernet/transcript/1.0.0';
export const PAYLOAD_PROTOCOL = '/fernet/payload/1.0.0';

/**
 * Gossip topics: the participant port's (blocks, result commitments, results, sign-offs, peer
 * links) plus this transport's own address announcements, which peers use to find each other's
 * /p2p-circuit/webrtc addresses.
 */
export const ADDRESSES_TOPIC = 'fernet/peer-addresses/v1';
export const NET_TOPICS: readonly string[] = [...ALL_TOPICS, ADDRESSES_TOPIC];

const MiB = 1024 * 1024;

export interface NetLimits {
  /** One length-prefixed message on any request protocol. */
  maxMessageBytes: number;
  /** One transcript chunk. */
  maxChunkBytes: number;
  /** One witness payload (the sum of its pieces). */
  maxPayloadBytes: number;
  /** Piece size a server streams a payload in. */
  payloadPieceBytes: number;
  /** One gossip message. */
  maxGossipBytes: number;
  /** Whole request deadline (open, ask, read the full answer). */
  requestTimeoutMs: number;
  /** Deadline for a server to read one request. */
  serverReadTimeoutMs: number;
}

export const DEFAULT_LIMITS: NetLimits = {
  maxMessageBytes: 4 * MiB,
  maxChunkBytes: 4 * MiB - 4096,
  maxPayloadBytes: 64 * MiB,
  payloadPieceBytes: 1 * MiB,
  maxGossipBytes: 256 * 1024,
  requestTimeoutMs: 15_000,
  serverReadTimeoutMs: 5_000,
};
