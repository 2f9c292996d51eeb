import fc from 'fast-check';
import { poseidon2 as liteHash } from 'poseidon-lite';
import { beforeAll, describe, expect, test } from 'vitest';
import { bigintToBytesLE, decodeFrVector, encodeFrVector } from '../../src/kernel/encoding.js';
import { loadKernel } from '../../src/kernel/index.js';
import { instantiateKernel, type KernelExports } from '../../src/kernel/loader.js';
import { poseidon2, poseidon2Batch } from '../../src/kernel/poseidon.js';
import { FR_MODULUS, KernelInputError } from '../../src/kernel/types.js';

const R = FR_MODULUS;
let k: KernelExports;
beforeAll(async () => {
  k = await instantiateKernel();
});

const frElement = fc.oneof(
  fc.bigInt({ min: 0n, max: R - 1n }),
  fc.constantFrom(0n, 1n, R - 1n, R - 2n, (1n << 253n) - 1n),
);

describe('kernel Poseidon (BN254, t = 3)', () => {
  test('Poseidon(1, 2) is the published circomlib value', () => {
    expect(poseidon2(k, 1n, 2n)).toBe(0x115cc0f5e7d690413df64c6b9662e9cf2a3617f2743245519e19607a4417189an);
  });

  test('edge inputs equal poseidon-lite', () => {
    for (const [a, b] of [
      [0n, 0n],
      [R - 1n, R - 1n],
      [0n, R - 1n],
      [R - 1n, 0n],
      [1n, 0n],
    ] as const) {
      expect(poseidon2(k, a, b)).toBe(liteHash([a, b]));
    }
  });

  test('random inputs equal poseidon-lite', () => {
    fc.assert(
      fc.property(frElement, frElement, (a, b) => poseidon2(k, a, b) === liteHash([a, b])),
      { numRuns: 60 },
    );
  });

  test('a batch equals the single hashes, across chunk boundaries', () => {
    const left = [0n, 1n, R - 1n, ...Array.from({ length: 9 }, (_, i) => BigInt(i) * 0x1234567890abcdefn + 5n)];
    const right = left.map((v, i) => (v * 3n + BigInt(i)) % R);
    const expected = left.map((v, i) => poseidon2(k, v, right[i]!));
    for (const chunk of [1, 5, 64]) {
      const out = poseidon2Batch(k, encodeFrVector(left), encodeFrVector(right), chunk);
      expect(decodeFrVector(out)).toEqual(expected);
    }
    expect(expected[1]).toBe(liteHash([1n, right[1]!]));
  });

  test('the Kernel face computes the same hashes', async () => {
    const kernel = await loadKernel();
    expect(kernel.poseidon2(1n, 2n)).toBe(liteHash([1n, 2n]));
    const left = encodeFrVector([3n, R - 1n]);
    const right = encodeFrVector([4n, 0n]);
    expect(decodeFrVector(kernel.poseidon2Batch(left, right))).toEqual([liteHash([3n, 4n]), liteHash([R - 1n, 0n])]);
    expect(() => kernel.poseidon2(R, 0n)).toThrow(KernelInputError);
    expect(() => kernel.poseidon2Batch(encodeFrVector([R]), encodeFrVector([0n]))).toThrow(KernelInputError);
  });

  test('an empty batch gives an empty vector', () => {
    expect(poseidon2Batch(k, new Uint8Array(0), new Uint8Array(0))).toHaveLength(0);
  });
});

describe('kernel Poseidon rejects bad input', () => {
  test('non-canonical scalars', () => {
    expect(() => poseidon2(k, R, 1n)).toThrow(KernelInputError);
    expect(() => poseidon2(k, 1n, R + 5n)).toThrow(/b is not a canonical Fr element/);
    expect(() => poseidon2(k, -1n, 1n)).toThrow(KernelInputError);
    expect(() => poseidon2(k, 1n << 256n, 1n)).toThrow(KernelInputError);
    expect(() => poseidon2(k, 1 as unknown as bigint, 2n)).toThrow(KernelInputError);
  });

  test('a non-canonical element in a batch names its side and index, even in a later chunk', () => {
    const good = encodeFrVector(Array.from({ length: 12 }, (_, i) => BigInt(i)));
    const badLeft = good.slice();
    badLeft.set(bigintToBytesLE(R), 7 * 32);
    expect(() => poseidon2Batch(k, badLeft, good, 5)).toThrow(/left\[7\] is not a canonical Fr element/);
    const badRight = good.slice();
    badRight.fill(0xff, 10 * 32, 11 * 32);
    expect(() => poseidon2Batch(k, good, badRight)).toThrow(/right\[10\] is not a canonical Fr element/);
    // The kernel stays usable after a rejected call.
    expect(poseidon2(k, 1n, 2n)).toBe(liteHash([1n, 2n]));
  });

  test('malformed vectors', () => {
    expect(() => poseidon2Batch(k, new Uint8Array(64), new Uint8Array(32))).toThrow(/left has 2 elements, right has 1/);
    expect(() => poseidon2Batch(k, new Uint8Array(33), new Uint8Array(33))).toThrow(KernelInputError);
    expect(() => poseidon2Batch(k, [1, 2] as unknown as Uint8Array, new Uint8Array(32))).toThrow(KernelInputError);
  });
});
