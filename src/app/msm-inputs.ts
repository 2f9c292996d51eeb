// Random MSM inputs for the device page (points by successive additions, normalised in one batch).
import { bn254 } from '@noble/curves/bn254.js';
import { normalizeZ } from '@noble/curves/abstract/curve.js';
import { bytesToBigintLE, encodeFrVector, encodeG1 } from '../kernel/encoding.js';

const G = bn254.G1.Point;
export type NoblePoint = InstanceType<typeof G>;

export interface MsmInputs {
  points: NoblePoint[];
  scalars: bigint[];
  pointBytes: Uint8Array;
  scalarBytes: Uint8Array;
}

function randomScalar(): bigint {
  return bytesToBigintLE(crypto.getRandomValues(new Uint8Array(48))) % bn254.fields.Fr.ORDER;
}

export function randomMsmInputs(n: number): MsmInputs {
  const step = G.BASE.multiply(randomScalar() || 1n);
  let acc = G.BASE.multiply(randomScalar() || 1n);
  const projective: NoblePoint[] = [];
  for (let i = 0; i < n; i++) {
    projective.push(acc);
    acc = acc.add(step);
  }
  const points = normalizeZ(G, projective);
  const scalars = Array.from({ length: n }, randomScalar);
  const pointBytes = new Uint8Array(n * 64);
  points.forEach((p, i) => pointBytes.set(encodeG1(p.is0() ? null : p.toAffine()), i * 64));
  return { points, scalars, pointBytes, scalarBytes: encodeFrVector(scalars) };
}
