// A hostile peer that joins a running devnet (forked by the devnet test with `--import tsx`). It is
// linked (a valid peer link for an unregistered staking key), so honest peers talk to it, and then
// misbehaves in one way per process, on purpose, against the real NetTransport and participant:
// - corrupt-chunks: answers every transcript request with a chunk and proof that do not open;
// - oversize-chunks: answers every transcript request with a length prefix of 8 MiB and keeps sending;
// - fake-payloads: announces, for every leaf of each open block, a signed result it "holds" and
//   serves a payload that matches the announced digest but does not decode as a proof.
// It prints JSON lines: {ready, peerId} once, then {stats} every second.
import { randomBytes } from 'node:crypto';
import type { Stream } from '@libp2p/interface';
import { L1Client } from '../../src/l1/client.js';
import { TRANSCRIPT_PROTOCOL } from '../../src/net/limits.js';
import { randomPeerSecretKey } from '../../src/net/node.js';
import { NetTransport } from '../../src/net/transport.js';
import { encodeResultAnnouncement } from '../../src/participant/messages.js';
import { TOPICS } from '../../src/participant/ports/transport.js';
import { createPeerLink, generateStakingKey, proofDigest, signResult } from '../../src/protocol/index.js';

export type HostileMode = 'corrupt-chunks' | 'oversize-chunks' | 'fake-payloads';

export interface HostileConfig {
  mode: HostileMode;
  relay: string;
  l1Url: string;
  chainId: number;
  /** Seeds the staking key (48 bytes derived from it). */
  seed: number;
}

const config = JSON.parse(process.env.HOSTILE_PEER!) as HostileConfig;
const key = generateStakingKey(new Uint8Array(48).fill(config.seed));
const peerSecretKey = randomPeerSecretKey();
const t = await NetTransport.start({
  chainId: config.chainId,
  relays: [config.relay],
  link: createPeerLink({
    chainId: config.chainId,
    stakingSecretKey: key.secretKey,
    stakingKey: key.publicKey,
    peerSecretKey,
  }),
  node: { peerSecretKey },
  announceIntervalMs: 1000,
});
const stats = { chunkRequests: 0, payloadRequests: 0, announced: 0 };
const send = (m: unknown) => process.stdout.write(`${JSON.stringify(m)}\n`);

if (config.mode === 'corrupt-chunks') {
  t.serveChunks((request) => {
    stats.chunkRequests++;
    return {
      chunk: randomBytes(2048),
      proof: {
        chunkCount: 5,
        chunkIndex: request.index,
        siblings: [randomBytes(32), randomBytes(32), randomBytes(32)],
      },
    };
  });
}

if (config.mode === 'oversize-chunks') {
  await t.node.unhandle(TRANSCRIPT_PROTOCOL);
  await t.node.handle(TRANSCRIPT_PROTOCOL, async (stream: Stream) => {
    stats.chunkRequests++;
    try {
      // A varint length prefix of 8 MiB (0x80 0x80 0x80 0x04), then data until the reader stops.
      stream.send(Uint8Array.of(0x80, 0x80, 0x80, 0x04));
      for (let i = 0; i < 16; i++) if (!stream.send(new Uint8Array(64 * 1024))) await stream.onDrain();
      await stream.close();
    } catch (e) {
      stream.abort(e as Error);
    }
  });
}

if (config.mode === 'fake-payloads') {
  const garbage = randomBytes(64 * 1024);
  const digest = proofDigest(garbage);
  t.servePayloads(() => {
    stats.payloadRequests++;
    return garbage;
  });
  const l1 = new L1Client(config.l1Url, { chainId: config.chainId });
  let announcedFor = '';
  let announcedAt = 0;
  setInterval(async () => {
    try {
      const open = (await l1.status()).openBlock;
      // Once per block, and again every 3 s (gossip may drop a message sent before the mesh formed).
      if (!open || (open.commitment === announcedFor && Date.now() - announcedAt < 3000)) return;
      announcedFor = open.commitment;
      announcedAt = Date.now();
      const blockCommitment = Uint8Array.from(Buffer.from(open.commitment.slice(2), 'hex'));
      for (let index = 0; index < 2 ** open.treeHeight; index++) {
        const result = signResult(key.secretKey, {
          blockCommitment,
          node: { level: 0, index },
          kind: 'base',
          proofDigest: digest,
          prover: key.publicKey,
        });
        await t.publish(TOPICS.results, encodeResultAnnouncement({ result, holder: t.peerId }));
        stats.announced++;
      }
    } catch {
      // the L1 or the mesh is not ready; the next round tries again
    }
  }, 300);
}

send({ ready: true, peerId: t.peerId, mode: config.mode });
const timer = setInterval(() => send({ stats }), 1000);
const stop = async () => {
  clearInterval(timer);
  await t.stop().catch(() => {});
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
