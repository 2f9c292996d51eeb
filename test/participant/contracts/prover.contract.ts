// The Prover port's contract: one suite for every implementation (in process, worker pool). The
// toy circuit keeps it fast; every result is checked against the proof layer run directly.
import { describe, expect, it } from 'vitest';
import { proverErrorName, type Prover } from '../../../src/participant/ports/prover.js';
import { proveLeaf } from '../../../src/proof/base.js';
import { ProofRejectedError } from '../../../src/proof/errors.js';
import { encodeLeafProof, encodeMergeProof } from '../../../src/proof/messages.js';
import { proveMerge } from '../../../src/proof/nifs.js';
import { leafAsRelaxed, leafWitnessAsRelaxed } from '../../../src/proof/relaxed.js';
import { preparedShape } from '../../../src/proof/shape-catalog.js';
import { toyAssignment, toyStep } from '../../../src/proof/toy-circuit.js';
import { blsPublicKey } from '../../proof/keys.js';
import { testKernel } from '../../proof/support.js';

const SHAPE = 'toy-64';
const REPEAT = 61;

async function errorOf(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => undefined,
    (e: unknown) => e,
  );
}

export function describeProverContract(name: string, prover: () => Prover): void {
  describe(`Prover contract: ${name}`, () => {
    const a1 = toyAssignment(7n, 5n, 3n, REPEAT);
    const a2 = toyAssignment(toyStep(7n, 5n), 5n, 4n, REPEAT);
    const key = blsPublicKey(12);

    it('proves leaves and a merge exactly as the proof layer does, and the decider accepts the fold', async () => {
      const kernel = await testKernel();
      const prepared = preparedShape(kernel, SHAPE);
      const [l1, l2] = await Promise.all([
        prover().proveLeaf({ shape: SHAPE, assignment: a1 }),
        prover().proveLeaf({ shape: SHAPE, assignment: a2 }),
      ]);
      expect(encodeLeafProof(l1)).toEqual(encodeLeafProof(proveLeaf(kernel, prepared, a1)));
      const pair = (l: typeof l1) => ({
        instance: leafAsRelaxed(l.instance),
        witness: leafWitnessAsRelaxed(prepared, l.W),
      });
      const [left, right] = [pair(l1), pair(l2)];
      const merged = await prover().proveMerge({ shape: SHAPE, mergerKey: key, left, right });
      const direct = proveMerge(kernel, prepared, left.instance, left.witness, right.instance, right.witness, key);
      expect(encodeMergeProof(merged)).toEqual(encodeMergeProof(direct));
      await expect(
        prover().decide({ shape: SHAPE, instance: merged.instance, witness: merged.witness }),
      ).resolves.toBeUndefined();
    });

    it('the decider refuses a witness that does not open Com(W), naming the reason', async () => {
      const kernel = await testKernel();
      const prepared = preparedShape(kernel, SHAPE);
      const leaf = await prover().proveLeaf({ shape: SHAPE, assignment: a1 });
      const W = leaf.W.slice();
      W[0] ^= 1;
      const err = await errorOf(
        prover().decide({
          shape: SHAPE,
          instance: leafAsRelaxed(leaf.instance),
          witness: leafWitnessAsRelaxed(prepared, W),
        }),
      );
      expect(err).toBeInstanceOf(ProofRejectedError);
      expect((err as ProofRejectedError).reason).toBe('witness-commitment');
      expect((err as Error).message).toBe('witness-commitment: Com(W) does not open to the witness');
    });

    it('refuses an assignment of the wrong size with ShapeMismatchError', async () => {
      const short = { ...a1, witness: a1.witness.subarray(0, 64) };
      const err = await errorOf(prover().proveLeaf({ shape: SHAPE, assignment: short }));
      expect(proverErrorName(err)).toBe('ShapeMismatchError');
    });
  });
}
