// Network suite: two libp2p transports in this process, joined through an in-process relay, with
// a direct WebRTC connection (node-datachannel) between them. Rows: "net-payload" (one witness
// payload of `size` bytes through /fernet/payload/1.0.0, request to last byte) and "net-chunk" (one
// transcript chunk of `size` bytes through /fernet/transcript/1.0.0, checked against the root).
// Outside the timing: starting the relay and nodes, the first connection, the warm-up request.
import { startRelay } from '../../net/node/relay.js';
import { NetTransport } from '../../net/transport.js';
import { commitTranscript } from '../../rollup/transcript.js';
import type { BenchContext, BenchSuite } from '../types.js';

async function run(ctx: BenchContext): Promise<void> {
  if (!ctx.wants('net-payload') && !ctx.wants('net-chunk')) return;
  const relay = await startRelay();
  const open = () =>
    NetTransport.start({ chainId: 1, relays: [relay.address], requireLinks: false, announceIntervalMs: 300 });
  const [a, b] = await Promise.all([open(), open()]);
  try {
    const end = Date.now() + 20_000;
    while (!a.peers().includes(b.peerId)) {
      if (Date.now() > end) throw new Error('net bench: no direct connection within 20 s');
      await new Promise((r) => setTimeout(r, 50));
    }
    const commitment = new Uint8Array(32).fill(1);
    if (ctx.wants('net-payload')) {
      for (const size of ctx.quick ? [1 << 20] : [1 << 20, 4 << 20, 16 << 20]) {
        const payload = new Uint8Array(size).fill(7);
        b.servePayloads(() => payload);
        const ms = await ctx.median(
          async () => {
            const got = await a.fetchPayload({ commitment, level: 0, index: 0 }, { peer: b.peerId });
            if (got.bytes.length !== size) throw new Error('net bench: short payload');
          },
          ctx.quick ? 2 : 7,
        );
        ctx.record({ name: 'net-payload', impl: 'webrtc', size, threads: 1, ms });
      }
    }
    if (ctx.wants('net-chunk')) {
      const size = 32 * 1024;
      const t = commitTranscript(Array.from({ length: 17 }, (_, i) => new Uint8Array(size).fill(i)));
      b.serveTranscript(commitment, t);
      let i = 0;
      // A different chunk each run: fetchChunks never asks twice for a verified one.
      const ms = await ctx.median(
        async () => {
          await a.fetchChunks({ commitment, root: t.root, indices: [i++ % 17], peers: [b.peerId] });
        },
        ctx.quick ? 3 : 15,
      );
      ctx.record({ name: 'net-chunk', impl: 'webrtc', size, threads: 1, ms });
    }
  } finally {
    await Promise.all([a.stop(), b.stop()]);
    await relay.stop();
  }
}

export const netSuite: BenchSuite = {
  name: 'net',
  description: 'payload and transcript-chunk fetch over a direct WebRTC connection (Node to Node)',
  cases: ['net-payload', 'net-chunk'],
  run,
};
