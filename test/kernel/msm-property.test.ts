import fc from 'fast-check';
import { beforeAll, expect, test } from 'vitest';
import { encodeFrVector } from '../../src/kernel/encoding.js';
import { loadKernel, type WasmKernel } from '../../src/kernel/index.js';
import { G, R_ORDER, nobleMsm, noblePointBytes, pointsToBytes, randomPoints, type NoblePoint } from './helpers.js';

// Property: for random mixes of distinct, repeated, negated and identity points with random,
// zero and extreme scalars, every window width and both paths (GLV or not) equal noble.
let k: WasmKernel;
const pool = randomPoints(8);
beforeAll(async () => {
  k = await loadKernel();
});

const pointArb = fc.oneof(
  fc.nat(7).map((i) => pool[i]!),
  fc.nat(7).map((i) => pool[i]!.negate()),
  fc.constant(G.ZERO),
);
const scalarArb = fc.oneof(
  fc.bigInt({ min: 0n, max: R_ORDER - 1n }),
  fc.constantFrom(0n, 1n, 2n, R_ORDER - 1n, R_ORDER - 2n),
  fc.bigInt({ min: 0n, max: 1000n }),
);

test('random MSM instances equal noble for every window width', () => {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(pointArb, scalarArb), { minLength: 1, maxLength: 24 }),
      fc.integer({ min: 2, max: 16 }),
      fc.boolean(),
      (pairs, c, glv) => {
        const points: NoblePoint[] = pairs.map(([p]) => p);
        const scalars = pairs.map(([, s]) => s);
        const got = k.msmWithWindow(pointsToBytes(points), encodeFrVector(scalars), c, glv);
        expect(got).toEqual(noblePointBytes(nobleMsm(points, scalars)));
      },
    ),
    { numRuns: 60 },
  );
});
