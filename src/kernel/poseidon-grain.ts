// Poseidon parameter generation with the Grain LFSR, as specified in Appendix F of the Poseidon
// paper (Grassi, Khovratovich, Rechberger, Roy, Schofnegger, "Poseidon: A New Hash Function for
// Zero-Knowledge Proof Systems", USENIX Security 2021, ePrint 2019/458).
//
// The 80-bit register is seeded with the instance parameters, so the constants are a public
// function of (field, S-box, n, t, R_F, R_P) and nothing else: nothing up our sleeve. circomlib's
// Poseidon constants come out of this same procedure, which the tests check against poseidon-lite.
import { invert } from '@noble/curves/abstract/modular.js';

export interface PoseidonGrainParams {
  /** Prime modulus of the field. */
  p: bigint;
  /** Bit size of the field elements (254 for BN254 Fr). */
  n: number;
  /** State width. */
  t: number;
  roundsFull: number;
  roundsPartial: number;
  /** Grain's S-box code: 0 for x^alpha, 1 for x^-1. */
  sbox?: 0 | 1;
}

export interface PoseidonConstants {
  /** t · (roundsFull + roundsPartial) round constants, round after round. */
  roundConstants: bigint[];
  /** t × t Cauchy MDS matrix, mds[row][column]. */
  mds: bigint[][];
}

/** The self-shrinking Grain LFSR: yields one pseudo-random bit at a time. */
export function* grainBits(params: PoseidonGrainParams): Generator<number, never> {
  const { n, t, roundsFull, roundsPartial } = params;
  const state: number[] = [];
  const pushBits = (value: number, width: number) => {
    for (let i = width - 1; i >= 0; i--) state.push((value >>> i) & 1);
  };
  pushBits(1, 2); // field: 1 = prime field
  pushBits(params.sbox ?? 0, 4);
  pushBits(n, 12);
  pushBits(t, 12);
  pushBits(roundsFull, 10);
  pushBits(roundsPartial, 10);
  pushBits(0x3fffffff, 30); // thirty ones
  // b_{i+80} = b_{i+62} ⊕ b_{i+51} ⊕ b_{i+38} ⊕ b_{i+23} ⊕ b_{i+13} ⊕ b_i
  let head = 0; // ring buffer over the 80-bit register
  const step = (): number => {
    const bit =
      state[(head + 62) % 80]! ^
      state[(head + 51) % 80]! ^
      state[(head + 38) % 80]! ^
      state[(head + 23) % 80]! ^
      state[(head + 13) % 80]! ^
      state[head]!;
    state[head] = bit;
    head = (head + 1) % 80;
    return bit;
  };
  for (let i = 0; i < 160; i++) step(); // warm-up, discarded
  for (;;) {
    // Self-shrinking: from each pair (a, b), output b only when a = 1.
    const a = step();
    const b = step();
    if (a === 1) yield b;
  }
}

/** Round constants (rejection-sampled n-bit integers) then the Cauchy MDS matrix. */
export function generatePoseidonConstants(params: PoseidonGrainParams): PoseidonConstants {
  const { p, n, t, roundsFull, roundsPartial } = params;
  const bits = grainBits(params);
  const nextInteger = (): bigint => {
    let v = 0n;
    for (let i = 0; i < n; i++) v = (v << 1n) | BigInt(bits.next().value);
    return v; // most significant bit first
  };
  const roundConstants: bigint[] = [];
  for (let i = 0; i < t * (roundsFull + roundsPartial); i++) {
    let v = nextInteger();
    while (v >= p) v = nextInteger(); // rejection sampling keeps the constants uniform
    roundConstants.push(v);
  }
  // MDS: M[i][j] = 1 / (x_i + y_j), with 2t distinct samples reduced mod p; a draw with a
  // repeated sample or a zero denominator is redrawn. The reference script also redraws a matrix
  // that fails its invariant-subspace checks (its algorithms 1-3); that never happens for the
  // parameters we use (the first draw equals circomlib's matrix, which the tests check), so it is
  // not re-implemented here.
  for (;;) {
    let samples = Array.from({ length: 2 * t }, () => nextInteger() % p);
    while (new Set(samples).size !== samples.length) {
      samples = Array.from({ length: 2 * t }, () => nextInteger() % p);
    }
    const xs = samples.slice(0, t);
    const ys = samples.slice(t);
    if (xs.some((x) => ys.some((y) => (x + y) % p === 0n))) continue;
    const mds = xs.map((x) => ys.map((y) => invert(x + y, p)));
    return { roundConstants, mds };
  }
}
