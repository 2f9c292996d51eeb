import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Kernel } from '../../src/kernel/types.js';
import { checkLeafProof, checkMergeProof } from '../../src/proof/node-checks.js';
import { proveLeaf } from '../../src/proof/base.js';
import { pedersenCommit } from '../../src/proof/commitment.js';
import { decide, decideBatch } from '../../src/proof/decider.js';
import { frVectorFromBigints, frVectorToBigints, FR_MODULUS, G1_IDENTITY } from '../../src/kernel/field.js';
import { foldChallenge, proveMerge } from '../../src/proof/nifs.js';
import type { PreparedShape } from '../../src/proof/prepared-shape.js';
import {
  buildZ,
  leafAsRelaxed,
  leafWitnessAsRelaxed,
  matrixProducts,
  relaxedRelationHolds,
  type RelaxedInstance,
} from '../../src/proof/relaxed.js';
import { toyAssignment, toyShape } from '../../src/proof/toy-circuit.js';
import { blsPublicKey } from './keys.js';
import { rejection, testKernel, testPrepared } from './support.js';

let kernel: Kernel;
let prepared: PreparedShape;
const keyA = blsPublicKey(1);
const keyB = blsPublicKey(2);

beforeAll(async () => {
  kernel = await testKernel();
  prepared = await testPrepared(toyShape());
});

function leafPair(start: bigint, payload: bigint) {
  const proof = proveLeaf(kernel, prepared, toyAssignment(start, 5n, payload));
  return { proof, U: leafAsRelaxed(proof.instance), w: leafWitnessAsRelaxed(prepared, proof.W) };
}

function tamper(v: Uint8Array, index: number, delta = 1n): Uint8Array {
  const xs = frVectorToBigints(v);
  xs[index] = (xs[index] + delta) % FR_MODULUS;
  return frVectorFromBigints(xs);
}

describe('relaxed R1CS on the toy statement (x³ + x + c = y)', () => {
  it('an honest assignment satisfies the strict relation (u = 1, E = 0)', () => {
    const a = toyAssignment(3n, 5n, 9n);
    expect(a.publicInputs[1]).toBe(35n);
    expect(
      relaxedRelationHolds(kernel, prepared, { u: 1n, x: a.publicInputs }, leafWitnessAsRelaxed(prepared, a.witness)),
    ).toBe(true);
  });

  it('a tampered witness entry breaks the relation', () => {
    const a = toyAssignment(3n, 5n, 9n);
    for (let i = 0; i < prepared.shape.numWitness; i++) {
      const w = leafWitnessAsRelaxed(prepared, tamper(a.witness, i));
      expect(relaxedRelationHolds(kernel, prepared, { u: 1n, x: a.publicInputs }, w)).toBe(false);
    }
  });

  it('a wrong public output breaks the relation', () => {
    const a = toyAssignment(3n, 5n, 9n);
    const x = [...a.publicInputs];
    x[1] = 36n;
    expect(relaxedRelationHolds(kernel, prepared, { u: 1n, x }, leafWitnessAsRelaxed(prepared, a.witness))).toBe(false);
  });
});

describe('leaf (base) proofs', () => {
  it('an honest leaf passes; Com(W) is the Pedersen commitment to W', () => {
    const { proof } = leafPair(3n, 9n);
    expect(proof.instance.comW).toEqual(pedersenCommit(kernel, prepared.key.w, proof.W));
    expect(() => checkLeafProof(kernel, prepared, proof)).not.toThrow();
  });

  it('a tampered witness entry is rejected (commitment no longer opens)', () => {
    const { proof } = leafPair(3n, 9n);
    const bad = { ...proof, W: tamper(proof.W, 1) };
    expect(rejection(() => checkLeafProof(kernel, prepared, bad)).reason).toBe('witness-commitment');
  });

  it('a tampered witness with a recomputed commitment is rejected by the relation', () => {
    const { proof } = leafPair(3n, 9n);
    const W = tamper(proof.W, 1);
    const bad = { instance: { comW: pedersenCommit(kernel, prepared.key.w, W), x: proof.instance.x }, W };
    expect(rejection(() => checkLeafProof(kernel, prepared, bad)).reason).toBe('relation');
  });

  it('with u = 0 any z satisfies the relaxed relation, so a relaxed leaf is never taken from a prover', () => {
    // A forger's "leaf": a garbage witness, a false statement (end ≠ start³ + start + c), u = 0,
    // and E := Az∘Bz. Then Az∘Bz = 0·Cz + E holds trivially.
    const x = [3n, 999n, 5n, 9n];
    const W = frVectorFromBigints([7n, 8n, 10n]);
    const { az, bz } = matrixProducts(kernel, prepared, buildZ(W, 0n, x));
    const E = kernel.frHadamard(az, bz);
    const relaxedLeaf: RelaxedInstance = {
      comW: pedersenCommit(kernel, prepared.key.w, W),
      comE: pedersenCommit(kernel, prepared.key.e, E),
      u: 0n,
      x,
    };
    // Taken in relaxed form, the false statement would pass the full decider.
    expect(() => decide(kernel, prepared, relaxedLeaf, { W, E })).not.toThrow();
    // The verifier reads a leaf only as (Com(W), x) and sets u = 1, Com(E) = 0 itself.
    const asLeaf = leafAsRelaxed({ comW: relaxedLeaf.comW, x });
    expect(asLeaf.u).toBe(1n);
    expect(asLeaf.comE).toEqual(G1_IDENTITY);
    expect(
      rejection(() => checkLeafProof(kernel, prepared, { instance: { comW: relaxedLeaf.comW, x }, W })).reason,
    ).toBe('relation');
    // Nor can it sneak in as the left child of a merge: the merge checker reads leaves strictly.
    const honest = leafPair(35n, 1n);
    const m = proveMerge(kernel, prepared, relaxedLeaf, { W, E }, honest.U, honest.w, keyA);
    expect(() => checkMergeProof(kernel, prepared, relaxedLeaf, honest.U, m)).not.toThrow(); // relaxed input accepted as-is…
    const strict = leafAsRelaxed({ comW: relaxedLeaf.comW, x });
    expect(rejection(() => checkMergeProof(kernel, prepared, strict, honest.U, m)).reason).toBe('instance-mismatch'); // …but not as a leaf
  });
});

describe('merge (relaxed–relaxed NIFS)', () => {
  it('folding two honest leaves gives a satisfying relaxed pair that the decider accepts', () => {
    const l = leafPair(3n, 9n);
    const r = leafPair(35n, 4n);
    const m = proveMerge(kernel, prepared, l.U, l.w, r.U, r.w, keyA);
    expect(m.r).toBeGreaterThan(0n);
    expect(m.r < 1n << 128n).toBe(true);
    expect(m.instance.u).toBe((1n + m.r) % FR_MODULUS);
    expect(() => decide(kernel, prepared, m.instance, m.witness)).not.toThrow();
    expect(() => checkMergeProof(kernel, prepared, l.U, r.U, m)).not.toThrow();
    // A second level (relaxed with relaxed) still satisfies.
    const l2 = leafPair(100n, 2n);
    const r2 = leafPair(7n, 3n);
    const m2 = proveMerge(kernel, prepared, l2.U, l2.w, r2.U, r2.w, keyB);
    const top = proveMerge(kernel, prepared, m.instance, m.witness, m2.instance, m2.witness, keyA);
    expect(() => checkMergeProof(kernel, prepared, m.instance, m2.instance, top)).not.toThrow();
  });

  it('a wrong Com(T) is rejected', () => {
    const l = leafPair(3n, 9n);
    const r = leafPair(35n, 4n);
    const m = proveMerge(kernel, prepared, l.U, l.w, r.U, r.w, keyA);
    const wrongT = pedersenCommit(kernel, prepared.key.e, frVectorFromBigints([1n, 2n, 3n, 4n]));
    // Claimed instance and witness unchanged, Com(T) swapped: the recomputed fold differs.
    expect(rejection(() => checkMergeProof(kernel, prepared, l.U, r.U, { ...m, comT: wrongT })).reason).toBe(
      'instance-mismatch',
    );
    // Even re-deriving the instance from the wrong Com(T), the witness no longer opens Com(E).
    const r2 = foldChallenge(kernel, prepared.shape.digest, l.U, r.U, wrongT, keyA);
    expect(r2).not.toBe(m.r);
  });

  it('a tampered folded witness is rejected', () => {
    const l = leafPair(3n, 9n);
    const r = leafPair(35n, 4n);
    const m = proveMerge(kernel, prepared, l.U, l.w, r.U, r.w, keyA);
    const bad = { ...m, witness: { W: m.witness.W, E: tamper(m.witness.E, 0) } };
    expect(rejection(() => checkMergeProof(kernel, prepared, l.U, r.U, bad)).reason).toBe('error-commitment');
  });

  it("a result re-targeted to another prover's key fails: the key changes r", () => {
    const l = leafPair(3n, 9n);
    const r = leafPair(35n, 4n);
    const byA = proveMerge(kernel, prepared, l.U, l.w, r.U, r.w, keyA);
    const stolen = { ...byA, mergerKey: keyB };
    expect(foldChallenge(kernel, prepared.shape.digest, l.U, r.U, byA.comT, keyB)).not.toBe(byA.r);
    expect(rejection(() => checkMergeProof(kernel, prepared, l.U, r.U, stolen)).reason).toBe('instance-mismatch');
    // Re-deriving the folded instance under B's key does not help: A's witness does not open it.
    const rB = foldChallenge(kernel, prepared.shape.digest, l.U, r.U, byA.comT, keyB);
    const comWB = kernel.msm(new Uint8Array([...l.U.comW, ...r.U.comW]), frVectorFromBigints([1n, rB]));
    expect(comWB).not.toEqual(byA.instance.comW);
  });

  it('a merger key that is not a BLS12-381 public key is refused', () => {
    const l = leafPair(3n, 9n);
    const r = leafPair(35n, 4n);
    const m = proveMerge(kernel, prepared, l.U, l.w, r.U, r.w, new Uint8Array(48).fill(7));
    expect(rejection(() => checkMergeProof(kernel, prepared, l.U, r.U, m)).reason).toBe('bad-key');
  });

  it('the challenge depends on every absorbed part', () => {
    const l = leafPair(3n, 9n);
    const r = leafPair(35n, 4n);
    const comT = pedersenCommit(kernel, prepared.key.e, frVectorFromBigints([1n, 2n, 3n, 4n]));
    const base = foldChallenge(kernel, prepared.shape.digest, l.U, r.U, comT, keyA);
    const other = l.proof.instance.comW;
    const variants: Array<[string, bigint]> = [
      ['digest', foldChallenge(kernel, new Uint8Array(32).fill(1), l.U, r.U, comT, keyA)],
      ['U1.comW', foldChallenge(kernel, prepared.shape.digest, { ...l.U, comW: r.U.comW }, r.U, comT, keyA)],
      ['U1.comE', foldChallenge(kernel, prepared.shape.digest, { ...l.U, comE: other }, r.U, comT, keyA)],
      ['U1.u', foldChallenge(kernel, prepared.shape.digest, { ...l.U, u: 2n }, r.U, comT, keyA)],
      ['U1.x', foldChallenge(kernel, prepared.shape.digest, { ...l.U, x: [3n, 35n, 5n, 10n] }, r.U, comT, keyA)],
      ['U2.comW', foldChallenge(kernel, prepared.shape.digest, l.U, { ...r.U, comW: other }, comT, keyA)],
      ['U2.comE', foldChallenge(kernel, prepared.shape.digest, l.U, { ...r.U, comE: other }, comT, keyA)],
      ['U2.u', foldChallenge(kernel, prepared.shape.digest, l.U, { ...r.U, u: 2n }, comT, keyA)],
      ['U2.x', foldChallenge(kernel, prepared.shape.digest, l.U, { ...r.U, x: [35n, 1n, 5n, 4n] }, comT, keyA)],
      ['comT', foldChallenge(kernel, prepared.shape.digest, l.U, r.U, other, keyA)],
      ['key', foldChallenge(kernel, prepared.shape.digest, l.U, r.U, comT, keyB)],
    ];
    for (const [name, v] of variants) expect(v, name).not.toBe(base);
  });
});

describe('decideBatch: several pairs decided at once', () => {
  /** The error decide throws for a pair, or null. */
  const alone = (U: RelaxedInstance, w: { W: Uint8Array; E: Uint8Array }) => {
    try {
      decide(kernel, prepared, U, w);
      return null;
    } catch (e) {
      return e as Error;
    }
  };

  it('honest leaves and merges all pass, with two commitments of each kind instead of two per pair', () => {
    const a = leafPair(3n, 9n);
    const b = leafPair(35n, 4n);
    const m = proveMerge(kernel, prepared, a.U, a.w, b.U, b.w, keyA);
    const c = leafPair(8n, 2n);
    const pairs = [a, b, { U: m.instance, w: m.witness }, c];
    const msm = vi.spyOn(kernel, 'msm');
    try {
      expect(decideBatch(kernel, prepared, pairs)).toEqual([null, null, null, null]);
      // Com(Σ ρW) and Σ ρ·Com(W), Com(Σ ρE) and Σ ρ·Com(E): four MSMs for four pairs (eight alone)
      expect(msm).toHaveBeenCalledTimes(4);
    } finally {
      msm.mockRestore();
    }
    // leaves only: E = 0 and Com(E) = identity on both sides, so no E commitment at all
    const msm2 = vi.spyOn(kernel, 'msm');
    try {
      expect(decideBatch(kernel, prepared, [a, b, c])).toEqual([null, null, null]);
      expect(msm2).toHaveBeenCalledTimes(2);
    } finally {
      msm2.mockRestore();
    }
  });

  it('a pair that fails is refused with the same error decide gives it; the others pass', () => {
    const a = leafPair(3n, 9n);
    const b = leafPair(35n, 4n);
    const m = proveMerge(kernel, prepared, a.U, a.w, b.U, b.w, keyA);
    const merge = { U: m.instance, w: m.witness };
    // a witness that no longer opens Com(W); an error vector that no longer opens Com(E); a
    // witness with a recomputed commitment that breaks the relation; a wrong number of entries
    const noOpen = { U: a.U, w: { ...a.w, W: tamper(a.w.W, 1) } };
    const badE = { U: merge.U, w: { ...merge.w, E: tamper(merge.w.E, 0) } };
    const W = tamper(b.w.W, 1);
    const relation = { U: { ...b.U, comW: pedersenCommit(kernel, prepared.key.w, W) }, w: { ...b.w, W } };
    const short = { U: a.U, w: { ...a.w, W: a.w.W.subarray(32) } };
    const pairs = [a, noOpen, merge, badE, relation, b, short];
    const got = decideBatch(kernel, prepared, pairs);
    expect(got.map((e) => e?.message ?? null)).toEqual(pairs.map((p) => alone(p.U, p.w)?.message ?? null));
    expect(got.map((e) => (e as { reason?: string } | null)?.reason ?? (e ? e.name : null))).toEqual([
      null,
      'witness-commitment',
      null,
      'error-commitment',
      'relation',
      null,
      'ShapeMismatchError',
    ]);
    // Only the opening is wrong, and only inside the batch: the batch check catches it.
    expect(decideBatch(kernel, prepared, [a, b, noOpen]).map((e) => e?.message ?? null)).toEqual([
      null,
      null,
      'witness-commitment: Com(W) does not open to the witness',
    ]);
  });
});
