// Shared test helpers: random points and scalars via @noble/curves, and conversions.
import { bn254 } from '@noble/curves/bn254.js';
import { bytesToBigintLE, encodeG1 } from '../../src/kernel/encoding.js';

export const G = bn254.G1.Point;
export type NoblePoint = InstanceType<typeof G>;
export const R_ORDER = bn254.fields.Fr.ORDER;
export const P_ORDER = bn254.fields.Fp.ORDER;

export function randomScalar(bound = R_ORDER): bigint {
  return bytesToBigintLE(crypto.getRandomValues(new Uint8Array(40))) % bound;
}

export function randomPoints(n: number): NoblePoint[] {
  // a random base, then successive additions: cheap and all distinct
  const step = G.BASE.multiply(randomScalar(R_ORDER - 1n) + 1n);
  const out: NoblePoint[] = [];
  let acc = G.BASE.multiply(randomScalar(R_ORDER - 1n) + 1n);
  for (let i = 0; i < n; i++) {
    out.push(acc);
    acc = acc.add(step);
  }
  return out;
}

export function pointsToBytes(points: NoblePoint[]): Uint8Array {
  const out = new Uint8Array(points.length * 64);
  points.forEach((p, i) => out.set(encodeG1(p.is0() ? null : p.toAffine()), i * 64));
  return out;
}

export function noblePointBytes(p: NoblePoint): Uint8Array {
  return encodeG1(p.is0() ? null : p.toAffine());
}

export function nobleMsm(points: NoblePoint[], scalars: bigint[]): NoblePoint {
  let acc = G.ZERO;
  points.forEach((p, i) => {
    if (scalars[i] !== 0n && !p.is0()) acc = acc.add(p.multiply(scalars[i]!));
  });
  return acc;
}
