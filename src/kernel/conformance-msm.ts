// G1 multi-scalar multiplication checks against @noble/curves: edge shapes (n = 0, 1, not a
// power of two), zero scalars, identity, repeated and opposite points, large scalars, a few
// hundred random points, and the rejection of bad scalars and points.
import { pippenger } from '@noble/curves/abstract/curve.js';
import { expectBytes, expectRejected, hex, type ConformanceCheck, type ConformanceKernel } from './conformance-core.js';
import { encodeFrVector, encodeG1 } from './encoding.js';
import {
  Fr,
  G1,
  NON_CANONICAL_FQ,
  NON_CANONICAL_FR,
  P,
  R,
  SeededRandom,
  type NoblePoint,
} from './conformance-inputs.js';

const RANDOM_MSM_POINTS = 300;

function pointBytes(p: NoblePoint): Uint8Array {
  return encodeG1(p.is0() ? null : p.toAffine());
}

function pointsBytes(points: readonly NoblePoint[]): Uint8Array {
  const out = new Uint8Array(points.length * 64);
  points.forEach((p, i) => out.set(pointBytes(p), i * 64));
  return out;
}

/** Σ s_i·P_i the plain way (one scalar multiplication per term): the reference for edge cases. */
function naiveMsm(points: readonly NoblePoint[], scalars: readonly bigint[]): NoblePoint {
  let acc = G1.ZERO;
  points.forEach((p, i) => {
    if (scalars[i] !== 0n && !p.is0()) acc = acc.add(p.multiply(scalars[i]!));
  });
  return acc;
}

const noblePippenger = (points: readonly NoblePoint[], scalars: readonly bigint[]): NoblePoint =>
  pippenger(G1, [...points], [...scalars]);

/** Kernel MSM against `reference` (naive by default) on the same inputs. */
function compareMsm(
  k: ConformanceKernel,
  what: string,
  points: readonly NoblePoint[],
  scalars: readonly bigint[],
  reference = naiveMsm,
): void {
  expectBytes(
    `${what} (n = ${points.length})`,
    k.msm(pointsBytes(points), encodeFrVector(scalars)),
    pointBytes(reference(points, scalars)),
  );
}

export const msmChecks: ConformanceCheck[] = [
  {
    name: 'msm: n = 0 and n = 1',
    run(k) {
      const rng = new SeededRandom(0x3001n);
      expectBytes('msm of nothing', k.msm(new Uint8Array(0), new Uint8Array(0)), pointBytes(G1.ZERO));
      const [p] = rng.points(1);
      compareMsm(k, 's·P, random s', [p!], [rng.fr()]);
      compareMsm(k, '1·G', [G1.BASE], [1n]);
      compareMsm(k, '(r − 1)·G', [G1.BASE], [R - 1n]);
      compareMsm(k, '2·P', [p!], [2n]);
      return 'empty sum is the identity; single terms (random, 1, 2, r − 1) equal @noble/curves';
    },
  },
  {
    name: 'msm: n not a power of two (3, 37, 100)',
    run(k) {
      const rng = new SeededRandom(0x3002n);
      const pts = rng.points(100);
      for (const n of [3, 37, 100])
        compareMsm(
          k,
          'random scalars',
          pts.slice(0, n),
          pts.slice(0, n).map(() => rng.fr()),
          noblePippenger,
        );
      return '3 sums equal @noble/curves';
    },
  },
  {
    name: 'msm: zero scalars',
    run(k) {
      const rng = new SeededRandom(0x3003n);
      const pts = rng.points(20);
      compareMsm(
        k,
        'all scalars 0',
        pts,
        pts.map(() => 0n),
      );
      compareMsm(
        k,
        'every third scalar 0, small others',
        pts,
        pts.map((_, i) => (i % 3 === 0 ? 0n : BigInt(i))),
      );
      compareMsm(
        k,
        'one non-zero scalar',
        pts,
        pts.map((_, i) => (i === 13 ? rng.fr() : 0n)),
      );
      return 'all-zero sum is the identity; mixed sums equal @noble/curves';
    },
  },
  {
    name: 'msm: identity points among the inputs',
    run(k) {
      const rng = new SeededRandom(0x3004n);
      const pts = rng.points(30).map((p, i) => (i % 4 === 1 ? G1.ZERO : p));
      compareMsm(
        k,
        'every fourth point the identity',
        pts,
        pts.map(() => rng.fr()),
      );
      compareMsm(k, 'only identity points', [G1.ZERO, G1.ZERO, G1.ZERO], [rng.fr(), 1n, R - 1n]);
      return 'identity inputs contribute nothing, as in @noble/curves';
    },
  },
  {
    name: 'msm: repeated points',
    run(k) {
      const rng = new SeededRandom(0x3005n);
      const [p] = rng.points(1);
      const same = Array.from({ length: 64 }, () => p!);
      // Reference: Σ s_i·P = (Σ s_i mod r)·P, one scalar multiplication in @noble/curves.
      const summed = (pts: readonly NoblePoint[], s: readonly bigint[]) => {
        const total = s.reduce((acc, x) => Fr.add(acc, x), 0n);
        return total === 0n ? G1.ZERO : pts[0]!.multiply(total);
      };
      compareMsm(
        k,
        'one point 64 times, random scalars',
        same,
        same.map(() => rng.fr()),
        summed,
      );
      compareMsm(
        k,
        'one point 64 times, equal scalars',
        same,
        same.map(() => 5n),
        summed,
      );
      return 'sums of a repeated point (doublings inside bucket sums) equal (Σ s)·P from @noble/curves';
    },
  },
  {
    name: 'msm: P and −P',
    run(k) {
      const rng = new SeededRandom(0x3006n);
      const [p, q] = rng.points(2);
      compareMsm(k, '7·P + 7·(−P) + 9·Q + 9·(−Q)', [p!, p!.negate(), q!, q!.negate()], [7n, 7n, 9n, 9n]);
      compareMsm(k, '7·P + 7·(−P) + 9·Q + 10·(−Q)', [p!, p!.negate(), q!, q!.negate()], [7n, 7n, 9n, 10n]);
      compareMsm(k, '1·P + (r − 1)·P', [p!, p!], [1n, R - 1n]);
      return 'cancelling terms give the identity; the rest equals @noble/curves';
    },
  },
  {
    name: 'msm: large scalars (r − 1 − i, top bits set)',
    run(k) {
      const rng = new SeededRandom(0x3007n);
      const pts = rng.points(16);
      compareMsm(
        k,
        'r − 1 − i',
        pts,
        pts.map((_, i) => R - 1n - BigInt(i)),
        noblePippenger,
      );
      compareMsm(
        k,
        '2^253 + small',
        pts,
        pts.map(() => (1n << 253n) + rng.below(1n << 200n)),
        noblePippenger,
      );
      return '2 sums equal @noble/curves';
    },
  },
  {
    name: `msm: ${RANDOM_MSM_POINTS} random points`,
    run(k) {
      const rng = new SeededRandom(0x3008n);
      const pts = rng.points(RANDOM_MSM_POINTS);
      compareMsm(
        k,
        'random points and scalars',
        pts,
        pts.map(() => rng.fr()),
        noblePippenger,
      );
      return `sum equals @noble/curves' Pippenger`;
    },
  },
  {
    name: 'msm: scalars ≥ r are rejected',
    run(k) {
      const rng = new SeededRandom(0x3009n);
      const pb = pointsBytes(rng.points(3));
      for (const x of NON_CANONICAL_FR)
        expectRejected(`msm with scalar 1 = ${hex(x)}`, () => k.msm(pb, encodeFrVector([1n, x, 2n])));
      expectRejected('msm with 3 points and 2 scalars', () => k.msm(pb, encodeFrVector([1n, 2n])));
      return `${NON_CANONICAL_FR.length} scalars ≥ r and a length mismatch threw KernelInputError`;
    },
  },
  {
    name: 'msm: points off the curve or with coordinates ≥ p are rejected',
    run(k) {
      const rng = new SeededRandom(0x300an);
      const pts = rng.points(3);
      const scalars = encodeFrVector([1n, 2n, 3n]);
      const at1 = (bytes: Uint8Array) => {
        const pb = pointsBytes(pts);
        pb.set(bytes, 64);
        return pb;
      };
      const { x, y } = pts[1]!.toAffine();
      let calls = 0;
      for (const bad of NON_CANONICAL_FQ) {
        expectRejected(`msm with x = ${hex(bad)}`, () => k.msm(at1(encodeG1({ x: bad, y })), scalars));
        expectRejected(`msm with y = ${hex(bad)}`, () => k.msm(at1(encodeG1({ x, y: bad })), scalars));
        calls += 2;
      }
      // (x, y + p) is the same point if reduced: a kernel that reduces silently would accept it.
      expectRejected('msm with (x, y + p)', () => k.msm(at1(encodeG1({ x, y: y + P })), scalars));
      expectRejected('msm with (x, y + 1)', () => k.msm(at1(encodeG1({ x, y: (y + 1n) % P })), scalars));
      expectRejected('msm with (5, 0)', () => k.msm(at1(encodeG1({ x: 5n, y: 0n })), scalars));
      compareMsm(k, 'valid points after the rejections', pts, [1n, 2n, 3n]);
      return `${calls + 3} off-curve or non-canonical points threw KernelInputError`;
    },
  },
  {
    name: 'msm-fixed: fixed-base table commitments (random, zero, one, r − 1; identity and repeated generators; a prefix)',
    run(k) {
      const rng = new SeededRandom(0xf1edn);
      const base = rng.points(150);
      const gens = base.map((p, i) => (i % 41 === 7 ? G1.ZERO : i % 29 === 3 ? base[0]! : p));
      const table = k.fixedBaseTable(pointsBytes(gens), 6);
      try {
        const sets: Array<[string, bigint[]]> = [
          ['random', gens.map(() => rng.fr())],
          ['zero', gens.map(() => 0n)],
          ['one', gens.map(() => 1n)],
          ['r − 1', gens.map(() => R - 1n)],
          ['mixed', gens.map((_, i) => [0n, 1n, R - 1n, rng.fr()][i % 4]!)],
          ['prefix of 9 (small-n path)', gens.slice(0, 9).map(() => rng.fr())],
        ];
        // the same table read in place from outside the kernel (as a pool shares it)
        const shared = k.fixedBaseTableShared(k.exportFixedTable(table), gens.length, 6);
        for (const [what, scalars] of sets) {
          const want = pointBytes(naiveMsm(gens.slice(0, scalars.length), scalars));
          expectBytes(`msmFixed ${what}`, k.msmFixed(table, encodeFrVector(scalars)), want);
          expectBytes(`msmFixed ${what}, shared table`, k.msmFixed(shared, encodeFrVector(scalars)), want);
        }
        shared.free();
        return `${sets.length} commitments over ${gens.length} generators (c = 6) equal the plain sums, from the kernel's table and from a shared one`;
      } finally {
        table.free();
      }
    },
  },
];
