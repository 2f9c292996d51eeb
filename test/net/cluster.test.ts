// Relay + peers in separate processes over real libp2p and WebRTC (node-datachannel): direct
// connections, gossip with peer links, parallel transcript fetch, and the faults of issue 9 that
// involve a serving peer (killed mid-transfer, corrupt chunks, oversized messages, bad payloads).
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PeerProcess, type RelayProcess, killAll, startRelayProcess, waitFor } from './cluster.js';
import { TOPICS } from '../../src/participant/ports/transport.js';
import { encodePeerLink } from '../../src/protocol/peer-link.js';
import { peerLinkFor, syntheticTranscript } from './fixture.js';
import type { PeerConfig, PeerMode } from './peer-process.js';
import type { FetchResult, PeerInfo } from './types.js';

const spec = { seed: 7, count: 41, chunkBytes: 32 * 1024 };
const { transcript } = syntheticTranscript(spec);
const digest = (i: number) => bytesToHex(sha256(transcript.chunks[i]!));

let relay: RelayProcess;
const peers: Record<string, PeerProcess> = {};

function config(index: number, mode: PeerMode): PeerConfig {
  return {
    relay: relay.address,
    index,
    mode,
    transcript: spec,
    payloadBytes: 3 * 1024 * 1024,
    limits: { requestTimeoutMs: 6000 },
  };
}

const info = (p: PeerProcess) => p.call<PeerInfo>({ op: 'info' });

/** Waits until `p` holds a checked link and an unlimited (direct WebRTC) connection to each of `others`. */
async function meshed(p: PeerProcess, others: PeerProcess[]): Promise<PeerInfo> {
  // Generous: ten processes starting at once on a loaded 2-core machine take a while to mesh.
  return waitFor(
    `${p.peerId} linked and directly connected`,
    async () => {
      const i = await info(p);
      for (const o of others) {
        if (!i.linked.includes(o.peerId)) return undefined;
        if (!i.connections.some((c) => c.peer === o.peerId && !c.limited && c.status === 'open')) {
          await p.call({ op: 'connect', peer: o.peerId }).catch(() => {});
          return undefined;
        }
      }
      return i;
    },
    150_000,
  );
}

beforeAll(async () => {
  relay = await startRelayProcess({ seedHex: bytesToHex(sha256(new TextEncoder().encode('relay'))) });
  const modes: [string, number, PeerMode][] = [
    ['a', 1, 'honest'],
    ['b', 2, 'honest'],
    ['c', 3, 'honest'],
    ['slow', 4, 'slow'],
    ['corrupt', 5, 'corrupt'],
    ['oversize', 6, 'oversize'],
    ['oversize2', 9, 'oversize'],
    ['badPayload', 7, 'bad-payload'],
    ['unlinked', 8, 'honest'],
  ];
  const started = await Promise.all(
    modes.map(([name, index, mode]) => PeerProcess.start({ ...config(index, mode), noLink: name === 'unlinked' })),
  );
  modes.forEach(([name], i) => (peers[name] = started[i]!));
  const others = Object.entries(peers)
    .filter(([n]) => n !== 'c' && n !== 'unlinked')
    .map(([, p]) => p);
  await meshed(peers.c!, others);
}, 200_000);

afterAll(killAll);

describe('relay + peers in separate processes', () => {
  it('peers reach each other through the relay and hold direct WebRTC connections', async () => {
    const c = await info(peers.c!);
    expect(c.webrtc.some((a) => a.includes('/p2p-circuit/webrtc/p2p/'))).toBe(true);
    for (const name of ['a', 'b']) {
      const conn = c.connections.find((x) => x.peer === peers[name]!.peerId && !x.limited)!;
      expect(conn.addr).toMatch(/\/webrtc\/p2p\//);
      expect(conn.limited).toBe(false);
    }
    // The staking key each peer linked is the one the fixture derives for it.
    expect(c.linked).toContain(peers.a!.peerId);
    const direct = await peers.c!.call<{ addr: string; limits: unknown }>({ op: 'connect', peer: peers.a!.peerId });
    expect(direct.limits).toBeNull();
    expect(direct.addr).toContain('/webrtc/');
  });

  it('gossips a block announcement carrying the sender staking key', async () => {
    const data = bytesToHex(new TextEncoder().encode('block 1'));
    await peers.a!.call({ op: 'publish', topic: TOPICS.blocks, data });
    for (const name of ['b', 'c']) {
      const got = await waitFor(`${name} receives the gossip`, async () =>
        (await info(peers[name]!)).gossip.find((g) => g.data === data),
      );
      expect(got.from).toBe(peers.a!.peerId);
      expect(got.stakingKey).toBe(bytesToHex(peerLinkFor(1).stakingKey));
    }
  });

  it('fetches transcript chunks from two peers in parallel, verifies each, never fetches one twice', async () => {
    const indices = [0, 3, 4, 5, 8, 9, 12, 16];
    const r = await peers.c!.call<FetchResult>({
      op: 'fetch',
      indices,
      peers: [peers.a!.peerId, peers.b!.peerId],
    });
    expect(r.chunks.map((x) => x.index).sort((x, y) => x - y)).toEqual(indices);
    for (const ch of r.chunks) expect(ch.sha256).toBe(digest(ch.index));
    const servers = new Set(r.chunks.map((x) => x.peer));
    expect(servers).toEqual(new Set([peers.a!.peerId, peers.b!.peerId]));
    expect(r.attempts.filter((a) => a.outcome === 'ok')).toHaveLength(indices.length);
    // Asking again for a superset makes requests only for the new index.
    const again = await peers.c!.call<FetchResult>({ op: 'fetch', indices: [...indices, 1], peers: [peers.a!.peerId] });
    expect(again.attempts.map((a) => a.index)).toEqual([1]);
    expect(again.chunks).toHaveLength(indices.length + 1);
  });
});

/** Asks `fetcher` for fresh chunks with `hostile` first in the list until the fetcher bans it. */
async function fetchUntilBanned(
  hostile: PeerProcess,
  honest: PeerProcess[],
  batches: number[][],
): Promise<FetchResult[]> {
  const results: FetchResult[] = [];
  for (const indices of batches) {
    const r = await peers.c!.call<FetchResult>({
      op: 'fetch',
      indices,
      peers: [hostile.peerId, ...honest.map((h) => h.peerId)],
    });
    expect(r.chunks.map((x) => x.index).sort((x, y) => x - y)).toEqual(indices);
    for (const ch of r.chunks) {
      expect(ch.sha256).toBe(digest(ch.index));
      expect(ch.peer).not.toBe(hostile.peerId);
    }
    results.push(r);
    if ((await info(peers.c!)).banned.includes(hostile.peerId)) break;
  }
  return results;
}

async function disconnected(p: PeerProcess, from: PeerProcess): Promise<void> {
  await waitFor('banned peer disconnected', async () =>
    (await info(p)).connections.every((x) => x.peer !== from.peerId || x.status !== 'open'),
  );
}

describe('faults', () => {
  it('a serving peer killed mid-transfer (SIGKILL) is failed over and the fetch completes', async () => {
    const slow = peers.slow!;
    const indices = [2, 6, 7, 10, 17, 18];
    const serving = new Promise<void>((resolve) => slow.onEvent((e) => e.event === 'serving' && resolve()));
    const fetching = peers.c!.call<FetchResult>({ op: 'fetch', indices, peers: [slow.peerId, peers.a!.peerId] });
    await serving;
    slow.kill('SIGKILL');
    const r = await fetching;
    expect(r.chunks.map((x) => x.index).sort((x, y) => x - y)).toEqual(indices);
    for (const ch of r.chunks) {
      expect(ch.sha256).toBe(digest(ch.index));
      expect(ch.peer).toBe(peers.a!.peerId);
    }
    const failed = r.attempts.filter((a) => a.outcome === 'failed');
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((a) => a.peer === slow.peerId)).toBe(true);
    // Every chunk was verified once; nothing verified was asked for again.
    for (const i of indices) expect(r.attempts.filter((a) => a.index === i && a.outcome === 'ok')).toHaveLength(1);
  });

  it('corrupted chunks are refused as wrong-chunk, the peer is scored down and disconnected, the fetch completes', async () => {
    const corrupt = peers.corrupt!;
    const results = await fetchUntilBanned(
      corrupt,
      [peers.a!, peers.b!],
      [
        [11, 13],
        [14, 15],
        [19, 20],
      ],
    );
    const failures = results.flatMap((r) => r.attempts).filter((a) => a.outcome === 'failed');
    expect(failures.length).toBeGreaterThan(0);
    // The first refusal names the reason; a second request in flight may end when the ban hangs up.
    expect(failures.map((f) => f.detail)).toContainEqual(
      expect.stringMatching(/^PeerMessageError: chunk \d+ from .*does not open under the transcript root$/),
    );
    const c = await info(peers.c!);
    const mine = c.penalties.filter((x) => x.peer === corrupt.peerId);
    // A wrong chunk is provable misbehaviour: the first one bans (PEER_SCORE).
    expect(mine[0]).toMatchObject({ reason: 'wrong-chunk', offence: 'bad-chunk', score: -100, banned: true });
    expect(c.banned).toContain(corrupt.peerId);
    await disconnected(peers.c!, corrupt);
  });

  it('oversized messages are cut off at their length prefix (oversized), the peer is banned, honest peers serve', async () => {
    const big = peers.oversize!;
    await fetchUntilBanned(
      big,
      [peers.b!],
      [
        [21, 22],
        [24, 25],
        [26, 27],
      ],
    );
    const c = await info(peers.c!);
    const first = c.penalties.find((x) => x.peer === big.peerId)!;
    expect(first).toMatchObject({ reason: 'oversized', offence: 'invalid-message', banned: true });
    expect(first.detail).toMatch(/message above the 4194304-byte cap \(Message length too long - 8388608 > 4194304\)/);
    await disconnected(peers.c!, big);
  });

  it('a payload announced above the cap is refused on its head (oversized), before any piece is buffered', async () => {
    const big = peers.oversize2!;
    const r = await peers.c!.call<{ peer: string; bytes: number; failures: string[] }>({
      op: 'fetchPayload',
      level: 0,
      index: 0,
      peers: [big.peerId, peers.a!.peerId],
    });
    expect(r).toMatchObject({ peer: peers.a!.peerId, bytes: 3 * 1024 * 1024 });
    expect(r.failures).toEqual([
      expect.stringMatching(/PeerMessageError: payload of 4294967280 bytes exceeds the 67108864-byte cap$/),
    ]);
    const c = await info(peers.c!);
    expect(c.penalties.find((x) => x.peer === big.peerId)).toMatchObject({ reason: 'oversized', banned: true });
    await disconnected(peers.c!, big);
  });

  it('a payload that fails the check is rejected (payload-check-failed), the sender is banned, an honest peer serves', async () => {
    const bad = peers.badPayload!;
    const r = await peers.c!.call<{ peer: string; bytes: number; failures: string[] }>({
      op: 'fetchPayload',
      level: 1,
      index: 1,
      peers: [bad.peerId, peers.b!.peerId],
    });
    expect(r).toMatchObject({ peer: peers.b!.peerId, bytes: 3 * 1024 * 1024 });
    expect(r.failures).toEqual([expect.stringMatching(/PeerMessageError: .* does not open: payload digest mismatch$/)]);
    const c = await info(peers.c!);
    const mine = c.penalties.filter((x) => x.peer === bad.peerId);
    expect(mine).toMatchObject([{ reason: 'payload-check-failed', offence: 'bad-payload', banned: true }]);
    expect(mine[0]!.detail).toMatch(/does not open: payload digest mismatch/);
    expect(c.banned).toContain(bad.peerId);
    await disconnected(peers.c!, bad);
    // With only the banned peer to ask, the fetch fails with a named error instead of hanging.
    await expect(peers.c!.call({ op: 'fetchPayload', level: 1, index: 3, peers: [bad.peerId] })).rejects.toMatchObject({
      name: 'FetchFailedError',
    });
  });

  it('a peer without a checked link: its gossip is dropped, its requests are refused, a forged link is refused', async () => {
    const u = peers.unlinked!;
    await waitFor('unlinked peer meshes', async () => (await info(u)).connections.length > 0);
    const dropped = bytesToHex(new TextEncoder().encode('from an unlinked peer'));
    await u.call({ op: 'publish', topic: TOPICS.blocks, data: dropped });
    const marker = bytesToHex(new TextEncoder().encode('marker after the unlinked one'));
    await new Promise((r) => setTimeout(r, 500));
    await peers.a!.call({ op: 'publish', topic: TOPICS.blocks, data: marker });
    await waitFor('marker arrives', async () => (await info(peers.c!)).gossip.some((g) => g.data === marker));
    expect((await info(peers.c!)).gossip.some((g) => g.data === dropped)).toBe(false);
    // A's transcript server answers 'unlinked' to it.
    await waitFor('unlinked peer knows a', async () => (await info(u)).webrtc.length > 0);
    await u.call({ op: 'connect', peer: peers.a!.peerId }).catch(() => {});
    await expect(u.call({ op: 'fetch', indices: [23], peers: [peers.a!.peerId] })).rejects.toMatchObject({
      name: 'FetchFailedError',
      message: expect.stringMatching(/PeerRefusedError: peer .* answered unlinked for chunk 23/),
    });
    // Announcing somebody else's link (peer a's, validly signed) is refused: it names another peer id.
    const forged = bytesToHex(encodePeerLink(peerLinkFor(1)));
    await u.call({ op: 'publish', topic: TOPICS.peerLinks, data: forged });
    const penalty = await waitFor('forged link refused', async () =>
      (await info(peers.c!)).penalties.find((x) => x.peer === u.peerId && x.reason === 'unlinked'),
    );
    expect(penalty.detail).toMatch(/peer link names another peer id than its sender/);
    expect((await info(peers.c!)).linked).not.toContain(u.peerId);
  });
});
