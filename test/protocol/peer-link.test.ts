import { describe, expect, it } from 'vitest';
import { ed25519 } from '@noble/curves/ed25519.js';
import {
  KeyEncodingError,
  MessageError,
  PEER_LINK_BYTES,
  SignatureError,
  assertPeerLink,
  createPeerLink,
  decodePeerLink,
  ed25519KeyFromPeerId,
  encodePeerLink,
  generateStakingKey,
  peerIdFromEd25519,
} from '../../src/protocol/index.js';

const staker = generateStakingKey(new Uint8Array(48).fill(4));
const other = generateStakingKey(new Uint8Array(48).fill(5));
const peerSecret = new Uint8Array(32).fill(6);
const link = createPeerLink({
  chainId: 7,
  stakingSecretKey: staker.secretKey,
  stakingKey: staker.publicKey,
  peerSecretKey: peerSecret,
});

describe('peer link announcement', () => {
  it('binds the staking key to the libp2p peer id and round-trips its encoding', () => {
    expect(() => assertPeerLink(link, 7)).not.toThrow();
    const bytes = encodePeerLink(link);
    expect(bytes.length).toBe(PEER_LINK_BYTES);
    const back = decodePeerLink(bytes);
    expect(back).toEqual(link);
    expect(() => assertPeerLink(back)).not.toThrow();
    expect(ed25519KeyFromPeerId(link.peerId)).toEqual(ed25519.getPublicKey(peerSecret));
    expect(link.peerId.subarray(0, 6)).toEqual(Uint8Array.from([0, 0x24, 8, 1, 0x12, 0x20]));
  });

  it('rejects a link whose staking key was swapped (BLS side fails)', () => {
    expect(() => assertPeerLink({ ...link, stakingKey: other.publicKey })).toThrow(/staking-key signature invalid/);
  });

  it('rejects a link re-pointed at another peer id (both sides fail, BLS named first)', () => {
    const peerId = peerIdFromEd25519(ed25519.getPublicKey(new Uint8Array(32).fill(8)));
    expect(() => assertPeerLink({ ...link, peerId })).toThrow(SignatureError);
  });

  it('rejects a tampered peer signature', () => {
    const peerSignature = Uint8Array.from(link.peerSignature);
    peerSignature[3] ^= 1;
    expect(() => assertPeerLink({ ...link, peerSignature })).toThrow(/Ed25519\) signature invalid/);
  });

  it('rejects a replay on another chain', () => {
    expect(() => assertPeerLink(link, 8)).toThrow(/chain 7, expected 8/);
    expect(() => assertPeerLink({ ...link, chainId: 8 })).toThrow(SignatureError);
  });

  it('rejects malformed encodings with clear errors', () => {
    const bytes = encodePeerLink(link);
    expect(() => decodePeerLink(bytes.subarray(1))).toThrow(MessageError);
    const v2 = Uint8Array.from(bytes);
    v2[0] = 2;
    expect(() => decodePeerLink(v2)).toThrow(/unknown version 2/);
    const badPeer = Uint8Array.from(bytes);
    badPeer[5 + 48] = 0x12; // multihash code byte
    expect(() => assertPeerLink(decodePeerLink(badPeer))).toThrow(KeyEncodingError);
    expect(() => peerIdFromEd25519(new Uint8Array(31))).toThrow(KeyEncodingError);
  });
});
