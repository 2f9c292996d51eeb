// Merger keys are BLS12-381 G1 public keys (48 bytes, compressed), checked before use.
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { MERGER_KEY_BYTES } from './nifs.js';

export function isValidMergerKey(key: Uint8Array): boolean {
  if (key.length !== MERGER_KEY_BYTES) return false;
  try {
    const p = bls12_381.G1.Point.fromBytes(key);
    p.assertValidity();
    return !p.is0();
  } catch {
    return false;
  }
}
