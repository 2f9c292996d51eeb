// A test peer in its own process (forked with `--import tsx`): a NetTransport driven over IPC.
// Modes: honest (serves the transcript and payloads), slow (each transcript answer stalls half way),
// corrupt (serves chunks with a flipped byte), oversize (announces messages above the 4 MiB cap),
// bad-payload (serves payloads that fail the receiver's check). Hostile modes are written here on
// purpose: they are what the real NetTransport must refuse.
import type { Stream } from '@libp2p/interface';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { PAYLOAD_PROTOCOL, TRANSCRIPT_PROTOCOL } from '../../src/net/limits.js';
import type { NetLimits } from '../../src/net/limits.js';
import { NetTransport } from '../../src/net/transport.js';
import type { NetGossipMessage } from '../../src/net/transport.js';
import { TOPICS } from '../../src/participant/ports/transport.js';
import type { Topic } from '../../src/participant/ports/transport.js';
import {
  decodeChunkRequest,
  decodePayloadRequest,
  encodeChunkResponse,
  encodePayloadHead,
} from '../../src/net/wire.js';
import { encodeInclusionProof, transcriptInclusionProof } from '../../src/rollup/transcript.js';
import { CHAIN_ID, peerLinkFor, peerSecret, syntheticPayload, syntheticTranscript } from './fixture.js';
import type { TranscriptSpec } from './fixture.js';

export type PeerMode = 'honest' | 'slow' | 'corrupt' | 'oversize' | 'bad-payload';

export interface PeerConfig {
  relay: string;
  index: number;
  mode: PeerMode;
  transcript: TranscriptSpec;
  payloadBytes: number;
  limits?: Partial<NetLimits>;
  slowMs?: number;
  /** Start without announcing a peer link (an unlinked peer). */
  noLink?: boolean;
}

const config = JSON.parse(process.env.NET_PEER_CONFIG!) as PeerConfig;
const send = (m: unknown) => process.send?.(m);
const { transcript, commitment } = syntheticTranscript(config.transcript);
const link = peerLinkFor(config.index);

const t = await NetTransport.start({
  chainId: CHAIN_ID,
  relays: [config.relay],
  ...(config.noLink ? {} : { link }),
  node: { peerSecretKey: peerSecret(config.index) },
  ...(config.limits ? { limits: config.limits } : {}),
  announceIntervalMs: 1000,
});
t.serveTranscript(commitment, transcript);
t.servePayloads((k) => {
  const good = syntheticPayload(k.level, k.index, config.payloadBytes);
  if (config.mode !== 'bad-payload') return good;
  const bad = good.slice();
  bad[bad.length - 1]! ^= 1;
  return bad;
});

// Unsigned LEB128, the length prefix of libp2p's length-prefixed messages.
const varint = {
  encodingLength: (n: number) => {
    let len = 1;
    while (n >= 0x80) (n = Math.floor(n / 128)), len++;
    return len;
  },
  encode(n: number, out: Uint8Array) {
    let i = 0;
    while (n >= 0x80) (out[i++] = (n & 0x7f) | 0x80), (n = Math.floor(n / 128));
    out[i] = n;
  },
  decode(bytes: Uint8Array): number {
    let n = 0;
    for (let i = 0, mul = 1; i < 8; i++, mul *= 128) {
      n += (bytes[i]! & 0x7f) * mul;
      if ((bytes[i]! & 0x80) === 0) return n;
    }
    throw new Error('bad varint');
  },
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function readRequest(stream: Stream): Promise<Uint8Array> {
  for await (const chunk of stream) {
    const bytes = chunk.subarray();
    const len = varint.decode(bytes);
    return bytes.subarray(varint.encodingLength(len), varint.encodingLength(len) + len);
  }
  throw new Error('no request');
}

function framed(body: Uint8Array): Uint8Array {
  const out = new Uint8Array(varint.encodingLength(body.length) + body.length);
  varint.encode(body.length, out);
  out.set(body, varint.encodingLength(body.length));
  return out;
}

async function sendAll(stream: Stream, bytes: Uint8Array): Promise<void> {
  for (let o = 0; o < bytes.length; o += 64 * 1024) {
    if (!stream.send(bytes.subarray(o, o + 64 * 1024))) await stream.onDrain();
  }
}

if (config.mode === 'slow' || config.mode === 'corrupt' || config.mode === 'oversize') {
  await t.node.unhandle(TRANSCRIPT_PROTOCOL);
  await t.node.handle(TRANSCRIPT_PROTOCOL, async (stream) => {
    try {
      const req = decodeChunkRequest(await readRequest(stream));
      if (config.mode === 'oversize') {
        // Announces 8 MiB and starts sending: the reader must stop at the length prefix.
        const head = new Uint8Array(varint.encodingLength(8 << 20));
        varint.encode(8 << 20, head);
        stream.send(head);
        await sendAll(stream, new Uint8Array(1 << 20));
        return;
      }
      const chunk = transcript.chunks[req.chunkIndex]!.slice();
      if (config.mode === 'corrupt') chunk[0]! ^= 0xff;
      const proof = encodeInclusionProof(transcriptInclusionProof(transcript, req.chunkIndex));
      const msg = framed(encodeChunkResponse({ status: 'ok', chunk, proof }));
      if (config.mode === 'slow') {
        send({ event: 'serving', index: req.chunkIndex });
        await sendAll(stream, msg.subarray(0, msg.length >> 1));
        await sleep(config.slowMs ?? 3000);
        await sendAll(stream, msg.subarray(msg.length >> 1));
      } else await sendAll(stream, msg);
      await stream.close();
    } catch (e) {
      stream.abort(e as Error);
    }
  });
}
if (config.mode === 'oversize') {
  await t.node.unhandle(PAYLOAD_PROTOCOL);
  await t.node.handle(PAYLOAD_PROTOCOL, async (stream) => {
    try {
      decodePayloadRequest(await readRequest(stream));
      // A head that claims far more than the receiver's cap.
      await sendAll(stream, framed(encodePayloadHead({ status: 'ok', totalLength: 0xffff_fff0 })));
      await sendAll(stream, framed(new Uint8Array(1 << 20)));
      await stream.close();
    } catch (e) {
      stream.abort(e as Error);
    }
  });
}

const gossip: { topic: string; from: string; stakingKey?: string; data: string }[] = [];
const record = (m: NetGossipMessage) =>
  gossip.push({
    topic: m.topic,
    from: m.from,
    data: bytesToHex(m.data),
    ...(m.stakingKey ? { stakingKey: bytesToHex(m.stakingKey) } : {}),
  });
t.subscribe(TOPICS.blocks, record);

function info() {
  return {
    peerId: t.peerId,
    stakingKey: bytesToHex(link.stakingKey),
    webrtc: t.webRtcAddresses(),
    relayConnected: t.node.getConnections().some((c) => config.relay.endsWith(c.remotePeer.toString())),
    linked: [...t.linkedPeers().keys()],
    connections: t.node.getConnections().map((c) => ({
      peer: c.remotePeer.toString(),
      addr: c.remoteAddr.toString(),
      limited: c.limits != null,
      status: c.status,
    })),
    penalties: t.scores.history,
    banned: t.scores.history.filter((p) => p.banned).map((p) => p.peer),
    gossip,
  };
}

type Command =
  | { op: 'info' }
  | { op: 'publish'; topic: string; data: string }
  | { op: 'connect'; peer: string }
  | { op: 'fetch'; indices: number[]; peers: string[] }
  | { op: 'fetchPayload'; level: number; index: number; peers: string[] }
  | { op: 'stop' };

async function run(cmd: Command): Promise<unknown> {
  switch (cmd.op) {
    case 'info':
      return info();
    case 'publish':
      await t.publish(cmd.topic as Topic, hexToBytes(cmd.data));
      return null;
    case 'connect': {
      const c = await t.connect(cmd.peer);
      return { addr: c.remoteAddr.toString(), limits: c.limits ?? null };
    }
    case 'fetch': {
      const r = await t.fetchChunks({
        commitment,
        root: transcript.root,
        indices: cmd.indices,
        peers: cmd.peers,
        onChunk: (index, c) => send({ event: 'chunk', index, peer: c.peer }),
      });
      return {
        chunks: [...r.chunks].map(([i, c]) => ({ index: i, peer: c.peer, sha256: bytesToHex(sha256(c.chunk)) })),
        attempts: r.attempts,
      };
    }
    case 'fetchPayload': {
      const expected = sha256(syntheticPayload(cmd.level, cmd.index, config.payloadBytes));
      const t0 = performance.now();
      const r = await t.fetchCheckedPayload({
        commitment,
        level: cmd.level,
        index: cmd.index,
        peers: cmd.peers,
        check: (payload) => {
          if (bytesToHex(sha256(payload)) !== bytesToHex(expected)) throw new Error('payload digest mismatch');
        },
      });
      return { peer: r.peer, bytes: r.payload.length, failures: r.failures, ms: performance.now() - t0 };
    }
    case 'stop':
      await t.stop();
      setTimeout(() => process.exit(0), 10);
      return null;
  }
}

process.on('message', (m: { id: number } & Command) => {
  run(m).then(
    (result) => send({ id: m.id, ok: true, result }),
    (e: Error) => send({ id: m.id, ok: false, error: { name: e.name, message: e.message } }),
  );
});
send({ event: 'ready', peerId: t.peerId });
