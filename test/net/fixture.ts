// Shared test data for the network tests: a synthetic transcript (the transport does not care
// what chunks hold) and deterministic keys per peer index, identical in every process.
import { sha256 } from '@noble/hashes/sha2.js';
import { createPeerLink } from '../../src/protocol/peer-link.js';
import type { PeerLink } from '../../src/protocol/peer-link.js';
import { generateStakingKey } from '../../src/protocol/keys.js';
import { commitTranscript } from '../../src/rollup/transcript.js';
import type { Transcript } from '../../src/rollup/transcript.js';

export const CHAIN_ID = 31337;

export interface TranscriptSpec {
  seed: number;
  count: number;
  chunkBytes: number;
}

function expand(label: string, n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let o = 0, i = 0; o < n; o += 32, i++) {
    const block = sha256(new TextEncoder().encode(`${label}/${i}`));
    out.set(block.subarray(0, Math.min(32, n - o)), o);
  }
  return out;
}

export function syntheticTranscript(spec: TranscriptSpec): { transcript: Transcript; commitment: Uint8Array } {
  const chunks = Array.from({ length: spec.count }, (_, i) => expand(`chunk/${spec.seed}/${i}`, spec.chunkBytes));
  const transcript = commitTranscript(chunks);
  const commitment = sha256(new Uint8Array([...new TextEncoder().encode('block'), ...transcript.root]));
  return { transcript, commitment };
}

/** The witness payload a peer serves for (level, index) of a block, and its digest (the stand-in opening check). */
export function syntheticPayload(level: number, index: number, bytes: number): Uint8Array {
  return expand(`payload/${level}/${index}`, bytes);
}

export function peerSecret(index: number): Uint8Array {
  return sha256(new TextEncoder().encode(`peer-secret/${index}`));
}

export function peerLinkFor(index: number): PeerLink {
  const staking = generateStakingKey(expand(`staking/${index}`, 48));
  return createPeerLink({
    chainId: CHAIN_ID,
    stakingSecretKey: staking.secretKey,
    stakingKey: staking.publicKey,
    peerSecretKey: peerSecret(index),
  });
}
