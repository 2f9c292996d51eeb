import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { poseidon2 as liteHash } from 'poseidon-lite';
import { describe, expect, test } from 'vitest';
import { POSEIDON_T3 } from '../../src/kernel/poseidon-constants.js';
import { generatePoseidonConstants, grainBits, type PoseidonGrainParams } from '../../src/kernel/poseidon-grain.js';
import {
  poseidonPermutePlain,
  poseidonPermuteSparse,
  sparsePoseidonConstants,
} from '../../src/kernel/poseidon-sparse.js';
import {
  AS_MODULE_PATH,
  renderAsModule,
  renderTsModule,
  TS_MODULE_PATH,
} from '../../scripts/gen-poseidon-constants.js';

const FR = 0x30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001n;
const PARAMS: PoseidonGrainParams = { p: FR, n: 254, t: 3, roundsFull: 8, roundsPartial: 57 };

// poseidon-lite ships circomlib's constants as base64 big-endian integers; its package exports
// do not expose the file, so it is loaded by absolute path.
function poseidonLiteConstants(): { C: bigint[]; M: bigint[][] } {
  const require = createRequire(import.meta.url);
  const file = join(dirname(require.resolve('poseidon-lite')), 'constants', '2.js');
  const raw = require(file).default as { C: string[]; M: string[][] };
  const toBig = (b64: string) => BigInt(`0x${Buffer.from(b64, 'base64').toString('hex') || '0'}`);
  return { C: raw.C.map(toBig), M: raw.M.map((row) => row.map(toBig)) };
}

describe('Poseidon constants from the Grain LFSR', () => {
  const generated = generatePoseidonConstants(PARAMS);

  test('the generator reproduces the committed constants module', () => {
    expect(generated.roundConstants).toEqual([...POSEIDON_T3.roundConstants]);
    expect(generated.mds).toEqual(POSEIDON_T3.mds.map((row) => [...row]));
  });

  test("the committed constants equal circomlib's (as published by poseidon-lite)", () => {
    const lite = poseidonLiteConstants();
    expect(lite.C).toHaveLength(195);
    expect([...POSEIDON_T3.roundConstants]).toEqual(lite.C);
    expect(POSEIDON_T3.mds.map((row) => [...row])).toEqual(lite.M);
  });

  test('every constant is canonical and the MDS matrix is invertible', () => {
    for (const c of POSEIDON_T3.roundConstants) expect(c < FR && c >= 0n).toBe(true);
    const m = POSEIDON_T3.mds;
    const mod = (v: bigint) => ((v % FR) + FR) % FR;
    const det = mod(
      m[0]![0]! * (m[1]![1]! * m[2]![2]! - m[1]![2]! * m[2]![1]!) -
        m[0]![1]! * (m[1]![0]! * m[2]![2]! - m[1]![2]! * m[2]![0]!) +
        m[0]![2]! * (m[1]![0]! * m[2]![1]! - m[1]![1]! * m[2]![0]!),
    );
    expect(det).not.toBe(0n);
  });

  test('the seed depends on every parameter', () => {
    const first = (p: typeof PARAMS) => generatePoseidonConstants(p).roundConstants[0];
    expect(first({ ...PARAMS, roundsPartial: 56 })).not.toBe(generated.roundConstants[0]);
    expect(first({ ...PARAMS, t: 4 })).not.toBe(generated.roundConstants[0]);
    expect(first({ ...PARAMS, roundsFull: 10 })).not.toBe(generated.roundConstants[0]);
  });

  test('the LFSR output is balanced', () => {
    const bits = grainBits(PARAMS);
    let ones = 0;
    for (let i = 0; i < 10_000; i++) ones += bits.next().value;
    expect(ones).toBeGreaterThan(4_700);
    expect(ones).toBeLessThan(5_300);
  });
});

describe('the committed constants modules', () => {
  const root = join(import.meta.dirname, '..', '..');
  test('are what the generator script writes today', () => {
    expect(readFileSync(join(root, TS_MODULE_PATH), 'utf8')).toBe(renderTsModule());
    expect(readFileSync(join(root, AS_MODULE_PATH), 'utf8')).toBe(renderAsModule());
  });
});

describe('the sparse form of the permutation', () => {
  const spec = { p: FR, ...POSEIDON_T3 };
  const sparse = sparsePoseidonConstants(spec);
  const inputs: [bigint, bigint][] = [
    [1n, 2n],
    [0n, 0n],
    [FR - 1n, FR - 1n],
    [123456789n, FR - 987654321n],
  ];

  test('has the expected shape', () => {
    expect(sparse.fullRoundConstants).toHaveLength(8);
    expect(sparse.partialRoundConstants).toHaveLength(57);
    expect(sparse.sparseMatrices).toHaveLength(56);
    expect(sparse.sparseMatrices.every((m) => m.length === 5)).toBe(true);
  });

  test('computes the same permutation as the plain definition and poseidon-lite', () => {
    for (const [a, b] of inputs) {
      const plain = poseidonPermutePlain(spec, [0n, a, b]);
      expect(poseidonPermuteSparse(spec, sparse, [0n, a, b])).toEqual(plain);
      expect(plain[0]).toBe(liteHash([a, b]));
    }
  });

  test('a wrong sparse constant changes the output', () => {
    const broken = {
      ...sparse,
      sparseMatrices: sparse.sparseMatrices.map((m, i) =>
        i === 30 ? [m[0]!, m[1]!, m[2]!, m[3]!, (m[4]! + 1n) % FR] : m,
      ),
    };
    expect(poseidonPermuteSparse(spec, broken, [0n, 1n, 2n])[0]).not.toBe(liteHash([1n, 2n]));
  });
});
