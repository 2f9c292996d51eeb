// Wire form of bytes in the L1 API: 0x-prefixed lowercase hex (as Ethereum RPC does). Accounts
// inside the state use the protocol's form (lowercase hex, no prefix) so they match ledgers and
// credit reports byte for byte.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';

export function toHex(bytes: Uint8Array): string {
  return `0x${bytesToHex(bytes)}`;
}

export function fromHex(hex: string): Uint8Array {
  return hexToBytes(hex.startsWith('0x') ? hex.slice(2) : hex);
}

/** Account id (protocol form) of a public key given as bytes or 0x-hex. */
export function accountId(publicKey: Uint8Array | string): string {
  return typeof publicKey === 'string'
    ? (publicKey.startsWith('0x') ? publicKey.slice(2) : publicKey).toLowerCase()
    : bytesToHex(publicKey);
}

export { equalBytes } from '../protocol/bytes.js';

/** Big-endian unsigned integer of `width` bytes (for hashed L1 messages). */
export function uintBytes(value: number, width: 4 | 8): Uint8Array {
  const out = new Uint8Array(width);
  let v = BigInt(value);
  for (let i = width - 1; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

export function hashParts(...parts: Array<Uint8Array | string>): Uint8Array {
  const h = sha256.create();
  for (const p of parts) h.update(typeof p === 'string' ? utf8ToBytes(p) : p);
  return h.digest();
}
