// Merger keys are BLS12-381 G1 public keys (48 bytes, compressed), checked before use.
// Decompression and the subgroup check cost about a millisecond; a committee member names its key
// on many nodes of a block, so keys found valid are remembered (bounded).
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { MERGER_KEY_BYTES } from './nifs.js';

const KNOWN_VALID_CAP = 4096;
const knownValid = new Set<string>();

export function isValidMergerKey(key: Uint8Array): boolean {
  if (!(key instanceof Uint8Array) || key.length !== MERGER_KEY_BYTES) return false;
  const hex = bytesToHex(key);
  if (knownValid.has(hex)) return true;
  try {
    const p = bls12_381.G1.Point.fromBytes(key);
    p.assertValidity();
    if (p.is0()) return false;
  } catch {
    return false;
  }
  if (knownValid.size >= KNOWN_VALID_CAP) knownValid.clear();
  knownValid.add(hex);
  return true;
}
