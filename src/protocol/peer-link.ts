// The link announcement: a staker binds its staking key to its libp2p peer id, signed by both.
// The peer side is an Ed25519 key; its peer id bytes are libp2p's identity multihash of the
// protobuf-encoded public key (0x00 0x24 0x08 0x01 0x12 0x20 ‖ key), so they compare directly with
// `peerId.toMultihash().bytes` from js-libp2p.
//
// Wire form (251 bytes, fixed):
//   version u8 = 1 ‖ chainId u32 ‖ stakingKey 48 ‖ peerId 38 ‖ blsSignature 96 ‖ ed25519Signature 64
// Both signatures cover the same body: "fernet/v1/peer-link" tag ‖ chainId ‖ stakingKey ‖ peerId
// (the BLS side through its signing domain, the Ed25519 side over domainMessage(...) bytes).
import { ed25519 } from '@noble/curves/ed25519.js';
import { ByteReader, concat, equalBytes, u32, u8 } from './bytes.js';
import { KeyEncodingError, MessageError, SignatureError } from './errors.js';
import { PUBLIC_KEY_BYTES, SIGNATURE_BYTES, assertSignature, domainMessage, sign, validatePublicKey } from './keys.js';

export const ED25519_PUBLIC_KEY_BYTES = 32;
export const ED25519_SIGNATURE_BYTES = 64;
const PEER_ID_PREFIX = Uint8Array.from([0x00, 0x24, 0x08, 0x01, 0x12, 0x20]);
export const PEER_ID_BYTES = PEER_ID_PREFIX.length + ED25519_PUBLIC_KEY_BYTES;
const LINK_VERSION = 1;
export const PEER_LINK_BYTES = 1 + 4 + PUBLIC_KEY_BYTES + PEER_ID_BYTES + SIGNATURE_BYTES + ED25519_SIGNATURE_BYTES;

export interface PeerLink {
  readonly chainId: number;
  readonly stakingKey: Uint8Array;
  /** libp2p identity-multihash peer id of an Ed25519 key (38 bytes). */
  readonly peerId: Uint8Array;
  readonly blsSignature: Uint8Array;
  readonly peerSignature: Uint8Array;
}

export function peerIdFromEd25519(publicKey: Uint8Array): Uint8Array {
  if (!(publicKey instanceof Uint8Array) || publicKey.length !== ED25519_PUBLIC_KEY_BYTES) {
    throw new KeyEncodingError(`Ed25519 public key must be ${ED25519_PUBLIC_KEY_BYTES} bytes`);
  }
  return concat(PEER_ID_PREFIX, publicKey);
}

export function ed25519KeyFromPeerId(peerId: Uint8Array): Uint8Array {
  if (!(peerId instanceof Uint8Array) || peerId.length !== PEER_ID_BYTES) {
    throw new KeyEncodingError(`peer id must be ${PEER_ID_BYTES} bytes (Ed25519 identity multihash)`);
  }
  if (!equalBytes(peerId.subarray(0, PEER_ID_PREFIX.length), PEER_ID_PREFIX)) {
    throw new KeyEncodingError('peer id is not an Ed25519 identity multihash');
  }
  return peerId.slice(PEER_ID_PREFIX.length);
}

function linkBody(chainId: number, stakingKey: Uint8Array, peerId: Uint8Array): Uint8Array {
  return concat(u32(chainId), stakingKey, peerId);
}

export function createPeerLink(args: {
  chainId: number;
  stakingSecretKey: Uint8Array;
  stakingKey: Uint8Array;
  peerSecretKey: Uint8Array;
}): PeerLink {
  const { chainId, stakingSecretKey, stakingKey, peerSecretKey } = args;
  const peerId = peerIdFromEd25519(ed25519.getPublicKey(peerSecretKey));
  const body = linkBody(chainId, stakingKey, peerId);
  return {
    chainId,
    stakingKey,
    peerId,
    blsSignature: sign(stakingSecretKey, 'peer-link', body),
    peerSignature: ed25519.sign(domainMessage('peer-link', body), peerSecretKey),
  };
}

/** Throws SignatureError / KeyEncodingError naming the side that failed; returns for a valid link. */
export function assertPeerLink(link: PeerLink, expectedChainId?: number): void {
  if (expectedChainId !== undefined && link.chainId !== expectedChainId) {
    throw new MessageError(`peer link is for chain ${link.chainId}, expected ${expectedChainId}`);
  }
  validatePublicKey(link.stakingKey);
  const peerKey = ed25519KeyFromPeerId(link.peerId);
  const body = linkBody(link.chainId, link.stakingKey, link.peerId);
  try {
    assertSignature(link.stakingKey, 'peer-link', body, link.blsSignature);
  } catch (e) {
    throw new SignatureError(`peer link: staking-key signature invalid (${(e as Error).message})`);
  }
  let ok = false;
  try {
    ok =
      link.peerSignature.length === ED25519_SIGNATURE_BYTES &&
      ed25519.verify(link.peerSignature, domainMessage('peer-link', body), peerKey);
  } catch {
    ok = false;
  }
  if (!ok) throw new SignatureError('peer link: peer-id (Ed25519) signature invalid');
}

export function encodePeerLink(link: PeerLink): Uint8Array {
  return concat(
    u8(LINK_VERSION),
    u32(link.chainId),
    link.stakingKey,
    link.peerId,
    link.blsSignature,
    link.peerSignature,
  );
}

/** Decodes the fixed 251-byte form (structure only; call assertPeerLink to check signatures). */
export function decodePeerLink(bytes: Uint8Array): PeerLink {
  if (!(bytes instanceof Uint8Array) || bytes.length !== PEER_LINK_BYTES) {
    throw new MessageError(
      `peer link must be ${PEER_LINK_BYTES} bytes, got ${bytes instanceof Uint8Array ? bytes.length : typeof bytes}`,
    );
  }
  const r = new ByteReader(bytes, (m) => new MessageError(m), { what: 'peer link' });
  const version = r.number(1, 'version');
  if (version !== LINK_VERSION) throw new MessageError(`peer link: unknown version ${version}`);
  const link: PeerLink = {
    chainId: r.number(4, 'chainId'),
    stakingKey: r.take(PUBLIC_KEY_BYTES, 'stakingKey'),
    peerId: r.take(PEER_ID_BYTES, 'peerId'),
    blsSignature: r.take(SIGNATURE_BYTES, 'blsSignature'),
    peerSignature: r.take(ED25519_SIGNATURE_BYTES, 'peerSignature'),
  };
  r.end();
  return link;
}
