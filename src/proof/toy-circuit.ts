// A minimal state-transition statement, built directly as CSR: the proof system's reference
// circuit for tests and for benchmarking folding apart from the rollup circuit.
//
//   public x = (start, end, c, payload)      witness W = (s2, s3, p2)
//   start · start = s2
//   s2 · start    = s3
//   (s3 + start + c) · 1 = end               (end = start³ + start + c)
//   payload · payload = p2                   (payload is free: it only has to be proven)
//
// `repeat` stacks independent copies of the squaring constraints so the shape can be sized up
// for benchmarks; those copies square the payload again (p_{i+1} = p_i²).
import { sha256 } from '@noble/hashes/sha2.js';
import type { CsrMatrix } from '../kernel/types.js';
import { frMod, frVectorFromBigints } from '../kernel/field.js';
import type { LeafStatement } from './block-verifier.js';
import type { R1csAssignment, R1csShape } from '../r1cs/types.js';

type Term = [col: number, coeff: bigint];

function csr(rows: Term[][], cols: number): CsrMatrix {
  const rowPtr = new Uint32Array(rows.length + 1);
  const colIdx: number[] = [];
  const vals: bigint[] = [];
  rows.forEach((row, i) => {
    for (const [c, v] of row) {
      colIdx.push(c);
      vals.push(frMod(v));
    }
    rowPtr[i + 1] = colIdx.length;
  });
  return { rows: rows.length, cols, rowPtr, colIdx: Uint32Array.from(colIdx), values: frVectorFromBigints(vals) };
}

function digestOf(numConstraints: number, numWitness: number, numPublic: number, ms: CsrMatrix[]): Uint8Array {
  const h = sha256.create();
  h.update(new TextEncoder().encode('fernet/toy-transition/v1'));
  h.update(new Uint8Array(new Uint32Array([numConstraints, numWitness, numPublic]).buffer));
  for (const m of ms) {
    h.update(new Uint8Array(m.rowPtr.buffer, m.rowPtr.byteOffset, m.rowPtr.byteLength));
    h.update(new Uint8Array(m.colIdx.buffer, m.colIdx.byteOffset, m.colIdx.byteLength));
    h.update(m.values);
  }
  return h.digest();
}

export const TOY_PUBLIC = { start: 0, end: 1, c: 2, payload: 3 } as const;

/** The toy shape with 4 + (repeat − 1) constraints. */
export function toyShape(repeat = 1): R1csShape {
  const nW = 3 + (repeat - 1);
  const one = nW;
  const X = (i: number) => nW + 1 + i;
  const [s2, s3, p2] = [0, 1, 2];
  const A: Term[][] = [
    [[X(0), 1n]],
    [[s2, 1n]],
    [
      [s3, 1n],
      [X(0), 1n],
      [X(2), 1n],
    ],
    [[X(3), 1n]],
  ];
  const B: Term[][] = [[[X(0), 1n]], [[X(0), 1n]], [[one, 1n]], [[X(3), 1n]]];
  const C: Term[][] = [[[s2, 1n]], [[s3, 1n]], [[X(1), 1n]], [[p2, 1n]]];
  for (let i = 1; i < repeat; i++) {
    const prev = i === 1 ? p2 : 2 + i - 1;
    A.push([[prev, 1n]]);
    B.push([[prev, 1n]]);
    C.push([[2 + i, 1n]]);
  }
  const cols = nW + 1 + 4;
  const ms = [csr(A, cols), csr(B, cols), csr(C, cols)];
  return {
    numConstraints: A.length,
    numWitness: nW,
    numPublic: 4,
    A: ms[0],
    B: ms[1],
    C: ms[2],
    digest: digestOf(A.length, nW, 4, ms),
  };
}

export function toyStep(start: bigint, c: bigint): bigint {
  return frMod(start * start * start + start + c);
}

/** A satisfying assignment of toyShape(repeat). */
export function toyAssignment(start: bigint, c: bigint, payload: bigint, repeat = 1): R1csAssignment {
  const s2 = frMod(start * start);
  const s3 = frMod(s2 * start);
  const w = [s2, s3, frMod(payload * payload)];
  for (let i = 1; i < repeat; i++) w.push(frMod(w[w.length - 1] * w[w.length - 1]));
  return { witness: frVectorFromBigints(w), publicInputs: [start, toyStep(start, c), c, payload] };
}

/** The toy statement read as a state transition: state = (start) → (end), constants = (c). */
export const toyStatement: LeafStatement = {
  numPublic: 4,
  start: (x) => [x[TOY_PUBLIC.start]],
  end: (x) => [x[TOY_PUBLIC.end]],
  constants: (x) => [x[TOY_PUBLIC.c]],
  // The toy statement binds no key: any prover may be credited with a toy leaf.
  namesProver: () => true,
};
