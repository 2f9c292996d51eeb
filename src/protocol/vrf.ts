// The seed's VRF plus the slot: vrf(pk, prevBlockHash, slot) = sha256(pk ‖ prevBlockHash ‖ slot),
// slot as 8 bytes big-endian, read as a 256-bit big-endian integer. Public by design: anyone
// computes everyone's output, so nobody can withhold. The slot makes a missed slot re-draw the
// roles: with the block hash alone a withholding sequencer is re-elected until it is removed.
import { bytesToHex, compareBytes, sha256, u64, HASH_BYTES } from './bytes.js';
import { ParameterError } from './errors.js';

export const VRF_BITS = 256;

/** What an election draws from: the head the block extends and the slot it is posted in. */
export interface VrfInput {
  readonly prevBlockHash: Uint8Array;
  readonly slot: number;
}

export function vrfBytes(publicKey: Uint8Array, prevBlockHash: Uint8Array, slot: number): Uint8Array {
  if (!(prevBlockHash instanceof Uint8Array) || prevBlockHash.length !== HASH_BYTES) {
    throw new ParameterError(`previous block hash must be ${HASH_BYTES} bytes`);
  }
  if (!(publicKey instanceof Uint8Array) || publicKey.length === 0) {
    throw new ParameterError('public key must be a non-empty Uint8Array');
  }
  if (!Number.isSafeInteger(slot) || slot < 0) {
    throw new ParameterError(`slot must be a non-negative safe integer, got ${slot}`);
  }
  return sha256(publicKey, prevBlockHash, u64(slot));
}

export function vrf(publicKey: Uint8Array, prevBlockHash: Uint8Array, slot: number): bigint {
  // Through hex: far faster than a byte-by-byte BigInt loop for elections over large sets.
  return BigInt(`0x${bytesToHex(vrfBytes(publicKey, prevBlockHash, slot))}`);
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
