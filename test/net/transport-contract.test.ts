// The PeerTransport port's contract, run against the libp2p transport: one relay for the file and
// `count` fresh transports per test, in this process, over real WebSockets, circuit relay and
// WebRTC (node-datachannel). Link checks are off here (the contract's peers are not stakers); the
// cluster tests cover them.
import { afterAll } from 'vitest';
import { type Relay, startRelay } from '../../src/net/node/relay.js';
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
