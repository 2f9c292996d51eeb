// Typed entry to the kernel's Poseidon (BN254 Fr, t = 3, x^5, 8 + 57 rounds, circomlib
// constants): bigints and 32-byte little-endian vectors in, the same out. The Kernel face
// delegates poseidon2 / poseidon2Batch here.
import { bytesToBigintLE } from './encoding.js';
import type { KernelExports } from './loader.js';
import { FIELD_BYTES, FR_MODULUS, type FrVector, KernelInputError } from './types.js';

/** Pairs hashed per kernel call: bounds the kernel memory a large batch needs (3 × 2 MiB). */
const CHUNK_PAIRS = 1 << 16;

/** Poseidon(a, b) for canonical Fr elements a, b. */
export function poseidon2(k: KernelExports, a: bigint, b: bigint): bigint {
  checkScalar(a, 'a');
  checkScalar(b, 'b');
  // Single hashes are frequent (transcripts, tree paths): a standing 96-byte block per kernel
  // instance and word-wise conversions keep the call overhead small next to the hash itself.
  const at = scratchOf(k);
  const view = new DataView(k.memory.buffer, at, 3 * FIELD_BYTES);
  writeWords(view, 0, a);
  writeWords(view, FIELD_BYTES, b);
  if (k.poseidon2BatchBytes(at + 2 * FIELD_BYTES, at, at + FIELD_BYTES, 1) >= 0) {
    throw new KernelInputError('poseidon2: input is not a canonical Fr element'); // unreachable: checked above
  }
  return readWords(new DataView(k.memory.buffer, at + 2 * FIELD_BYTES, FIELD_BYTES), 0);
}

const scratch = new WeakMap<KernelExports, number>();
function scratchOf(k: KernelExports): number {
  let at = scratch.get(k);
  if (at === undefined) {
    at = k.kalloc(3 * FIELD_BYTES);
    scratch.set(k, at);
  }
  return at;
}

const MASK64 = (1n << 64n) - 1n;
function writeWords(view: DataView, offset: number, v: bigint): void {
  view.setBigUint64(offset, v & MASK64, true);
  view.setBigUint64(offset + 8, (v >> 64n) & MASK64, true);
  view.setBigUint64(offset + 16, (v >> 128n) & MASK64, true);
  view.setBigUint64(offset + 24, v >> 192n, true);
}
function readWords(view: DataView, offset: number): bigint {
  return (
    view.getBigUint64(offset, true) |
    (view.getBigUint64(offset + 8, true) << 64n) |
    (view.getBigUint64(offset + 16, true) << 128n) |
    (view.getBigUint64(offset + 24, true) << 192n)
  );
}

/** Element-wise Poseidon(left[i], right[i]) over two Fr vectors of equal length. */
export function poseidon2Batch(k: KernelExports, left: FrVector, right: FrVector, chunkPairs = CHUNK_PAIRS): FrVector {
  if (!(left instanceof Uint8Array) || !(right instanceof Uint8Array))
    throw new KernelInputError('poseidon2Batch: left and right must be Uint8Arrays');
  if (left.length % FIELD_BYTES !== 0 || right.length % FIELD_BYTES !== 0) {
    throw new KernelInputError(
      `poseidon2Batch: vector lengths must be multiples of ${FIELD_BYTES} bytes (got ${left.length} and ${right.length})`,
    );
  }
  if (left.length !== right.length) {
    throw new KernelInputError(
      `poseidon2Batch: left has ${left.length / FIELD_BYTES} elements, right has ${right.length / FIELD_BYTES}`,
    );
  }
  const n = left.length / FIELD_BYTES;
  const out = new Uint8Array(left.length);
  if (n === 0) return out;
  const batch = k.poseidon2BatchBytes;
  const chunk = Math.max(1, Math.min(n, chunkPairs));
  const bytes = chunk * FIELD_BYTES;
  const base = k.kalloc(3 * bytes);
  try {
    for (let start = 0; start < n; start += chunk) {
      const count = Math.min(chunk, n - start);
      const from = start * FIELD_BYTES;
      const to = from + count * FIELD_BYTES;
      let mem = new Uint8Array(k.memory.buffer);
      mem.set(left.subarray(from, to), base);
      mem.set(right.subarray(from, to), base + bytes);
      const bad = batch(base + 2 * bytes, base, base + bytes, count);
      if (bad >= 0) throw nonCanonicalPair(left, right, start + bad);
      mem = new Uint8Array(k.memory.buffer); // the kernel may have grown its memory
      out.set(mem.subarray(base + 2 * bytes, base + 2 * bytes + count * FIELD_BYTES), from);
    }
  } finally {
    k.kfree(base);
  }
  return out;
}

function checkScalar(v: bigint, name: string): void {
  if (typeof v !== 'bigint' || v < 0n || v >= FR_MODULUS)
    throw new KernelInputError(`poseidon2: ${name} is not a canonical Fr element (0 ≤ ${name} < r)`);
}

function nonCanonicalPair(left: FrVector, _right: FrVector, i: number): KernelInputError {
  const at = (v: FrVector) => bytesToBigintLE(v.subarray(i * FIELD_BYTES, (i + 1) * FIELD_BYTES));
  const side = at(left) >= FR_MODULUS ? 'left' : 'right';
  return new KernelInputError(`poseidon2Batch: ${side}[${i}] is not a canonical Fr element (≥ r)`);
}
