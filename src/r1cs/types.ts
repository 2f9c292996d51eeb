// Shared R1CS types: the builder (circuits) produces them, the folding prover consumes them.
import type { CsrMatrix, FrVector } from '../kernel/types.js';

/**
 * An R1CS shape over BN254 Fr: Az ∘ Bz = Cz with z = (W, 1, x), the DESIGN.md §3 order:
 * witness first (numWitness entries), then the constant 1, then the public inputs (numPublic).
 */
export interface R1csShape {
  numConstraints: number;
  numWitness: number;
  numPublic: number;
  A: CsrMatrix;
  B: CsrMatrix;
  C: CsrMatrix;
  /** sha256 over a canonical encoding of the shape; absorbed into every fold transcript. */
  digest: Uint8Array;
}

/** A satisfying assignment for a shape. */
export interface R1csAssignment {
  /** numWitness × 32 bytes. */
  witness: FrVector;
  /** The public inputs x, in order. */
  publicInputs: bigint[];
}
