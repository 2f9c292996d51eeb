// Shared test fixtures: the production hasher (the WASM kernel's Poseidon) and poseidon-lite,
// an independent implementation used only to cross-check it.
import { poseidon2 as litePoseidon2 } from 'poseidon-lite/poseidon2';
import { expect } from 'vitest';
import { loadKernel } from '../../src/kernel/index.js';
import { DecodeError } from '../../src/rollup/errors.js';
import { kernelFieldHasher, type FieldHasher } from '../../src/rollup/hasher.js';
import type { RollupParams } from '../../src/rollup/types.js';

/** The production hasher on a freshly loaded kernel. */
export async function loadKernelHasher(): Promise<FieldHasher> {
  return kernelFieldHasher(await loadKernel());
}

export const liteHasher: FieldHasher = { hash2: (a, b) => litePoseidon2([a, b]) };

/** Wraps a hasher and counts calls. */
export function countingHasher(inner: FieldHasher): FieldHasher & { calls: number } {
  const h = { calls: 0, hash2: (a: bigint, b: bigint) => (h.calls++, inner.hash2(a, b)) };
  return h;
}

/** Small trees so exhaustive checks stay cheap; K as in the defaults. */
export const SMALL_PARAMS: RollupParams = {
  noteHashTreeDepth: 5,
  nullifierTreeDepth: 4,
  maxNoteHashesPerTx: 2,
  maxNullifiersPerTx: 2,
  maxPayloadBytes: 64,
};

/** Root of a full dense tree over `leaves` (padded with zeros to 2^depth): the naive reference. */
export function denseRoot(hasher: FieldHasher, depth: number, leaves: readonly bigint[]): bigint {
  let level = [...leaves, ...new Array<bigint>(2 ** depth - leaves.length).fill(0n)];
  while (level.length > 1) {
    const next: bigint[] = [];
    for (let i = 0; i < level.length; i += 2) next.push(hasher.hash2(level[i]!, level[i + 1]!));
    level = next;
  }
  return level[0]!;
}

/** Asserts that `f` throws a DecodeError with this code and a message matching `message`. */
export function expectDecodeError(f: () => unknown, code: DecodeError['code'], message: RegExp): void {
  let caught: unknown;
  try {
    f();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(DecodeError);
  expect((caught as DecodeError).code).toBe(code);
  expect((caught as DecodeError).message).toMatch(message);
}
