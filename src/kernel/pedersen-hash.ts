// The domain-separated messages behind the Pedersen generators (nothing up our sleeve).
//
// Generator i of label L is the first point found by try-and-increment over counter c = 0, 1, …:
//   message(L, i, c) = utf8(PEDERSEN_DOMAIN) ‖ 0x00 ‖ u32le(byteLength(utf8(L))) ‖ utf8(L)
//                      ‖ u32le(i) ‖ u32le(c)
//   digest           = SHA-512(message)                       (64 bytes)
//   x                = digest as a little-endian integer mod q (wide reduction, bias < 2^-258)
//   accepted when x³ + 3 is a square in Fq; y = the square root whose canonical integer is even.
// The fixed domain string, its terminator and the length prefix make the encoding injective, so
// distinct (label, index, counter) never share a message. The field work is in the kernel
// (wasm/assembly/hash_to_curve.ts); this module only builds messages and digests.
import { sha512 } from '@noble/hashes/sha2.js';

export const PEDERSEN_DOMAIN = 'fernet-prover/pedersen-generators/bn254-g1/v1';
export const DIGEST_BYTES = 64;
/** Labels are short names ("folding-W", "folding-E", …); the bound keeps messages small. */
export const MAX_LABEL_BYTES = 256;

export class PedersenInputError extends Error {
  override name = 'PedersenInputError';
}

/** utf8(domain) ‖ 0x00 ‖ u32le(len) ‖ utf8(label): the part of every message fixed by the label. */
export function messagePrefix(label: string): Uint8Array {
  const encoder = new TextEncoder();
  const labelBytes = encoder.encode(label);
  if (labelBytes.length > MAX_LABEL_BYTES) {
    throw new PedersenInputError(`Pedersen label is ${labelBytes.length} bytes, at most ${MAX_LABEL_BYTES} allowed`);
  }
  const domain = encoder.encode(PEDERSEN_DOMAIN);
  const prefix = new Uint8Array(domain.length + 1 + 4 + labelBytes.length);
  prefix.set(domain, 0);
  // prefix[domain.length] = 0x00 (already zero)
  new DataView(prefix.buffer).setUint32(domain.length + 1, labelBytes.length, true);
  prefix.set(labelBytes, domain.length + 5);
  return prefix;
}

/**
 * SHA-512 digests of message(label, indices[j], counters[j]) for every j, concatenated
 * (64 bytes each). `prefix` comes from messagePrefix(label).
 */
export function candidateDigests(
  prefix: Uint8Array,
  indices: ArrayLike<number>,
  counters: ArrayLike<number>,
): Uint8Array {
  const n = indices.length;
  const out = new Uint8Array(n * DIGEST_BYTES);
  const message = new Uint8Array(prefix.length + 8);
  message.set(prefix, 0);
  const tail = new DataView(message.buffer, prefix.length, 8);
  for (let j = 0; j < n; j++) {
    tail.setUint32(0, indices[j]!, true);
    tail.setUint32(4, counters[j]!, true);
    out.set(sha512(message), j * DIGEST_BYTES);
  }
  return out;
}
