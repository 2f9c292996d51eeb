// Splitting one MSM across workers and combining the partial sums. Pure; no workers here.
// Σ s_i·P_i over [0, n) equals the sum of the same MSM over any partition of [0, n).
import { bn254 } from '@noble/curves/bn254.js';
import { decodeG1, encodeG1 } from '../kernel/encoding.js';
import { FIELD_BYTES, G1_BYTES } from '../kernel/types.js';
import { InvalidResultError, PoolInputError } from './errors.js';

/** Below this many points per slice, a split costs more in messages than it saves. */
export const MIN_POINTS_PER_SLICE = 256;

/** Number of points in a well-formed MSM input, or a PoolInputError. */
export function msmSize(points: Uint8Array, scalars: Uint8Array): number {
  if (!(points instanceof Uint8Array) || !(scalars instanceof Uint8Array))
    throw new PoolInputError('msm: points and scalars must be Uint8Arrays');
  if (points.length % G1_BYTES !== 0)
    throw new PoolInputError(`msm: points are ${points.length} bytes, not a multiple of ${G1_BYTES}`);
  if (scalars.length % FIELD_BYTES !== 0)
    throw new PoolInputError(`msm: scalars are ${scalars.length} bytes, not a multiple of ${FIELD_BYTES}`);
  const n = points.length / G1_BYTES;
  if (scalars.length / FIELD_BYTES !== n)
    throw new PoolInputError(`msm: ${n} points but ${scalars.length / FIELD_BYTES} scalars`);
  return n;
}

export interface Slice {
  start: number;
  end: number;
}

/** Splits [0, n) into at most `parts` contiguous slices of near-equal size (none below the minimum). */
export function splitRange(n: number, parts: number, minPerSlice = MIN_POINTS_PER_SLICE): Slice[] {
  if (n === 0) return [{ start: 0, end: 0 }];
  const count = Math.max(1, Math.min(parts, Math.floor(n / minPerSlice)));
  const slices: Slice[] = [];
  for (let i = 0; i < count; i++)
    slices.push({ start: Math.floor((i * n) / count), end: Math.floor(((i + 1) * n) / count) });
  return slices;
}

const G1 = bn254.G1.Point;

/** Sum of affine partial results (64 bytes each). Each partial is checked to be on the curve. */
export function combinePartials(partials: readonly Uint8Array[]): Uint8Array {
  let acc = G1.ZERO;
  partials.forEach((bytes, i) => {
    if (!(bytes instanceof Uint8Array) || bytes.length !== G1_BYTES) {
      throw new InvalidResultError(`msm: partial sum ${i} is not a ${G1_BYTES}-byte point`);
    }
    const affine = decodeG1(bytes);
    if (!affine) return;
    let point;
    try {
      point = G1.fromAffine(affine);
      point.assertValidity();
    } catch {
      throw new InvalidResultError(`msm: partial sum ${i} is not a point of BN254 G1`);
    }
    acc = acc.add(point);
  });
  return encodeG1(acc.is0() ? null : acc.toAffine());
}
