// Pedersen vector commitments Com(v) = Σ vᵢ·Gᵢ on the kernel's MSM (not hiding: rollup data is public).
import { type FixedBaseTable, G1_BYTES, type FrVector, type G1Points, type Kernel } from '../kernel/types.js';
import { ShapeMismatchError } from './errors.js';
import { frToBytes, frVectorLength } from '../kernel/field.js';

/** Generators for one shape: one set for witnesses W, an independent one for error vectors E. */
export interface CommitmentKey {
  /** numWitness generators (64-byte affine points). */
  readonly w: G1Points;
  /** numConstraints generators. */
  readonly e: G1Points;
  /**
   * Fixed-base tables of the same generators (kernel memory), where the device's budget allows
   * them (see commitmentTablesFit). Without them commitments run the variable-base MSM: the
   * results are the same points either way.
   */
  readonly tables?: { readonly w: FixedBaseTable; readonly e: FixedBaseTable };
}

/** Generator labels (domain separation between the W and E commitments; see docs/folding.md). */
export const WITNESS_GENERATORS_LABEL = 'fernet/fold/v1/W';
export const ERROR_GENERATORS_LABEL = 'fernet/fold/v1/E';

export function pedersenCommit(kernel: Kernel, generators: G1Points, v: FrVector): Uint8Array {
  return kernel.msm(generators.subarray(0, generatorBytesFor(generators, v)), v);
}

/** Com(v) under the key's W or E generators: the fixed-base table when the key has one, else the MSM. */
export function commitTo(kernel: Kernel, key: CommitmentKey, which: 'w' | 'e', v: FrVector): Uint8Array {
  const table = key.tables?.[which];
  if (!table) return pedersenCommit(kernel, key[which], v);
  generatorBytesFor(key[which], v); // the same size check (and error) as the variable-base path
  return kernel.msmFixed(table, v);
}

/** Bytes of the generators that Com(v) uses; throws ShapeMismatchError when there are too few. */
export function generatorBytesFor(generators: G1Points, v: FrVector): number {
  const n = frVectorLength(v);
  if (n * G1_BYTES > generators.length) {
    throw new ShapeMismatchError(`vector of ${n} entries exceeds the ${generators.length / G1_BYTES} generators`);
  }
  return n * G1_BYTES;
}

/** Σ scalars[i]·points[i] for a handful of commitments (folding is linear in the commitments). */
export function combinePoints(kernel: Kernel, points: readonly Uint8Array[], scalars: readonly bigint[]): Uint8Array {
  const bases = new Uint8Array(points.length * G1_BYTES);
  const coeffs = new Uint8Array(points.length * 32);
  points.forEach((p, i) => {
    bases.set(p, i * G1_BYTES);
    coeffs.set(frToBytes(scalars[i]), i * 32);
  });
  return kernel.msm(bases, coeffs);
}
