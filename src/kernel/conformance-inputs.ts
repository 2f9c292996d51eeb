// Deterministic inputs for the conformance suite: a seeded generator (SplitMix64) so Node and
// browsers check exactly the same values, and the edge values every check includes.
import { bn254 } from '@noble/curves/bn254.js';
import { normalizeZ } from '@noble/curves/abstract/curve.js';

export const G1 = bn254.G1.Point;
export type NoblePoint = InstanceType<typeof G1>;
export const Fr = bn254.fields.Fr;
export const Fp = bn254.fields.Fp;
/** Scalar field modulus r, from the reference (not from the kernel). */
export const R = Fr.ORDER;
/** Base field modulus p, from the reference. */
export const P = Fp.ORDER;

/** Integers that are not canonical Fr elements: r, r + 1, 2^256 − 1. */
export const NON_CANONICAL_FR = [R, R + 1n, (1n << 256n) - 1n] as const;
/** Integers that are not canonical Fq coordinates: p, p + 1, 2^256 − 1. */
export const NON_CANONICAL_FQ = [P, P + 1n, (1n << 256n) - 1n] as const;
/** Canonical Fr edge values: 0, 1, 2, r − 1, r − 2, (r − 1)/2, and a value with the top bits set. */
export const FR_EDGES = [0n, 1n, 2n, R - 1n, R - 2n, (R - 1n) / 2n, (1n << 253n) + 5n] as const;

const MASK64 = (1n << 64n) - 1n;

export class SeededRandom {
  private state: bigint;
  constructor(seed: bigint) {
    this.state = seed & MASK64;
  }

  /** The next 64-bit output of SplitMix64. */
  next64(): bigint {
    this.state = (this.state + 0x9e3779b97f4a7c15n) & MASK64;
    let z = this.state;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
    return z ^ (z >> 31n);
  }

  /** Uniform enough below `bound` (320 random bits reduced: bias < 2^-64). */
  below(bound: bigint): bigint {
    let x = 0n;
    for (let i = 0; i < 5; i++) x = (x << 64n) | this.next64();
    return x % bound;
  }

  /** A random Fr element. */
  fr(): bigint {
    return this.below(R);
  }

  /** A random non-zero Fr element. */
  frNonZero(): bigint {
    return this.below(R - 1n) + 1n;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Number(this.next64() % BigInt(n));
  }

  /** n Fr elements, starting with the edge values. */
  frVector(n: number): bigint[] {
    return Array.from({ length: n }, (_, i) => (i < FR_EDGES.length ? FR_EDGES[i]! : this.fr()));
  }

  /** n distinct random points: a random start plus multiples of a random step, normalised at once. */
  points(n: number): NoblePoint[] {
    const step = G1.BASE.multiply(this.frNonZero());
    let acc = G1.BASE.multiply(this.frNonZero());
    const out: NoblePoint[] = [];
    for (let i = 0; i < n; i++) {
      out.push(acc);
      acc = acc.add(step);
    }
    return normalizeZ(G1, out);
  }
}
