// One libp2p node factory for the browser and Node (DESIGN.md §5, verified there for libp2p 3.3 /
// @libp2p/webrtc 6): WebSockets to reach the relay, circuit relay v2 for signalling, WebRTC for the
// direct data connection (node-datachannel under Node, the browser's own RTCPeerConnection in a
// page), noise, yamux, identify (WebRTC needs it), ping, gossipsub. Browser-safe: nothing here
// imports Node built-ins.
import { circuitRelayTransport } from '@libp2p/circuit-relay-v2';
import { generateKeyPairFromSeed } from '@libp2p/crypto/keys';
import { gossipsub } from '@libp2p/gossipsub';
import type { GossipSub, GossipsubOpts } from '@libp2p/gossipsub';
import { identify } from '@libp2p/identify';
import type { Identify } from '@libp2p/identify';
import type { Libp2p, PeerId } from '@libp2p/interface';
import { noise } from '@libp2p/noise';
import { ping } from '@libp2p/ping';
import type { Ping } from '@libp2p/ping';
import { webRTC } from '@libp2p/webrtc';
import { webSockets } from '@libp2p/websockets';
import { yamux } from '@libp2p/yamux';
import type { Multiaddr } from '@multiformats/multiaddr';
import { ed25519 } from '@noble/curves/ed25519.js';
import { createLibp2p } from 'libp2p';
import { ED25519_PUBLIC_KEY_BYTES } from '../protocol/peer-link.js';
import { NetError } from './errors.js';

export type NetServices = { identify: Identify; ping: Ping; pubsub: GossipSub };
export type NetLibp2p = Libp2p<NetServices>;

export interface NetNodeOptions {
  /** 32-byte Ed25519 seed: the same secret signs the peer link, so the peer id binds to it. */
  peerSecretKey?: Uint8Array;
  /** Default `{ iceServers: [] }`: no STUN, host candidates only (offline machines, one LAN). */
  rtcConfiguration?: RTCConfiguration;
  /** Default `['/p2p-circuit', '/webrtc']`: reachable through a relay reservation, then direct. */
  listen?: string[];
  /**
   * The browser's default gater refuses ws:// and private or loopback addresses; the devnet's
   * relay is exactly that, so dialling any address is allowed unless this is set to false.
   */
  allowPrivateAddresses?: boolean;
  /** Refuse connections to and from these peers (the transport's ban list). */
  denyPeer?: (peerId: PeerId) => boolean;
  gossip?: Partial<GossipsubOpts>;
  /** Start immediately (default true). */
  start?: boolean;
}

/**
 * Gossipsub's IP colocation penalty is off: every devnet peer (and every peer behind one NAT)
 * reaches the relay from one address, and with the default (more than 10 peer ids per IP, remembered
 * for an hour) a relay with churn graylists newcomers and stops forwarding their announcements
 * (seen here after a dozen joins). Misbehaviour is scored by the transport instead (scores.ts).
 */
export const GOSSIP_SCORE_PARAMS = { IPColocationFactorWeight: 0 };

export const DEFAULT_RTC_CONFIGURATION: RTCConfiguration = { iceServers: [] };

/** A fresh Ed25519 seed for a peer key (store it to keep the peer id). */
export function randomPeerSecretKey(): Uint8Array {
  return ed25519.utils.randomSecretKey();
}

export async function createNetNode(options: NetNodeOptions = {}): Promise<NetLibp2p> {
  const seed = options.peerSecretKey ?? randomPeerSecretKey();
  if (seed.length !== ED25519_PUBLIC_KEY_BYTES) throw new NetError('peer secret key must be a 32-byte Ed25519 seed');
  const privateKey = await generateKeyPairFromSeed('Ed25519', seed);
  const denyPeer = options.denyPeer ?? (() => false);
  const allowPrivate = options.allowPrivateAddresses ?? true;
  return createLibp2p({
    privateKey,
    start: options.start ?? true,
    addresses: { listen: options.listen ?? ['/p2p-circuit', '/webrtc'] },
    transports: [
      webSockets(),
      circuitRelayTransport(),
      webRTC({ rtcConfiguration: options.rtcConfiguration ?? DEFAULT_RTC_CONFIGURATION }),
    ],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    connectionGater: {
      ...(allowPrivate ? { denyDialMultiaddr: () => false } : {}),
      denyDialPeer: (peer) => denyPeer(peer),
      denyInboundEncryptedConnection: (peer) => denyPeer(peer),
      denyOutboundEncryptedConnection: (peer) => denyPeer(peer),
    },
    services: {
      identify: identify(),
      ping: ping(),
      pubsub: gossipsub({
        allowPublishToZeroTopicPeers: true,
        emitSelf: false,
        scoreParams: GOSSIP_SCORE_PARAMS,
        ...options.gossip,
      }),
    },
  });
}

/** Circuit addresses through which the WebRTC transport can be dialled (…/p2p-circuit/webrtc/p2p/<id>). */
export function webRtcAddresses(node: Libp2p): Multiaddr[] {
  return node.getMultiaddrs().filter((a) => {
    const s = a.toString();
    return s.includes('/p2p-circuit/webrtc');
  });
}
