// Fr checks: multiplication and inversion against @noble/curves' Fr, and the rejection of
// non-canonical scalars by every entry that takes a bigint.
import { expectBigint, expectRejected, hex, type ConformanceCheck } from './conformance-core.js';
import { FR_EDGES, Fr, NON_CANONICAL_FR, SeededRandom } from './conformance-inputs.js';

const RANDOM_PAIRS = 64;

export const fieldChecks: ConformanceCheck[] = [
  {
    name: 'fr.mul: edge values, every pair',
    run(k) {
      for (const a of FR_EDGES)
        for (const b of FR_EDGES) expectBigint(`frMul(${hex(a)}, ${hex(b)})`, k.frMul(a, b), Fr.mul(a, b));
      return `${FR_EDGES.length ** 2} products equal @noble/curves Fr.mul`;
    },
  },
  {
    name: 'fr.mul: random values',
    run(k) {
      const rng = new SeededRandom(0xf001n);
      for (let i = 0; i < RANDOM_PAIRS; i++) {
        const a = rng.fr();
        const b = rng.fr();
        expectBigint(`frMul(${hex(a)}, ${hex(b)})`, k.frMul(a, b), Fr.mul(a, b));
      }
      return `${RANDOM_PAIRS} products equal @noble/curves Fr.mul`;
    },
  },
  {
    name: 'fr.inverse: 1, r − 1, edges and random values',
    run(k) {
      const rng = new SeededRandom(0xf002n);
      const inputs = [
        ...FR_EDGES.filter((a) => a !== 0n),
        ...Array.from({ length: RANDOM_PAIRS }, () => rng.frNonZero()),
      ];
      for (const a of inputs) expectBigint(`frInverse(${hex(a)})`, k.frInverse(a), Fr.inv(a));
      return `${inputs.length} inverses equal @noble/curves Fr.inv (1 → 1, r − 1 → r − 1 included)`;
    },
  },
  {
    name: 'fr.inverse: 0 is rejected',
    run(k) {
      expectRejected('frInverse(0)', () => k.frInverse(0n));
      expectBigint('frInverse(1) after the rejection', k.frInverse(1n), 1n);
      return 'frInverse(0) throws KernelInputError; the kernel stays usable';
    },
  },
  {
    name: 'fr: non-canonical scalars are rejected (r, r + 1, 2^256 − 1, −1)',
    run(k) {
      const bad = [...NON_CANONICAL_FR, -1n];
      for (const x of bad) {
        expectRejected(`frMul(${hex(x)}, 1)`, () => k.frMul(x, 1n));
        expectRejected(`frMul(1, ${hex(x)})`, () => k.frMul(1n, x));
        expectRejected(`frInverse(${hex(x)})`, () => k.frInverse(x));
        expectRejected(`poseidon2(${hex(x)}, 0)`, () => k.poseidon2(x, 0n));
        expectRejected(`poseidon2(0, ${hex(x)})`, () => k.poseidon2(0n, x));
        expectRejected(`frAxpy(·, ${hex(x)}, ·)`, () => k.frAxpy(new Uint8Array(32), x, new Uint8Array(32)));
      }
      expectBigint('frMul(3, 5) after the rejections', k.frMul(3n, 5n), Fr.mul(3n, 5n));
      return `${bad.length * 6} calls with non-canonical scalars threw KernelInputError`;
    },
  },
];
