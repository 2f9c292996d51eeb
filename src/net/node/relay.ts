// The relay/bootstrap node (Node only): a WebSocket listener on 127.0.0.1, the circuit relay v2
// server peers reserve a slot on (their /p2p-circuit/webrtc address), identify, and gossipsub
// subscribed to every topic so it meshes with everyone and forwards announcements. Data never
// flows through it: relayed connections are limited, and the request protocols refuse them.
import { circuitRelayServer } from '@libp2p/circuit-relay-v2';
import { generateKeyPairFromSeed } from '@libp2p/crypto/keys';
import { gossipsub } from '@libp2p/gossipsub';
import type { GossipSub } from '@libp2p/gossipsub';
import { identify } from '@libp2p/identify';
import type { Libp2p } from '@libp2p/interface';
import { ping } from '@libp2p/ping';
import { webSockets } from '@libp2p/websockets';
import { noise } from '@libp2p/noise';
import { yamux } from '@libp2p/yamux';
import { createLibp2p } from 'libp2p';
import { NET_TOPICS } from '../limits.js';
import { GOSSIP_SCORE_PARAMS, randomPeerSecretKey } from '../node.js';

export interface RelayOptions {
  /** Keep the same seed across restarts so peers' bootstrap address stays valid. */
  peerSecretKey?: Uint8Array;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  maxReservations?: number;
}

export interface Relay {
  node: Libp2p<{ pubsub: GossipSub }>;
  /** The WebSocket address peers bootstrap from (…/ws/p2p/<id>). */
  address: string;
  stop(): Promise<void>;
}

export async function startRelay(options: RelayOptions = {}): Promise<Relay> {
  const privateKey = await generateKeyPairFromSeed('Ed25519', options.peerSecretKey ?? randomPeerSecretKey());
  const node = await createLibp2p({
    privateKey,
    addresses: { listen: [`/ip4/${options.host ?? '127.0.0.1'}/tcp/${options.port ?? 0}/ws`] },
    transports: [webSockets()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    connectionGater: { denyDialMultiaddr: () => false },
    connectionManager: { maxConnections: 1000 },
    services: {
      identify: identify(),
      ping: ping(),
      relay: circuitRelayServer({ reservations: { maxReservations: options.maxReservations ?? 512 } }),
      pubsub: gossipsub({ allowPublishToZeroTopicPeers: true, doPX: true, scoreParams: GOSSIP_SCORE_PARAMS }),
    },
  });
  for (const topic of NET_TOPICS) node.services.pubsub.subscribe(topic);
  const ws = node.getMultiaddrs().find((a) => a.toString().includes('/ws'));
  if (ws === undefined) throw new Error('relay has no WebSocket address');
  return {
    node: node as unknown as Libp2p<{ pubsub: GossipSub }>,
    address: ws.toString(),
    stop: async () => {
      await node.stop();
    },
  };
}
