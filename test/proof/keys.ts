// BLS12-381 staking keys for the proof tests (prover and merger keys; deterministic, from fixed secret bytes).
import { bls12_381 } from '@noble/curves/bls12-381.js';

export function blsPublicKey(seed: number): Uint8Array {
  const sk = new Uint8Array(32);
  sk[31] = seed + 1;
  sk[0] = 0x11;
  return bls12_381.longSignatures.getPublicKey(sk).toBytes();
}
