// The persisted form of a set of Pedersen generators (pure bytes, no wasm):
//
//   offset  size      field
//   0       4         magic "FPGN"
//   4       1         format version (1)
//   5       3         zero
//   8       4         u32le byte length L of the label (≤ MAX_LABEL_BYTES)
//   12      L         label, UTF-8
//   12+L    4         u32le n, the number of generators
//   16+L    n         counter of each generator (the try-and-increment step that produced it)
//   16+L+n  64·n      the points, x ‖ y little-endian (the G1Points layout)
//   end−32  32        SHA-256 of every byte before it
//
// The checksum catches corruption; decoding also checks every length. The points themselves are
// re-derived from their counters by the caller (src/kernel/pedersen.ts) before they are trusted.
import { sha256 } from '@noble/hashes/sha2.js';
import { MAX_LABEL_BYTES } from './pedersen-hash.js';
import { G1_BYTES, type G1Points } from './types.js';

export const GENERATORS_MAGIC = 'FPGN';
export const GENERATORS_FORMAT_VERSION = 1;
const HEADER_BYTES = 12;
const CHECKSUM_BYTES = 32;

export class PedersenCacheError extends Error {
  override name = 'PedersenCacheError';
}

export interface GeneratorSet {
  label: string;
  /** Try-and-increment counter of each generator (one byte each). */
  counters: Uint8Array;
  /** counters.length × 64 bytes. */
  points: G1Points;
}

export function encodeGenerators(set: GeneratorSet): Uint8Array {
  const n = set.counters.length;
  if (set.points.length !== n * G1_BYTES) throw new RangeError('encodeGenerators: points and counters disagree on n');
  const label = new TextEncoder().encode(set.label);
  const body = HEADER_BYTES + label.length + 4 + n + n * G1_BYTES;
  const out = new Uint8Array(body + CHECKSUM_BYTES);
  const view = new DataView(out.buffer);
  out.set(new TextEncoder().encode(GENERATORS_MAGIC), 0);
  out[4] = GENERATORS_FORMAT_VERSION;
  view.setUint32(8, label.length, true);
  out.set(label, HEADER_BYTES);
  let at = HEADER_BYTES + label.length;
  view.setUint32(at, n, true);
  at += 4;
  out.set(set.counters, at);
  out.set(set.points, at + n);
  out.set(sha256(out.subarray(0, body)), body);
  return out;
}

export function decodeGenerators(bytes: Uint8Array): GeneratorSet {
  const fail = (why: string): never => {
    throw new PedersenCacheError(`stored Pedersen generators rejected: ${why}`);
  };
  if (bytes.length < HEADER_BYTES + 4 + CHECKSUM_BYTES) fail(`${bytes.length} bytes is shorter than an empty set`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (new TextDecoder().decode(bytes.subarray(0, 4)) !== GENERATORS_MAGIC) fail('bad magic (not a generator set)');
  if (bytes[4] !== GENERATORS_FORMAT_VERSION) fail(`unknown format version ${bytes[4]}`);
  if (bytes[5] !== 0 || bytes[6] !== 0 || bytes[7] !== 0) fail('reserved header bytes are not zero');
  const labelLength = view.getUint32(8, true);
  if (labelLength > MAX_LABEL_BYTES) fail(`label length ${labelLength} exceeds ${MAX_LABEL_BYTES}`);
  if (bytes.length < HEADER_BYTES + labelLength + 4 + CHECKSUM_BYTES) fail('truncated before the generator count');
  const countAt = HEADER_BYTES + labelLength;
  const n = view.getUint32(countAt, true);
  const body = countAt + 4 + n * (1 + G1_BYTES);
  if (bytes.length !== body + CHECKSUM_BYTES)
    fail(`length ${bytes.length} does not match ${n} generators (expected ${body + CHECKSUM_BYTES})`);
  const expected = sha256(bytes.subarray(0, body));
  const stored = bytes.subarray(body);
  if (!expected.every((b, i) => b === stored[i])) fail('checksum mismatch (corrupted data)');
  let label: string;
  try {
    label = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(HEADER_BYTES, countAt));
  } catch {
    return fail('label is not valid UTF-8');
  }
  const countersAt = countAt + 4;
  return {
    label,
    counters: bytes.slice(countersAt, countersAt + n),
    points: bytes.slice(countersAt + n, body),
  };
}
