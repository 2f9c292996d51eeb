// The PeerTransport port's contract, run against the libp2p transport: one relay for the file and
// `count` fresh transports per test, in this process, over real WebSockets, circuit relay and
// WebRTC (node-datachannel). Link checks are off here (the contract's peers are not stakers); the
// cluster tests cover them.
import { afterAll, describe, expect, it } from 'vitest';
import { type Relay, startRelay } from '../../src/net/node/relay.js';
import { NotConnectedError } from '../../src/net/errors.js';
import { NetTransport } from '../../src/net/transport.js';
import { describeTransportContract } from '../participant/contracts/transport.contract.js';

let relay: Promise<Relay> | undefined;
afterAll(async () => (await relay)?.stop());

describeTransportContract(
  'libp2p (WebRTC through a relay)',
  async (count) => {
    relay ??= startRelay();
    const { address } = await relay;
    const transports = await Promise.all(
      Array.from({ length: count }, () =>
        NetTransport.start({
          chainId: 1,
          relays: [address],
          requireLinks: false,
          announceIntervalMs: 500,
          limits: { requestTimeoutMs: 5000 },
        }),
      ),
    );
    return {
      transports,
      async close() {
        await Promise.all(transports.map((t) => t.stop()));
      },
    };
  },
  // Under a loaded 2-core machine a first direct connection can take several seconds.
  { gossipWaitMs: 2500 },
);

// A peer's address announcement trails its link and its join: connect() waits for it (up to the
// caller's signal) instead of failing the moment a peer is named.
describe('connect before the address announcement', () => {
  it('waits for the late announcement, and names the peer when none comes in time', async () => {
    relay ??= startRelay();
    const { address } = await relay;
    const options = { chainId: 1, relays: [address], requireLinks: false, announceIntervalMs: 500 };
    const a = await NetTransport.start(options);
    try {
      const silent = await NetTransport.start(options);
      const silentId = silent.peerId;
      await silent.stop();
      await expect(a.connect(silentId, AbortSignal.timeout(300))).rejects.toThrow(
        new NotConnectedError(`no WebRTC address known for ${silentId}`),
      );
      const b = await NetTransport.start(options);
      try {
        // Asked at once: b has not announced yet, so a must wait for it rather than give up.
        const conn = await a.connect(b.peerId, AbortSignal.timeout(30_000));
        expect(conn.remotePeer.toString()).toBe(b.peerId);
        expect(conn.limits == null).toBe(true);
      } finally {
        await b.stop();
      }
    } finally {
      await a.stop();
    }
  }, 60_000);
});
