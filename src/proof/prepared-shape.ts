// A shape made ready for proving: matrices uploaded into kernel memory once, generators attached.
import type { G1Points, Kernel, MatrixHandle } from '../kernel/types.js';
import { G1_BYTES } from '../kernel/types.js';
import type { R1csShape } from '../r1cs/types.js';
import type { CommitmentKey } from './commitment.js';
import { ShapeMismatchError } from './errors.js';

export interface PreparedShape {
  readonly shape: R1csShape;
  readonly A: MatrixHandle;
  readonly B: MatrixHandle;
  readonly C: MatrixHandle;
  readonly key: CommitmentKey;
  /** |z| = numWitness + 1 + numPublic. */
  readonly zLength: number;
}

export function checkShape(shape: R1csShape): void {
  const cols = shape.numWitness + 1 + shape.numPublic;
  for (const [name, m] of [
    ['A', shape.A],
    ['B', shape.B],
    ['C', shape.C],
  ] as const) {
    if (m.rows !== shape.numConstraints || m.cols !== cols) {
      throw new ShapeMismatchError(`matrix ${name} is ${m.rows}×${m.cols}, expected ${shape.numConstraints}×${cols}`);
    }
  }
  if (shape.digest.length !== 32) throw new ShapeMismatchError('shape digest must be 32 bytes');
}

export function prepareShape(kernel: Kernel, shape: R1csShape, key: CommitmentKey): PreparedShape {
  checkShape(shape);
  const needW = shape.numWitness * G1_BYTES;
  const needE = shape.numConstraints * G1_BYTES;
  if (key.w.length < needW || key.e.length < needE) {
    throw new ShapeMismatchError(
      `commitment key has ${key.w.length / G1_BYTES} W and ${key.e.length / G1_BYTES} E generators; ` +
        `the shape needs ${shape.numWitness} and ${shape.numConstraints}`,
    );
  }
  return {
    shape,
    A: kernel.uploadMatrix(shape.A),
    B: kernel.uploadMatrix(shape.B),
    C: kernel.uploadMatrix(shape.C),
    key: { w: key.w.subarray(0, needW) as G1Points, e: key.e.subarray(0, needE) as G1Points, tables: key.tables },
    zLength: shape.numWitness + 1 + shape.numPublic,
  };
}

/** The same prepared shape committing through fixed-base tables (or, with none, the variable-base MSM). */
export function withCommitmentTables(p: PreparedShape, tables: CommitmentKey['tables']): PreparedShape {
  if (tables) {
    const { numWitness, numConstraints } = p.shape;
    if (tables.w.n < numWitness || tables.e.n < numConstraints)
      throw new ShapeMismatchError(
        `commitment tables cover ${tables.w.n} W and ${tables.e.n} E generators; the shape needs ${numWitness} and ${numConstraints}`,
      );
  }
  return { ...p, key: { w: p.key.w, e: p.key.e, tables } };
}

export function releaseShape(p: PreparedShape): void {
  p.A.free();
  p.B.free();
  p.C.free();
}
