// Application-level peer scores. Gossipsub has its own score for mesh behaviour; this one counts
// what only we can judge: wrong chunks, payloads that do not open, garbage, oversized messages,
// timeouts. A peer whose penalty reaches the threshold is disconnected and refused for banMs.
import type { NetRejectReason } from './errors.js';

export interface ScoreOptions {
  /** Penalty per reason; a provable offence weighs half the threshold, so the second one bans. */
  penalties: Record<NetRejectReason, number>;
  threshold: number;
  banMs: number;
}

export const DEFAULT_SCORE_OPTIONS: ScoreOptions = {
  penalties: {
    oversized: 50,
    malformed: 50,
    'wrong-chunk': 50,
    'payload-check-failed': 50,
    unlinked: 10,
    timeout: 10,
  },
  threshold: 100,
  banMs: 10 * 60_000,
};

export interface PeerPenalty {
  peer: string;
  reason: NetRejectReason;
  detail: string;
  penalty: number;
  total: number;
  banned: boolean;
}

export class PeerScores {
  private readonly totals = new Map<string, number>();
  private readonly bannedUntil = new Map<string, number>();
  readonly history: PeerPenalty[] = [];

  constructor(
    private readonly options: ScoreOptions,
    private readonly onBan: (peer: string, penalty: PeerPenalty) => void,
    private readonly now: () => number = Date.now,
  ) {}

  report(peer: string, reason: NetRejectReason, detail: string): PeerPenalty {
    const penalty = this.options.penalties[reason];
    const total = (this.totals.get(peer) ?? 0) + penalty;
    this.totals.set(peer, total);
    const banned = total >= this.options.threshold;
    const entry = { peer, reason, detail, penalty, total, banned };
    this.history.push(entry);
    if (this.history.length > 1000) this.history.shift();
    if (banned && !this.isBanned(peer)) {
      this.bannedUntil.set(peer, this.now() + this.options.banMs);
      this.onBan(peer, entry);
    }
    return entry;
  }

  penalty(peer: string): number {
    return this.totals.get(peer) ?? 0;
  }

  isBanned(peer: string): boolean {
    const until = this.bannedUntil.get(peer);
    if (until === undefined) return false;
    if (until > this.now()) return true;
    this.bannedUntil.delete(peer);
    this.totals.delete(peer);
    return false;
  }
}
