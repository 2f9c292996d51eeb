import type { PeerPenalty } from '../../src/net/scores.js';
import type { FetchAttempt } from '../../src/net/fetch-scheduler.js';

export interface PeerInfo {
  peerId: string;
  stakingKey: string;
  webrtc: string[];
  relayConnected: boolean;
  linked: string[];
  connections: { peer: string; addr: string; limited: boolean; status: string }[];
  penalties: PeerPenalty[];
  banned: string[];
  gossip: { topic: string; from: string; stakingKey?: string; data: string }[];
}

export interface FetchResult {
  chunks: { index: number; peer: string; sha256: string }[];
  attempts: FetchAttempt[];
}
