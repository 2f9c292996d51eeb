import { PUBLIC_KEY_BYTES } from '../../src/protocol/keys.js';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Kernel } from '../../src/kernel/types.js';
import { proveBlock } from '../../src/proof/block-prover.js';
import {
  replayFolds,
  verifyBlockProof,
  type BlockContext,
  type FoldChallengeFn,
} from '../../src/proof/block-verifier.js';
import { pedersenCommit } from '../../src/proof/commitment.js';
import { decide } from '../../src/proof/decider.js';
import { ProofRejectedError } from '../../src/proof/errors.js';
import { frMod, frVectorFromBigints, frVectorToBigints, FR_MODULUS } from '../../src/kernel/field.js';
import { decodeBlockProof, encodeBlockProof, type BlockProof } from '../../src/proof/messages.js';
import { FOLD_DOMAIN_TAG, foldChallenge } from '../../src/proof/nifs.js';
import type { PreparedShape } from '../../src/proof/prepared-shape.js';
import { PoseidonTranscript } from '../../src/proof/transcript.js';
import type { R1csAssignment } from '../../src/r1cs/types.js';
import { TOY_PUBLIC, toyAssignment, toyShape, toyStatement, toyStep } from '../../src/proof/toy-circuit.js';
import type { RelaxedInstance } from '../../src/proof/relaxed.js';
import { blsPublicKey } from './keys.js';
import { rejection, testKernel, testPrepared } from './support.js';

const C = 5n;
const START = 2n;
let kernel: Kernel;
let prepared: PreparedShape;
const keys = Array.from({ length: 8 }, (_, i) => blsPublicKey(i));
const keyOf = ({ level, index }: { level: number; index: number }) => keys[(level * 3 + index) % keys.length];

beforeAll(async () => {
  kernel = await testKernel();
  prepared = await testPrepared(toyShape());
});

function chainedAssignments(n: number, start = START): R1csAssignment[] {
  const out: R1csAssignment[] = [];
  let s = start;
  for (let i = 0; i < n; i++) {
    out.push(toyAssignment(s, C, BigInt(100 + i)));
    s = toyStep(s, C);
  }
  return out;
}

function ctx(k: number, startState = [START]): BlockContext {
  return { treeHeight: k, startState, constants: [C] };
}

describe('block proofs on the toy statement', () => {
  for (const k of [2, 3, 4]) {
    it(`a block of 2^${k} leaves is proven, merged up the tree, encoded, decoded and accepted`, () => {
      const proof = proveBlock(kernel, prepared, chainedAssignments(2 ** k), keyOf);
      expect(proof.folds).toHaveLength(2 ** k - 1);
      const decoded = decodeBlockProof(encodeBlockProof(proof));
      const verified = verifyBlockProof(kernel, prepared, toyStatement, ctx(k), decoded);
      let s = START;
      for (let i = 0; i < 2 ** k; i++) s = toyStep(s, C);
      expect(verified.endState).toEqual([s]);
    });
  }

  describe('rejections (k = 2)', () => {
    let good: BlockProof;
    beforeAll(() => {
      good = proveBlock(kernel, prepared, chainedAssignments(4), keyOf);
      expect(() => verifyBlockProof(kernel, prepared, toyStatement, ctx(2), good)).not.toThrow();
    });

    it("a leaf whose end state is not the next leaf's start", () => {
      // Every leaf is honestly proven, but leaf 2 starts from a state leaf 1 did not produce.
      const as = chainedAssignments(4);
      as[2] = toyAssignment(frMod(as[2].publicInputs[TOY_PUBLIC.start] + 1n), C, 7n);
      as[3] = toyAssignment(as[2].publicInputs[TOY_PUBLIC.end], C, 8n);
      const proof = proveBlock(kernel, prepared, as, keyOf);
      expect(rejection(() => verifyBlockProof(kernel, prepared, toyStatement, ctx(2), proof)).reason).toBe('chain');
    });

    it('leaves in the wrong order', () => {
      const as = chainedAssignments(4);
      [as[1], as[2]] = [as[2], as[1]];
      const proof = proveBlock(kernel, prepared, as, keyOf);
      expect(rejection(() => verifyBlockProof(kernel, prepared, toyStatement, ctx(2), proof)).reason).toBe('chain');
    });

    it("a first leaf that does not start from the previous block's end state", () => {
      expect(rejection(() => verifyBlockProof(kernel, prepared, toyStatement, ctx(2, [START + 1n]), good)).reason).toBe(
        'start-state',
      );
    });

    it("leaves proven against other constants than the header's", () => {
      expect(
        rejection(() => verifyBlockProof(kernel, prepared, toyStatement, { ...ctx(2), constants: [C + 1n] }, good))
          .reason,
      ).toBe('constants');
    });

    it('a number of leaves other than 2^k', () => {
      expect(rejection(() => verifyBlockProof(kernel, prepared, toyStatement, ctx(3), good)).reason).toBe('leaf-count');
      const short = { ...good, folds: good.folds.slice(1) };
      expect(rejection(() => verifyBlockProof(kernel, prepared, toyStatement, ctx(2), short)).reason).toBe(
        'merge-count',
      );
    });

    it('a tampered root witness entry', () => {
      const W = frVectorToBigints(good.rootWitness.W);
      W[0] = (W[0] + 1n) % FR_MODULUS;
      const bad = { ...good, rootWitness: { ...good.rootWitness, W: frVectorFromBigints(W) } };
      expect(rejection(() => verifyBlockProof(kernel, prepared, toyStatement, ctx(2), bad)).reason).toBe(
        'witness-commitment',
      );
    });

    it('a wrong Com(T) anywhere in the tree', () => {
      for (const at of [0, 2]) {
        const folds = good.folds.map((f, i) => (i === at ? { ...f, comT: good.leaves[0].comW } : f));
        const reason = rejection(() =>
          verifyBlockProof(kernel, prepared, toyStatement, ctx(2), { ...good, folds }),
        ).reason;
        expect(['witness-commitment', 'error-commitment']).toContain(reason);
      }
    });

    it("a fold re-targeted to another prover's key", () => {
      const folds = good.folds.map((f, i) => (i === 1 ? { ...f, mergerKey: blsPublicKey(99) } : f));
      expect(rejection(() => verifyBlockProof(kernel, prepared, toyStatement, ctx(2), { ...good, folds })).reason).toBe(
        'witness-commitment',
      );
    });

    it('a merger key that is not a BLS12-381 public key', () => {
      const folds = good.folds.map((f, i) => (i === 0 ? { ...f, mergerKey: new Uint8Array(PUBLIC_KEY_BYTES) } : f));
      expect(rejection(() => verifyBlockProof(kernel, prepared, toyStatement, ctx(2), { ...good, folds })).reason).toBe(
        'bad-key',
      );
    });

    it('a leaf whose public inputs were edited after proving', () => {
      const leaves = good.leaves.map((l, i) =>
        i === 3 ? { ...l, x: l.x.map((v, j) => (j === TOY_PUBLIC.payload ? v + 1n : v)) } : l,
      );
      expect(
        rejection(() => verifyBlockProof(kernel, prepared, toyStatement, ctx(2), { ...good, leaves })).reason,
      ).toBe('witness-commitment');
    });
  });
});

describe('a fold transcript that omits part of an instance', () => {
  /** The real transcript, minus U₁'s public inputs x. */
  const withoutFirstX: FoldChallengeFn = (k, digest, U1, U2, comT, key) => {
    const t = new PoseidonTranscript(k, FOLD_DOMAIN_TAG).absorbBytes(digest);
    t.absorbPoint(U1.comW).absorbPoint(U1.comE).absorbField(U1.u); // x₁ left out
    t.absorbPoint(U2.comW).absorbPoint(U2.comE).absorbField(U2.u).absorbFields(U2.x);
    return t.absorbPoint(comT).absorbBytes(key).challenge128();
  };

  it('would let a prover move public inputs between leaves and prove a false statement; the real transcript rejects it', () => {
    // Two honest leaves (k = 1).
    const [a1, a2] = chainedAssignments(2);
    const honest = proveBlock(kernel, prepared, [a1, a2], keyOf);
    const [l1, l2] = honest.leaves;
    // The forger wants leaf 2 to claim payload P, which its witness does not support (P² ≠ w).
    const P = 424242n;
    const x2f = l2.x.map((v, j) => (j === TOY_PUBLIC.payload ? P : v));
    const U = (l: { comW: Uint8Array }, x: readonly bigint[]): RelaxedInstance => ({
      comW: l.comW,
      comE: new Uint8Array(64),
      u: 1n,
      x,
    });
    const comT = honest.folds[0].comT;
    const key = honest.folds[0].mergerKey;
    // x₁ is not absorbed, so r is known before x₁ is chosen: pick x₁ so that x₁ + r·x₂' = x₁⁰ + r·x₂⁰.
    const r = withoutFirstX(kernel, prepared.shape.digest, U(l1, l1.x), U(l2, x2f), comT, key);
    const x1f = l1.x.map((v, j) => frMod(v + r * (l2.x[j] - x2f[j])));
    expect(x1f[TOY_PUBLIC.start]).toBe(l1.x[TOY_PUBLIC.start]); // chained fields untouched
    expect(x1f[TOY_PUBLIC.end]).toBe(l1.x[TOY_PUBLIC.end]);
    // Folding honest pairs is complete for any r: the forger folds the honest witnesses with this r.
    const W = kernel.frAxpy(a1.witness, r, a2.witness);
    const T = recomputeT(comT, a1, a2);
    const E = kernel.frAxpy(new Uint8Array(T.length), r, T);
    const forged: BlockProof = {
      leaves: [
        { comW: l1.comW, x: x1f },
        { comW: l2.comW, x: x2f },
      ],
      leafProvers: honest.leafProvers,
      folds: honest.folds,
      rootWitness: { W, E },
    };

    // Under the weakened transcript the whole block check passes: chain, replay, decider.
    const root = replayFolds(kernel, prepared.shape.digest, forged.leaves, forged.folds, withoutFirstX);
    expect(() => decide(kernel, prepared, root, forged.rootWitness)).not.toThrow();
    // Leaf 2's claimed statement is false on its own.
    expect(() =>
      decide(kernel, prepared, U(l2, x2f), { W: a2.witness, E: new Uint8Array(prepared.shape.numConstraints * 32) }),
    ).toThrow(ProofRejectedError);

    // The real transcript absorbs x₁, so r changes with it and the forgery fails.
    expect(foldChallenge(kernel, prepared.shape.digest, U(l1, x1f), U(l2, x2f), comT, key)).not.toBe(r);
    expect(rejection(() => verifyBlockProof(kernel, prepared, toyStatement, ctx(1), forged)).reason).toBe(
      'witness-commitment',
    );
  });

  function recomputeT(comT: Uint8Array, a1: R1csAssignment, a2: R1csAssignment): Uint8Array {
    // T of two strict leaves: AZ₁∘BZ₂ + AZ₂∘BZ₁ − CZ₂ − CZ₁ (the honest merger's cross term).
    const z = (a: R1csAssignment) => new Uint8Array([...a.witness, ...frVectorFromBigints([1n, ...a.publicInputs])]);
    const [p1, p2] = [z(a1), z(a2)].map((v) => ({
      a: kernel.spmv(prepared.A, v),
      b: kernel.spmv(prepared.B, v),
      c: kernel.spmv(prepared.C, v),
    }));
    const m1 = FR_MODULUS - 1n;
    const T = kernel.frAxpy(
      kernel.frAxpy(kernel.frAxpy(kernel.frHadamard(p1.a, p2.b), 1n, kernel.frHadamard(p2.a, p1.b)), m1, p2.c),
      m1,
      p1.c,
    );
    expect(pedersenCommit(kernel, prepared.key.e, T)).toEqual(comT);
    return T;
  }
});
