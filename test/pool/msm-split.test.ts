// Splitting an MSM into slices and adding the partial sums back (pure, no workers).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { pippenger } from '@noble/curves/abstract/curve.js';
import { combinePartials, MIN_POINTS_PER_SLICE, msmSize, splitRange } from '../../src/pool/msm-split.js';
import { InvalidResultError, PoolInputError } from '../../src/pool/errors.js';
import { G, noblePointBytes, randomPoints, randomScalar, P_ORDER } from '../kernel/helpers.js';
import { encodeG1 } from '../../src/kernel/encoding.js';

describe('splitRange', () => {
  it('covers [0, n) with contiguous, near-equal slices, never more than asked', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1 << 20 }), fc.integer({ min: 1, max: 64 }), (n, parts) => {
        const slices = splitRange(n, parts);
        expect(slices.length).toBeLessThanOrEqual(parts);
        expect(slices[0]!.start).toBe(0);
        expect(slices.at(-1)!.end).toBe(n);
        slices.forEach((s, i) => i > 0 && expect(s.start).toBe(slices[i - 1]!.end));
        const sizes = slices.map((s) => s.end - s.start);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
        if (slices.length > 1) expect(Math.min(...sizes)).toBeGreaterThanOrEqual(MIN_POINTS_PER_SLICE);
      }),
    );
  });

  it('keeps small MSMs whole and the empty MSM as one empty slice', () => {
    expect(splitRange(MIN_POINTS_PER_SLICE * 2 - 1, 8)).toHaveLength(1);
    expect(splitRange(0, 8)).toEqual([{ start: 0, end: 0 }]);
  });
});

describe('msmSize', () => {
  it('accepts matching lengths and names what is wrong otherwise', () => {
    expect(msmSize(new Uint8Array(128), new Uint8Array(64))).toBe(2);
    expect(() => msmSize(new Uint8Array(128), new Uint8Array(96))).toThrow(
      new PoolInputError('msm: 2 points but 3 scalars'),
    );
    expect(() => msmSize(new Uint8Array(100), new Uint8Array(64))).toThrow(/points are 100 bytes/);
    expect(() => msmSize(new Uint8Array(128), new Uint8Array(63))).toThrow(/scalars are 63 bytes/);
    expect(() => msmSize([1, 2] as unknown as Uint8Array, new Uint8Array(0))).toThrow(PoolInputError);
  });
});

describe('combinePartials', () => {
  it('adds partial sums like one MSM over the whole range', () => {
    const points = randomPoints(40);
    const scalars = points.map(() => randomScalar());
    const whole = noblePointBytes(pippenger(G, points, scalars));
    const partials = [0, 10, 25].map((start, i, starts) => {
      const end = starts[i + 1] ?? 40;
      return noblePointBytes(pippenger(G, points.slice(start, end), scalars.slice(start, end)));
    });
    expect(combinePartials(partials)).toEqual(whole);
  });

  it('treats all-zero bytes as the identity and returns it for P + (−P)', () => {
    const p = randomPoints(1)[0]!;
    expect(combinePartials([new Uint8Array(64), noblePointBytes(p)])).toEqual(noblePointBytes(p));
    expect(combinePartials([noblePointBytes(p), noblePointBytes(p.negate())])).toEqual(new Uint8Array(64));
    expect(combinePartials([])).toEqual(new Uint8Array(64));
  });

  it('rejects a partial sum that is off the curve, non-canonical or the wrong size', () => {
    const good = noblePointBytes(randomPoints(1)[0]!);
    const offCurve = good.slice();
    offCurve[40]! ^= 1;
    expect(() => combinePartials([good, offCurve])).toThrow(
      new InvalidResultError('msm: partial sum 1 is not a point of BN254 G1'),
    );
    const { x, y } = G.BASE.toAffine();
    expect(() => combinePartials([encodeG1({ x: x + P_ORDER, y })])).toThrow(InvalidResultError);
    expect(() => combinePartials([good.subarray(0, 63)])).toThrow(/partial sum 0 is not a 64-byte point/);
  });
});
