import { describe, expect, it } from 'vitest';
import { isValidPublicKey } from '../../src/protocol/keys.js';
import { blsPublicKey } from '../proof/keys.js';

describe('isValidPublicKey (prover and merger keys on hot paths)', () => {
  it('accept BLS12-381 G1 public keys, also when seen again', () => {
    const key = blsPublicKey(5);
    expect(isValidPublicKey(key)).toBe(true);
    expect(isValidPublicKey(key)).toBe(true);
  });

  it('refuse the identity, off-curve bytes, wrong lengths and non-bytes', () => {
    const identity = new Uint8Array(48);
    identity[0] = 0xc0; // compressed point at infinity
    expect(isValidPublicKey(identity)).toBe(false);
    const key = blsPublicKey(6);
    expect(isValidPublicKey(key.subarray(0, 47))).toBe(false);
    expect(isValidPublicKey(new Uint8Array([...key, 0]))).toBe(false);
    const flipped = key.slice();
    flipped[47] ^= 1;
    // For this key, flipping the low bit of x gives an x with no point on the curve.
    expect(isValidPublicKey(flipped)).toBe(false);
    expect(isValidPublicKey(new Uint8Array(48).fill(0xff))).toBe(false);
    expect(isValidPublicKey('00' as unknown as Uint8Array)).toBe(false);
  });
});
