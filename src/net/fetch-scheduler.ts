// Spreads item requests over peers in parallel and fails over. Each item is in flight at most
// once at a time and is never requested again once delivered; a peer that fails an item (drops,
// times out, refuses, sends something wrong) is dropped from this fetch and its items re-queued.
import { FetchFailedError } from './errors.js';

export interface FetchAttempt {
  index: number;
  peer: string;
  outcome: 'ok' | 'failed';
  /** For failures: the error's name and message. */
  detail?: string;
  ms: number;
}

export interface ScheduleArgs<T> {
  indices: readonly number[];
  peers: readonly string[];
  perPeer: number;
  fetchOne: (peer: string, index: number) => Promise<T>;
  onResult: (index: number, value: T, peer: string) => void;
  onFailure: (peer: string, index: number, error: unknown) => void;
  now?: () => number;
}

export function scheduleFetch<T>(args: ScheduleArgs<T>): Promise<FetchAttempt[]> {
  const now = args.now ?? (() => performance.now());
  const queue = [...new Set(args.indices)];
  const excluded = new Set<string>();
  const inflight = new Map<string, number>(args.peers.map((p) => [p, 0]));
  const attempts: FetchAttempt[] = [];
  let active = 0;
  let rotate = 0;
  return new Promise((resolve, reject) => {
    const pickPeer = (): string | undefined => {
      let best: string | undefined;
      let bestLoad = Number.POSITIVE_INFINITY;
      const n = args.peers.length;
      for (let k = 0; k < n; k++) {
        const p = args.peers[(rotate + k) % n]!;
        const load = inflight.get(p)!;
        if (excluded.has(p) || load >= args.perPeer) continue;
        if (load < bestLoad) (best = p), (bestLoad = load);
      }
      rotate++;
      return best;
    };
    const pump = () => {
      while (queue.length > 0) {
        const peer = pickPeer();
        if (peer === undefined) break;
        const index = queue.shift()!;
        start(peer, index);
      }
      if (queue.length === 0 && active === 0) return resolve(attempts);
      if (active === 0) {
        const failures = attempts.filter((a) => a.outcome === 'failed').map((a) => `${a.peer}#${a.index}: ${a.detail}`);
        reject(
          new FetchFailedError(
            `items ${queue.join(', ')} could not be fetched from any of ${args.peers.length} peers (${failures.join('; ') || 'no peers'})`,
          ),
        );
      }
    };
    const start = (peer: string, index: number) => {
      active++;
      inflight.set(peer, inflight.get(peer)! + 1);
      const t0 = now();
      args.fetchOne(peer, index).then(
        (value) => {
          attempts.push({ index, peer, outcome: 'ok', ms: now() - t0 });
          args.onResult(index, value, peer);
          done(peer);
        },
        (error: unknown) => {
          const detail = describeError(error);
          attempts.push({ index, peer, outcome: 'failed', detail, ms: now() - t0 });
          excluded.add(peer);
          queue.push(index);
          args.onFailure(peer, index, error);
          done(peer);
        },
      );
    };
    const done = (peer: string) => {
      active--;
      inflight.set(peer, inflight.get(peer)! - 1);
      pump();
    };
    pump();
  });
}

/** libp2p streams sometimes reject with a close Event rather than an Error. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  if (typeof Event !== 'undefined' && error instanceof Event) return `stream ${error.type}`;
  return String(error);
}
