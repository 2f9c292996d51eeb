// The PeerTransport port's contract: one suite for every implementation (in memory now, libp2p
// from src/net). The factory returns `count` started transports that can reach one another.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { afterEach, describe, expect, it } from 'vitest';
import {
  NoProviderError,
  TOPICS,
  TransportStoppedError,
  UnknownTopicError,
  type ChunkResponse,
  type GossipMessage,
  type PeerTransport,
  type Topic,
} from '../../../src/participant/ports/transport.js';

export interface TransportNetwork {
  transports: PeerTransport[];
  /** Stops every transport and whatever the network needs (relays, hubs). */
  close(): Promise<void>;
}

export interface TransportContractOptions {
  /** How long to wait for gossip to arrive (a real network needs longer than memory). */
  gossipWaitMs?: number;
}

const commitment = new Uint8Array(32).fill(7);
const chunkOf = (index: number): ChunkResponse => ({
  chunk: Uint8Array.of(index, 1, 2, 3),
  proof: { chunkCount: 4, chunkIndex: index, siblings: [new Uint8Array(32).fill(index), new Uint8Array(32)] },
});

function inbox(t: PeerTransport, topic: Topic): GossipMessage[] {
  const got: GossipMessage[] = [];
  t.subscribe(topic, (m) => got.push(m));
  return got;
}

async function until(check: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 5));
}

async function errorOf(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => undefined,
    (e: unknown) => e,
  );
}

export function describeTransportContract(
  name: string,
  open: (count: number) => Promise<TransportNetwork>,
  options: TransportContractOptions = {},
): void {
  const wait = options.gossipWaitMs ?? 200;
  describe(`PeerTransport contract: ${name}`, () => {
    let net: TransportNetwork | undefined;
    afterEach(async () => {
      await net?.close();
      net = undefined;
    });

    it('gossip reaches every other subscriber of the topic, with the sender named, and not the sender', async () => {
      net = await open(3);
      const [a, b, c] = net.transports as [PeerTransport, PeerTransport, PeerTransport];
      const [atA, atB, atC] = [inbox(a, TOPICS.results), inbox(b, TOPICS.results), inbox(c, TOPICS.results)];
      const otherTopic = inbox(b, TOPICS.signOffs);
      await until(() => a.peers().length === 2, wait * 10);
      await a.publish(TOPICS.results, Uint8Array.of(1, 2, 3));
      await until(() => atB.length > 0 && atC.length > 0, wait * 10);
      expect(atB.map((m) => [m.topic, [...m.data], m.from])).toEqual([[TOPICS.results, [1, 2, 3], a.peerId]]);
      expect(atC.map((m) => [...m.data])).toEqual([[1, 2, 3]]);
      await new Promise((r) => setTimeout(r, wait));
      expect(atA).toEqual([]);
      expect(otherTopic).toEqual([]);
    });

    it('an unsubscribed handler receives nothing more', async () => {
      net = await open(2);
      const [a, b] = net.transports as [PeerTransport, PeerTransport];
      const got: GossipMessage[] = [];
      const off = b.subscribe(TOPICS.blocks, (m) => got.push(m));
      await until(() => a.peers().length === 1, wait * 10);
      await a.publish(TOPICS.blocks, Uint8Array.of(1));
      await until(() => got.length === 1, wait * 10);
      off();
      await a.publish(TOPICS.blocks, Uint8Array.of(2));
      await new Promise((r) => setTimeout(r, wait));
      expect(got.map((m) => [...m.data])).toEqual([[1]]);
    });

    it('refuses a topic it does not carry', async () => {
      net = await open(1);
      const [a] = net.transports as [PeerTransport];
      const err = await errorOf(a.publish('fernet/nope/v1' as Topic, Uint8Array.of(1)));
      expect(err).toBeInstanceOf(UnknownTopicError);
      expect((err as Error).message).toMatch(/^unknown gossip topic "fernet\/nope\/v1"/);
    });

    it('fetches a chunk and its inclusion proof from the peer that serves it; a peer without it passes', async () => {
      net = await open(3);
      const [a, b, c] = net.transports as [PeerTransport, PeerTransport, PeerTransport];
      b.serveChunks(() => null);
      c.serveChunks((req) => (req.index === 2 && req.commitment.every((x) => x === 7) ? chunkOf(2) : null));
      await until(() => a.peers().length === 2, wait * 10);
      const got = await a.fetchChunk({ commitment, index: 2 });
      expect(got.from).toBe(c.peerId);
      expect([...got.chunk]).toEqual([2, 1, 2, 3]);
      expect(got.proof).toEqual(chunkOf(2).proof);
      const missing = await errorOf(a.fetchChunk({ commitment, index: 3 }));
      expect(missing).toBeInstanceOf(NoProviderError);
      expect(await errorOf(a.fetchChunk({ commitment, index: 2 }, { peer: b.peerId }))).toBeInstanceOf(NoProviderError);
    });

    it('fetches a multi-megabyte payload intact', async () => {
      net = await open(2);
      const [a, b] = net.transports as [PeerTransport, PeerTransport];
      const payload = new Uint8Array(3 * 1024 * 1024);
      for (let i = 0; i < payload.length; i++) payload[i] = (i * 31) & 0xff;
      b.servePayloads((req) => (req.level === 1 && req.index === 0 ? payload : null));
      await until(() => a.peers().length === 1, wait * 10);
      const got = await a.fetchPayload({ commitment, level: 1, index: 0 });
      expect(got.from).toBe(b.peerId);
      expect(got.bytes.length).toBe(payload.length);
      expect(bytesToHex(sha256(got.bytes))).toBe(bytesToHex(sha256(payload)));
      expect(await errorOf(a.fetchPayload({ commitment, level: 1, index: 1 }))).toBeInstanceOf(NoProviderError);
    });

    it('an aborted request rejects with the signal reason', async () => {
      net = await open(2);
      const [a, b] = net.transports as [PeerTransport, PeerTransport];
      b.servePayloads(() => new Promise<Uint8Array>(() => {})); // never answers
      await until(() => a.peers().length === 1, wait * 10);
      const controller = new AbortController();
      const pending = errorOf(a.fetchPayload({ commitment, level: 0, index: 0 }, { signal: controller.signal }));
      const reason = new Error('gave up');
      controller.abort(reason);
      expect(await pending).toBe(reason);
      expect(await errorOf(a.fetchChunk({ commitment, index: 0 }, { signal: AbortSignal.abort(reason) }))).toBe(reason);
    });

    it('a peer reported for bad data is no longer asked, and its gossip is ignored', async () => {
      net = await open(3);
      const [a, bad, good] = net.transports as [PeerTransport, PeerTransport, PeerTransport];
      bad.serveChunks(() => ({ ...chunkOf(1), chunk: Uint8Array.of(9, 9) }));
      await until(() => a.peers().length === 2, wait * 10);
      const first = await a.fetchChunk({ commitment, index: 1 }, { peer: bad.peerId });
      expect([...first.chunk]).toEqual([9, 9]);
      a.reportPeer(bad.peerId, 'bad-chunk');
      await until(() => !a.peers().includes(bad.peerId), wait * 10);
      expect(a.peers()).toEqual([good.peerId]);
      expect(await errorOf(a.fetchChunk({ commitment, index: 1 }))).toBeInstanceOf(NoProviderError);
      good.serveChunks(() => chunkOf(1));
      expect((await a.fetchChunk({ commitment, index: 1 })).from).toBe(good.peerId);
      const got = inbox(a, TOPICS.peerLinks);
      await bad.publish(TOPICS.peerLinks, Uint8Array.of(6)).catch(() => {});
      await good.publish(TOPICS.peerLinks, Uint8Array.of(5));
      await until(() => got.length > 0, wait * 10);
      await new Promise((r) => setTimeout(r, wait));
      expect(got.map((m) => [m.from, [...m.data]])).toEqual([[good.peerId, [5]]]);
    });

    it('one timeout does not ban a peer', async () => {
      net = await open(2);
      const [a, b] = net.transports as [PeerTransport, PeerTransport];
      await until(() => a.peers().length === 1, wait * 10);
      a.reportPeer(b.peerId, 'timeout');
      expect(a.peers()).toEqual([b.peerId]);
    });

    it('refuses work after stop, and stop is idempotent', async () => {
      net = await open(2);
      const [a] = net.transports as [PeerTransport];
      await a.stop();
      await a.stop();
      expect(await errorOf(a.publish(TOPICS.blocks, Uint8Array.of(1)))).toBeInstanceOf(TransportStoppedError);
      expect(await errorOf(a.fetchChunk({ commitment, index: 0 }))).toBeInstanceOf(TransportStoppedError);
      expect(() => a.subscribe(TOPICS.blocks, () => {})).toThrow(TransportStoppedError);
    });
  });
}
