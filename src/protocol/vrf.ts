// The seed's VRF: vrf(pk, prevBlockHash) = sha256(pk ‖ prevBlockHash), read as a 256-bit
// big-endian integer. Public by design: anyone computes everyone's output, so nobody can withhold.
import { bytesToHex, compareBytes, sha256, HASH_BYTES } from './bytes.js';
import { ParameterError } from './errors.js';

export const VRF_BITS = 256;

export function vrfBytes(publicKey: Uint8Array, prevBlockHash: Uint8Array): Uint8Array {
  if (!(prevBlockHash instanceof Uint8Array) || prevBlockHash.length !== HASH_BYTES) {
    throw new ParameterError(`previous block hash must be ${HASH_BYTES} bytes`);
  }
  if (!(publicKey instanceof Uint8Array) || publicKey.length === 0) {
    throw new ParameterError('public key must be a non-empty Uint8Array');
  }
  return sha256(publicKey, prevBlockHash);
}

export function vrf(publicKey: Uint8Array, prevBlockHash: Uint8Array): bigint {
  // Through hex: far faster than a byte-by-byte BigInt loop for elections over large sets.
  return BigInt(`0x${bytesToHex(vrfBytes(publicKey, prevBlockHash))}`);
}

export interface VrfEntry {
  readonly publicKey: Uint8Array;
  readonly vrf: bigint;
}

/** Total order used by every role rule: by VRF output, ties by public key bytes. */
export function compareVrf(a: VrfEntry, b: VrfEntry): number {
  if (a.vrf !== b.vrf) return a.vrf < b.vrf ? -1 : 1;
  return compareBytes(a.publicKey, b.publicKey);
}
