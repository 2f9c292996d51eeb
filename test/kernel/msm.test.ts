import { buildBn128 } from 'ffjavascript';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { encodeFrVector, encodeG1, bytesToBigintLE } from '../../src/kernel/encoding.js';
import { KernelInputError, loadKernel, type WasmKernel } from '../../src/kernel/index.js';
import {
  G,
  P_ORDER,
  R_ORDER,
  nobleMsm,
  noblePointBytes,
  pointsToBytes,
  randomPoints,
  randomScalar,
  type NoblePoint,
} from './helpers.js';

let k: WasmKernel;
beforeAll(async () => {
  k = await loadKernel();
});

function check(points: NoblePoint[], scalars: bigint[], windowBits?: number): void {
  const pb = pointsToBytes(points);
  const sb = encodeFrVector(scalars);
  const got = windowBits ? k.msmWithWindow(pb, sb, windowBits) : k.msm(pb, sb);
  expect(Buffer.from(got).toString('hex')).toBe(
    Buffer.from(noblePointBytes(nobleMsm(points, scalars))).toString('hex'),
  );
}

describe('msm against @noble/curves', () => {
  const pts = randomPoints(100);
  test('n = 1', () => {
    check(pts.slice(0, 1), [randomScalar()]);
    check([G.BASE], [1n]);
    check([G.BASE], [R_ORDER - 1n]);
  });
  test('n = 0 gives the identity', () => {
    expect(k.msm(new Uint8Array(0), new Uint8Array(0))).toEqual(new Uint8Array(64));
  });
  test('n not a power of two, random scalars, several window widths', () => {
    const s = pts.slice(0, 37).map(() => randomScalar());
    check(pts.slice(0, 37), s);
    for (const c of [2, 3, 4, 5, 7, 8, 11, 13, 16]) check(pts.slice(0, 37), s, c);
    for (const c of [3, 10, 13]) {
      // without the GLV split as well
      const got = k.msmWithWindow(pointsToBytes(pts.slice(0, 37)), encodeFrVector(s), c, false);
      expect(got).toEqual(noblePointBytes(nobleMsm(pts.slice(0, 37), s)));
    }
  });
  test('zero scalars and small scalars', () => {
    check(
      pts.slice(0, 20),
      pts.slice(0, 20).map(() => 0n),
    );
    check(
      pts.slice(0, 20),
      pts.slice(0, 20).map((_, i) => (i % 3 === 0 ? 0n : BigInt(i))),
    );
  });
  test('identity points among the inputs', () => {
    const mixed = pts.slice(0, 30).map((p, i) => (i % 4 === 1 ? G.ZERO : p));
    check(
      mixed,
      mixed.map(() => randomScalar()),
    );
  });
  test('repeated points (doublings inside the batched bucket sums)', () => {
    const same = Array.from({ length: 64 }, () => pts[0]!);
    check(
      same,
      same.map(() => randomScalar()),
      4,
    );
    check(
      same,
      same.map(() => 5n),
      4,
    ); // every addition in a bucket is a doubling
    check(
      same,
      same.map(() => 5n),
    );
  });
  test('P and −P cancel', () => {
    const ps = [pts[1]!, pts[1]!.negate(), pts[2]!, pts[2]!.negate()];
    check(ps, [7n, 7n, 9n, 9n]);
    check(ps, [7n, 7n, 9n, 10n]);
    check([pts[3]!, pts[3]!], [1n, R_ORDER - 1n]);
  });
  test('large scalars (r − 1, high bits set)', () => {
    check(
      pts.slice(0, 16),
      pts.slice(0, 16).map((_, i) => R_ORDER - 1n - BigInt(i)),
    );
    check(
      pts.slice(0, 16),
      pts.slice(0, 16).map(() => (1n << 253n) + randomScalar(1n << 200n)),
    );
  });
  test('batches larger than one inversion chunk, and segmented bucket sums', async () => {
    // few buckets and many points: a bucket round holds more than 1024 pairs; c = 11 takes the
    // segmented (batch-affine) bucket aggregation. Reference: noble's own Pippenger.
    const { pippenger } = await import('@noble/curves/abstract/curve.js');
    const big = randomPoints(2600);
    const scalars = big.map(() => randomScalar());
    const expected = noblePointBytes(pippenger(G, big, scalars));
    const pb = pointsToBytes(big);
    const sb = encodeFrVector(scalars);
    for (const c of [2, 3, 11])
      expect(Buffer.from(k.msmWithWindow(pb, sb, c)).toString('hex')).toBe(Buffer.from(expected).toString('hex'));
    expect(Buffer.from(k.msmWithWindow(pb, sb, 11, false)).toString('hex')).toBe(Buffer.from(expected).toString('hex'));
    // repeated points across a chunk boundary: doublings and cancellations inside large batches
    const same = [
      ...Array.from({ length: 1500 }, () => big[0]!),
      ...Array.from({ length: 1500 }, () => big[0]!.negate()),
    ];
    const s2 = same.map((_, i) => BigInt((i % 7) + 1));
    expect(Buffer.from(k.msmWithWindow(pointsToBytes(same), encodeFrVector(s2), 3)).toString('hex')).toBe(
      Buffer.from(noblePointBytes(pippenger(G, same, s2))).toString('hex'),
    );
  });
  test('larger random instance', () => {
    const big = randomPoints(700);
    check(
      big,
      big.map(() => randomScalar()),
    );
  });
});

describe('msm against ffjavascript', () => {
  let ff: Awaited<ReturnType<typeof buildBn128>>;
  beforeAll(async () => {
    ff = await buildBn128(true);
  });
  afterAll(async () => {
    await ff?.terminate();
  });
  function ffMsm(points: NoblePoint[], scalars: bigint[]): Promise<bigint[]> {
    const bases = new Uint8Array(points.length * 64);
    points.forEach((p, i) => {
      bases.set(p.is0() ? ff.G1.zeroAffine : ff.G1.fromObject([p.toAffine().x, p.toAffine().y]), i * 64);
    });
    return ff.G1.multiExpAffine(bases, encodeFrVector(scalars)).then((r: Uint8Array) =>
      ff.G1.toObject(ff.G1.toAffine(r)),
    );
  }
  test('edge cases agree with ffjavascript too', async () => {
    const pts = randomPoints(40);
    const cases: [NoblePoint[], bigint[]][] = [
      [pts.slice(0, 10), pts.slice(0, 10).map(() => 0n)], // all zero → identity
      [pts.slice(0, 10).map((p, i) => (i % 3 ? p : G.ZERO)), pts.slice(0, 10).map(() => randomScalar())],
      [Array.from({ length: 30 }, () => pts[0]!), Array.from({ length: 30 }, (_, i) => BigInt(i + 1))],
      [
        [pts[1]!, pts[1]!.negate(), pts[2]!],
        [5n, 5n, R_ORDER - 1n],
      ],
      [pts.slice(0, 1), [R_ORDER - 1n]],
      [pts.slice(0, 37), pts.slice(0, 37).map(() => randomScalar())],
    ];
    for (const [p, sc] of cases) {
      const ref = await ffMsm(p, sc);
      const ours = k.msm(pointsToBytes(p), encodeFrVector(sc));
      if (ref[2] === 0n) expect(ours).toEqual(new Uint8Array(64));
      else {
        expect(bytesToBigintLE(ours.subarray(0, 32))).toBe(ref[0]);
        expect(bytesToBigintLE(ours.subarray(32))).toBe(ref[1]);
      }
    }
  });
  test('same result on the same inputs', async () => {
    const pts = randomPoints(300);
    const scalars = pts.map(() => randomScalar());
    const bases = new Uint8Array(pts.length * 64);
    pts.forEach((p, i) => {
      const a = p.toAffine();
      bases.set(ff.G1.fromObject([a.x, a.y]), i * 64);
    });
    const res = ff.G1.toObject(ff.G1.toAffine(await ff.G1.multiExpAffine(bases, encodeFrVector(scalars))));
    const ours = k.msm(pointsToBytes(pts), encodeFrVector(scalars));
    expect(bytesToBigintLE(ours.subarray(0, 32))).toBe(res[0]);
    expect(bytesToBigintLE(ours.subarray(32))).toBe(res[1]);
  });
});

describe('msm rejects bad input', () => {
  const pts = randomPoints(3);
  const pb = pointsToBytes(pts);
  test('scalars ≥ r', () => {
    for (const bad of [R_ORDER, R_ORDER + 1n, (1n << 256n) - 1n]) {
      expect(() => k.msm(pb, encodeFrVector([1n, bad, 2n]))).toThrow(/scalar 1 is not < r/);
      expect(() => k.msm(pb, encodeFrVector([1n, bad, 2n]))).toThrow(KernelInputError);
    }
  });
  test('points off the curve or non-canonical', () => {
    const off = pb.slice();
    off[64] ^= 1; // point 1's x changes
    expect(() => k.msm(off, encodeFrVector([1n, 2n, 3n]))).toThrow(/point 1 is not on the curve/);
    const nonCanon = pb.slice();
    nonCanon.set(encodeG1({ x: P_ORDER, y: 2n }), 128);
    expect(() => k.msm(nonCanon, encodeFrVector([1n, 2n, 3n]))).toThrow(/point 2 has a non-canonical coordinate/);
    const yZero = pb.slice();
    yZero.set(encodeG1({ x: 5n, y: 0n }), 0);
    expect(() => k.msm(yZero, encodeFrVector([1n, 2n, 3n]))).toThrow(/point 0 is not on the curve/);
  });
  test('length mismatches', () => {
    expect(() => k.msm(pb, encodeFrVector([1n, 2n]))).toThrow(KernelInputError);
    expect(() => k.msm(pb.subarray(1), encodeFrVector([1n, 2n, 3n]))).toThrow(/multiple of 64/);
  });
});

test('repeated calls keep wasm memory bounded', () => {
  const pts = pointsToBytes(randomPoints(256));
  const scalars = encodeFrVector(Array.from({ length: 256 }, () => randomScalar()));
  for (let i = 0; i < 5; i++) k.msm(pts, scalars);
  const before = k.memoryBytes();
  for (let i = 0; i < 100; i++) k.msm(pts, scalars);
  for (let i = 0; i < 100; i++) expect(() => k.msm(pts, encodeFrVector(Array(256).fill(R_ORDER)))).toThrow();
  expect(k.memoryBytes()).toBe(before);
});
