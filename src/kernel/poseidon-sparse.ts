// The equivalent, cheaper form of the Poseidon permutation (Poseidon paper, Appendix B), derived
// once from the plain constants by the constants script and shipped to the kernel.
//
// Partial rounds apply the S-box to state[0] only, so two rewrites are exact:
// 1. Constants: the part of a partial round's constant vector on positions 1..t-1 commutes with
//    that round's S-box, so it is pushed through the MDS matrix into the next round's constants.
//    Every partial round then adds a single scalar to state[0]; the first final full round absorbs
//    what is left.
// 2. Matrices: an effective matrix E = [[e00, vᵀ], [w, Ê]] factors as E = E'·E'' with
//    E' = diag(1, Ê) and E'' = [[e00, vᵀ], [Ê⁻¹w, I]] (sparse: 2t − 1 products). E' leaves
//    state[0] alone, so it commutes with the next partial round and is folded into that round's
//    matrix (E_next = M·E'). The last partial round applies its dense E, which restores the state.
// For t = 3 that is 5 multiplications instead of 9 in 56 of the 57 partial rounds.
import { invert, mod } from '@noble/curves/abstract/modular.js';

export interface PoseidonSpec {
  p: bigint;
  t: number;
  roundsFull: number;
  roundsPartial: number;
  /** t · (roundsFull + roundsPartial) constants, round after round. */
  roundConstants: readonly bigint[];
  mds: readonly (readonly bigint[])[];
}

export interface PoseidonSparseConstants {
  /** roundsFull vectors of t constants (first half, then second half of the full rounds). */
  fullRoundConstants: bigint[][];
  /** One scalar per partial round, added to state[0]. */
  partialRoundConstants: bigint[];
  /** roundsPartial − 1 sparse matrices as [e00, v_1..v_{t−1}, ŵ_1..ŵ_{t−1}] (ŵ = Ê⁻¹w). */
  sparseMatrices: bigint[][];
  /** Dense effective matrix of the last partial round. */
  lastPartialMds: bigint[][];
}

export function sparsePoseidonConstants(spec: PoseidonSpec): PoseidonSparseConstants {
  const { p, t, roundsFull, roundsPartial, mds } = spec;
  const half = roundsFull / 2;
  const M = mds.map((row) => [...row]);
  const rc = (r: number) => spec.roundConstants.slice(r * t, r * t + t);

  // 1. Constants.
  const fullRoundConstants: bigint[][] = [];
  for (let r = 0; r < half; r++) fullRoundConstants.push(rc(r));
  const partialRoundConstants: bigint[] = [];
  let carry: bigint[] = new Array<bigint>(t).fill(0n);
  for (let r = half; r < half + roundsPartial; r++) {
    const c = rc(r).map((v, i) => mod(v + carry[i]!, p));
    partialRoundConstants.push(c[0]!);
    carry = matVec(M, [0n, ...c.slice(1)], p);
  }
  fullRoundConstants.push(rc(half + roundsPartial).map((v, i) => mod(v + carry[i]!, p)));
  for (let r = half + roundsPartial + 1; r < roundsFull + roundsPartial; r++) fullRoundConstants.push(rc(r));

  // 2. Matrices.
  const sparseMatrices: bigint[][] = [];
  let effective = M;
  for (let r = 0; r < roundsPartial - 1; r++) {
    const inner = effective.slice(1).map((row) => row.slice(1)); // Ê
    const w = effective.slice(1).map((row) => row[0]!);
    const wHat = matVec(matInverse(inner, p), w, p);
    sparseMatrices.push([effective[0]![0]!, ...effective[0]!.slice(1), ...wHat]);
    const deferred = identity(t).map((row, i) => (i === 0 ? row : [0n, ...inner[i - 1]!]));
    effective = matMul(M, deferred, p);
  }
  return { fullRoundConstants, partialRoundConstants, sparseMatrices, lastPartialMds: effective };
}

/** The plain permutation, straight from the definition: the reference for the tests. */
export function poseidonPermutePlain(spec: PoseidonSpec, input: readonly bigint[]): bigint[] {
  const { p, t, roundsFull, roundsPartial } = spec;
  let s = [...input];
  for (let r = 0; r < roundsFull + roundsPartial; r++) {
    s = s.map((v, i) => mod(v + spec.roundConstants[r * t + i]!, p));
    const full = r < roundsFull / 2 || r >= roundsFull / 2 + roundsPartial;
    s = s.map((v, i) => (full || i === 0 ? pow5(v, p) : v));
    s = matVec(
      spec.mds.map((row) => [...row]),
      s,
      p,
    );
  }
  return s;
}

/** The permutation evaluated with the sparse constants: the model the kernel follows. */
export function poseidonPermuteSparse(
  spec: PoseidonSpec,
  k: PoseidonSparseConstants,
  input: readonly bigint[],
): bigint[] {
  const { p, t, roundsFull, roundsPartial } = spec;
  const M = spec.mds.map((row) => [...row]);
  const half = roundsFull / 2;
  let s = [...input];
  const fullRound = (c: bigint[]) => {
    s = matVec(
      M,
      s.map((v, i) => pow5(mod(v + c[i]!, p), p)),
      p,
    );
  };
  for (let r = 0; r < half; r++) fullRound(k.fullRoundConstants[r]!);
  for (let r = 0; r < roundsPartial; r++) {
    s[0] = pow5(mod(s[0]! + k.partialRoundConstants[r]!, p), p);
    if (r === roundsPartial - 1) {
      s = matVec(k.lastPartialMds, s, p);
      break;
    }
    const e = k.sparseMatrices[r]!;
    const s0 = s[0]!;
    let first = mod(e[0]! * s0, p);
    for (let i = 1; i < t; i++) first = mod(first + e[i]! * s[i]!, p);
    for (let i = 1; i < t; i++) s[i] = mod(s[i]! + e[t - 1 + i]! * s0, p);
    s[0] = first;
  }
  for (let r = half; r < roundsFull; r++) fullRound(k.fullRoundConstants[r]!);
  return s;
}

const pow5 = (v: bigint, p: bigint) => {
  const v2 = (v * v) % p;
  return (((v2 * v2) % p) * v) % p;
};
const matVec = (m: bigint[][], v: readonly bigint[], p: bigint) =>
  m.map((row) => row.reduce((acc, x, j) => (acc + x * v[j]!) % p, 0n));
const matMul = (a: bigint[][], b: bigint[][], p: bigint) =>
  a.map((row) => b[0]!.map((_, j) => row.reduce((acc, x, k) => (acc + x * b[k]![j]!) % p, 0n)));
const identity = (n: number) =>
  Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1n : 0n)));

/** Gauss-Jordan inverse over F_p (the matrices here are sub-blocks of an MDS matrix: invertible). */
function matInverse(m: bigint[][], p: bigint): bigint[][] {
  const n = m.length;
  const a = m.map((row, i) => [...row.map((v) => mod(v, p)), ...identity(n)[i]!]);
  for (let col = 0; col < n; col++) {
    const pivot = a.findIndex((row, i) => i >= col && row[col] !== 0n);
    if (pivot < 0) throw new Error('poseidon-sparse: singular sub-matrix');
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    const inv = invert(a[col]![col]!, p);
    a[col] = a[col]!.map((v) => (v * inv) % p);
    for (let i = 0; i < n; i++) {
      if (i === col || a[i]![col] === 0n) continue;
      const f = a[i]![col]!;
      a[i] = a[i]!.map((v, j) => mod(v - f * a[col]![j]!, p));
    }
  }
  return a.map((row) => row.slice(n));
}
