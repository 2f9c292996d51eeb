// The network probe page: the browser node factory (through NetTransport) joins via a relay, links
// a fresh staking key to its peer id, waits for the serving peer's link and address, opens a direct
// WebRTC connection and fetches one transcript chunk, checked against the root it was given.
// `globalThis.fernetNet.fetchChunk(...)` drives it (the Chromium test calls it).
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { randomPeerSecretKey } from '../net/node.js';
import { NetTransport } from '../net/transport.js';
import { generateStakingKey } from '../protocol/keys.js';
import { createPeerLink } from '../protocol/peer-link.js';
import { checkTranscriptChunk } from '../rollup/transcript.js';

export interface ProbeArgs {
  relay: string;
  chainId: number;
  peer: string;
  commitment: string;
  root: string;
  index: number;
}

const status = document.getElementById('status')!;
const say = (text: string) => (status.textContent = text);

async function until(what: string, ok: () => boolean, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function fetchChunk(args: ProbeArgs) {
  const peerSecretKey = randomPeerSecretKey();
  const staking = generateStakingKey();
  const link = createPeerLink({
    chainId: args.chainId,
    stakingSecretKey: staking.secretKey,
    stakingKey: staking.publicKey,
    peerSecretKey,
  });
  say('Joining through the relay…');
  const t = await NetTransport.start({
    chainId: args.chainId,
    relays: [args.relay],
    link,
    node: { peerSecretKey },
    announceIntervalMs: 1000,
  });
  try {
    await until('a circuit address', () => t.webRtcAddresses().length > 0);
    await until("the peer's link", () => t.linkedPeers().has(args.peer));
    say('Opening a direct WebRTC connection…');
    const conn = await t.connect(args.peer);
    const root = hexToBytes(args.root);
    const started = performance.now();
    const r = await t.fetchChunks({
      commitment: hexToBytes(args.commitment),
      root,
      indices: [args.index],
      peers: [args.peer],
    });
    const got = r.chunks.get(args.index)!;
    // fetchChunks has checked it already; checking again here keeps the page's claim self-contained.
    checkTranscriptChunk(root, args.index, got.chunk, got.proof);
    const direct = t.directConnection(args.peer);
    const result = {
      peerId: t.peerId,
      chunkSha256: bytesToHex(sha256(got.chunk)),
      proofSiblings: got.proof.siblings.length,
      from: got.peer,
      remoteAddr: (direct ?? conn).remoteAddr.toString(),
      limits: (direct ?? conn).limits ?? null,
      ms: performance.now() - started,
    };
    say(`Chunk ${args.index} verified from ${got.peer} over ${result.remoteAddr}.`);
    return result;
  } finally {
    await t.stop();
  }
}

(globalThis as unknown as { fernetNet: unknown }).fernetNet = { fetchChunk };
say('Ready.');
