import { beforeAll, expect, test } from 'vitest';
import { bigintToBytesLE, bytesToBigintLE } from '../../src/kernel/encoding.js';
import { loadKernel, type WasmKernel } from '../../src/kernel/index.js';
import { G, R_ORDER, randomScalar } from './helpers.js';

// The GLV split k = k1 + λ·k2 (mod r), |k1|, |k2| < 2^128, and the endomorphism φ(x, y) = (βx, y) = λ·P.
const LAMBDA = 21888242871839275217838484774961031246154997185409878258781734729429964517155n;
const BETA = 21888242871839275220042445260109153167277707414472061641714758635765020556616n;
const P = G.Fp.ORDER;

let k: WasmKernel;
beforeAll(async () => {
  k = await loadKernel();
});

function split(scalar: bigint): [bigint, bigint] {
  return k.withScope((s) => {
    const kp = s.copyIn(bigintToBytesLE(scalar, 32));
    const out = s.alloc(66);
    k.raw.glvSplit(out, out + 64, out + 32, out + 65, kp);
    const bytes = s.copyOut(out, 66);
    const k1 = bytesToBigintLE(bytes.subarray(0, 32)) * (bytes[64] ? -1n : 1n);
    const k2 = bytesToBigintLE(bytes.subarray(32, 64)) * (bytes[65] ? -1n : 1n);
    return [k1, k2];
  });
}

test('λ and β are the matching cube roots: φ(P) = λ·P', () => {
  expect(LAMBDA ** 3n % R_ORDER).toBe(1n);
  expect(BETA ** 3n % P).toBe(1n);
  const pt = G.BASE.multiply(123456789n).toAffine();
  expect(G.fromAffine({ x: (pt.x * BETA) % P, y: pt.y }).equals(G.fromAffine(pt).multiply(LAMBDA))).toBe(true);
});

test('the split recombines to k and both halves are below 2^128', () => {
  const cases = [
    0n,
    1n,
    2n,
    R_ORDER - 1n,
    R_ORDER - 2n,
    (R_ORDER - 1n) / 2n,
    LAMBDA,
    R_ORDER - LAMBDA,
    1n << 127n,
    (1n << 253n) + 17n,
  ];
  for (let i = 0; i < 500; i++) cases.push(randomScalar());
  for (const s of cases) {
    const [k1, k2] = split(s);
    expect((((k1 + LAMBDA * k2 - s) % R_ORDER) + R_ORDER) % R_ORDER, `k = ${s}`).toBe(0n);
    expect(k1 < 1n << 128n && -k1 < 1n << 128n && k2 < 1n << 128n && -k2 < 1n << 128n, `k = ${s}`).toBe(true);
  }
});
