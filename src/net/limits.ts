// Protocol ids, topics and caps of the transport (docs/network.md lists them with their reasons).

export const TRANSCRIPT_PROTOCOL = '/fernet/transcript/1.0.0';
export const PAYLOAD_PROTOCOL = '/fernet/payload/1.0.0';

/** Gossip topics. Peer links and address announcements travel on their own topics. */
export const TOPICS = {
  links: 'fernet/v1/peer-links',
  peers: 'fernet/v1/peers',
  blocks: 'fernet/v1/blocks',
  commitments: 'fernet/v1/result-commitments',
  results: 'fernet/v1/results',
  signoffs: 'fernet/v1/sign-offs',
} as const;
export const ALL_TOPICS: readonly string[] = Object.values(TOPICS);

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
