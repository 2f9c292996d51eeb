// Application-level peer scores on the participant port's scale (PEER_SCORE): provable misbehaviour
// (garbage, oversized messages, wrong chunks, payloads that do not open, forged links) bans at
// once, a timeout costs a quarter of the way. Gossipsub keeps its own mesh score; this one counts
// what only we can judge. A banned peer is disconnected and refused for banMs.
import { PEER_SCORE } from '../participant/ports/transport.js';
import type { PeerOffence } from '../participant/ports/transport.js';
import type { NetRejectReason } from './errors.js';

export interface ScoreOptions {
  banAt: number;
  penalty: Record<PeerOffence, number>;
  banMs: number;
}

export const DEFAULT_SCORE_OPTIONS: ScoreOptions = { ...PEER_SCORE, banMs: 10 * 60_000 };

/** The port's offence for each named rejection. */
export const OFFENCE_OF: Record<NetRejectReason, PeerOffence> = {
  oversized: 'invalid-message',
  malformed: 'invalid-message',
  unlinked: 'invalid-message',
  'wrong-chunk': 'bad-chunk',
  'payload-check-failed': 'bad-payload',
  timeout: 'timeout',
};

export interface PeerPenalty {
  peer: string;
  offence: PeerOffence;
  /** The named rejection, when the transport itself found it. */
  reason?: NetRejectReason;
  detail: string;
  score: number;
  banned: boolean;
}

export class PeerScores {
  private readonly scores = new Map<string, number>();
  private readonly bannedUntil = new Map<string, number>();
  readonly history: PeerPenalty[] = [];

  constructor(
    private readonly options: ScoreOptions,
    private readonly onBan: (peer: string) => void,
    private readonly now: () => number = Date.now,
  ) {}

  report(peer: string, offence: PeerOffence, detail: string, reason?: NetRejectReason): PeerPenalty {
    const score = this.score(peer) + this.options.penalty[offence];
    this.scores.set(peer, score);
    const banned = score <= this.options.banAt;
    const entry: PeerPenalty = { peer, offence, detail, score, banned, ...(reason ? { reason } : {}) };
    this.history.push(entry);
    if (this.history.length > 1000) this.history.shift();
    if (banned && !this.bannedUntil.has(peer)) {
      this.bannedUntil.set(peer, this.now() + this.options.banMs);
      this.onBan(peer);
    }
    return entry;
  }

  score(peer: string): number {
    return this.scores.get(peer) ?? 0;
  }

  isBanned(peer: string): boolean {
    const until = this.bannedUntil.get(peer);
    if (until === undefined) return false;
    if (until > this.now()) return true;
    this.bannedUntil.delete(peer);
    this.scores.delete(peer);
    return false;
  }
}
