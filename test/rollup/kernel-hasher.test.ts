// The production hasher is the WASM kernel's Poseidon; poseidon-lite is an independent
// implementation of the same permutation. Building the same state with both must agree hash for
// hash, so neither can be wrong unnoticed.
import { beforeAll, describe, expect, it } from 'vitest';
import { buildBlock } from '../../src/rollup/block-builder.js';
import { KernelInputError } from '../../src/kernel/index.js';
import { FR_MODULUS } from '../../src/rollup/field.js';
import type { FieldHasher } from '../../src/rollup/hasher.js';
import { verifyLeafChain } from '../../src/rollup/leaf-verifier.js';
import { zeroHashes } from '../../src/rollup/merkle.js';
import { RollupState } from '../../src/rollup/state.js';
import type { Transaction } from '../../src/rollup/types.js';
import { liteHasher, loadKernelHasher } from './helpers.js';

let kernel: FieldHasher;
beforeAll(async () => {
  kernel = await loadKernelHasher();
});

const candidates: Transaction[] = [
  { noteHashes: [5n, 6n], nullifiers: [500n, 20n], fee: 1n, payload: new Uint8Array([1, 2]) },
  { noteHashes: [7n], nullifiers: [300n], fee: 2n, payload: new Uint8Array(0) },
  { noteHashes: [], nullifiers: [1n << 250n], fee: 3n, payload: new Uint8Array(33).fill(3) },
];

describe('kernel Poseidon hasher', () => {
  it('rejects non-canonical inputs instead of reducing them', () => {
    expect(() => kernel.hash2(FR_MODULUS, 1n)).toThrow(KernelInputError);
    expect(() => kernel.hash2(1n, -1n)).toThrow(KernelInputError);
  });

  it('equals poseidon-lite on the zero-subtree hashes of a depth-20 tree', () => {
    const a = zeroHashes(kernel, 20);
    const b = zeroHashes(liteHasher, 20);
    expect(a.slice(0, 21)).toEqual(b.slice(0, 21));
  });

  it('equals poseidon-lite on every hash a block build makes', () => {
    const seen: [bigint, bigint, bigint][] = [];
    const recording: FieldHasher = {
      hash2: (x, y) => {
        const out = kernel.hash2(x, y);
        seen.push([x, y, out]);
        return out;
      },
    };
    const viaKernel = buildBlock(RollupState.genesis(recording), candidates, { height: 2 });
    const viaLite = buildBlock(RollupState.genesis(liteHasher), candidates, { height: 2 });
    expect(seen.length).toBeGreaterThan(100);
    for (const [x, y, out] of seen) expect(out).toBe(liteHasher.hash2(x, y));
    expect(viaKernel.end).toEqual(viaLite.end);
    expect(viaKernel.leaves.map((l) => l.effectsHash)).toEqual(viaLite.leaves.map((l) => l.effectsHash));
    // And each implementation's light verifier accepts the other's transcript.
    expect(verifyLeafChain(liteHasher, viaKernel.start, viaKernel.leaves)).toEqual(viaLite.end);
  });
});
