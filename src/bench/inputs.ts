// Inputs the benchmarks share, deterministic so every run and every device times the same work:
// MSM points and scalars (kernel and pool suites, the benchmark page) and Poseidon pairs with a
// @noble/curves permutation configured with our constants (poseidon suite, the benchmark page).
// Platform-neutral: the Node runner and the browser page both import it.
import { bn254 } from '@noble/curves/bn254.js';
import { normalizeZ } from '@noble/curves/abstract/curve.js';
import { poseidon as noblePoseidon, splitConstants } from '@noble/curves/abstract/poseidon.js';
import { encodeFrVector, encodeG1 } from '../kernel/encoding.js';
import { POSEIDON_T3 } from '../kernel/poseidon-constants.js';

const G = bn254.G1.Point;
type Point = InstanceType<typeof G>;
const Fr = bn254.fields.Fr;
const R = Fr.ORDER;

export interface MsmInputs {
  points: Point[];
  scalars: bigint[];
  pointBytes: Uint8Array;
  scalarBytes: Uint8Array;
}

/** Deterministic inputs: points by successive additions (normalised in one batch), scalars from a counter hash. */
export function makeInputs(n: number): MsmInputs {
  const step = G.BASE.multiply(0x5eed_1234_5678_9abcn);
  const proj: Point[] = [];
  let acc = G.BASE.multiply(0xc0ffee_0000_1111n);
  for (let i = 0; i < n; i++) {
    proj.push(acc);
    acc = acc.add(step);
  }
  const points = normalizeZ(G, proj);
  const scalars: bigint[] = [];
  let x = 0x9e3779b97f4a7c15n;
  for (let i = 0; i < n; i++) {
    // a simple 256-bit mixing sequence, reduced mod r: full-width, well spread scalars
    x = (x * 6364136223846793005n + 1442695040888963407n) & ((1n << 256n) - 1n);
    x ^= x >> 97n;
    scalars.push(x % R);
  }
  const pointBytes = new Uint8Array(n * 64);
  points.forEach((p, i) => pointBytes.set(encodeG1(p.toAffine()), i * 64));
  return { points, scalars, pointBytes, scalarBytes: encodeFrVector(scalars) };
}

/** Deterministic, full-width field element pairs for the Poseidon batch. */
export function poseidonInputs(n: number): { left: bigint[]; right: bigint[] } {
  const left: bigint[] = [];
  const right: bigint[] = [];
  let x = 0x243f6a8885a308d3n;
  const next = () => {
    x = (x * 6364136223846793005n + 1442695040888963407n) & ((1n << 256n) - 1n);
    x ^= x >> 101n;
    return x % Fr.ORDER;
  };
  for (let i = 0; i < n; i++) {
    left.push(next());
    right.push(next());
  }
  return { left, right };
}

/** @noble/curves' Poseidon configured with our t = 3 constants: `(a, b) → H(a, b)` as the kernel computes it. */
export function noblePoseidon2(): (a: bigint, b: bigint) => bigint {
  const permutation = noblePoseidon({
    Fp: Fr,
    t: POSEIDON_T3.t,
    roundsFull: POSEIDON_T3.roundsFull,
    roundsPartial: POSEIDON_T3.roundsPartial,
    sboxPower: 5,
    mds: POSEIDON_T3.mds.map((row) => [...row]),
    roundConstants: splitConstants([...POSEIDON_T3.roundConstants], POSEIDON_T3.t),
  });
  return (a, b) => permutation([0n, a, b])[0]!;
}
