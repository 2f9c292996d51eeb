// The light participant's base proof: from one transcript chunk (start state, fee so far,
// transaction, hints), derive the leaf's transition with the light verifier, build the circuit's
// witness for this prover's key and block, and commit to it. No state tree is needed.
import { isValidPublicKey } from '../protocol/keys.js';
import type { Kernel } from '../kernel/types.js';
import { baseRollupWitness } from '../rollup/circuit/base-rollup.js';
import { kernelFieldHasher } from '../rollup/hasher.js';
import { decodeLeafChunk } from '../rollup/hints-codec.js';
import { verifyLeafTransition } from '../rollup/leaf-verifier.js';
import { DEFAULT_ROLLUP_PARAMS } from '../rollup/params.js';
import type { LeafChunk, RollupParams } from '../rollup/types.js';
import { proveLeaf, type LeafProof } from './base.js';
import { ProofRejectedError } from './errors.js';
import { FR_MODULUS } from '../kernel/field.js';
import type { R1csAssignment } from '../r1cs/types.js';
import { proverKeyHash } from './rollup-statement.js';
import { BASE_ROLLUP_SHAPE, preparedShape, rollupParamsOf, type ShapeName } from './shape-catalog.js';

/** The leaf's assignment; throws InvalidLeafWitnessError when the chunk's hints do not hold. */
export function baseRollupAssignment(
  kernel: Kernel,
  chunk: LeafChunk,
  constantsHash: bigint,
  proverKey: Uint8Array,
  params: RollupParams = DEFAULT_ROLLUP_PARAMS,
): R1csAssignment {
  if (typeof constantsHash !== 'bigint' || constantsHash < 0n || constantsHash >= FR_MODULUS) {
    throw new RangeError('constants hash must be a canonical field element');
  }
  if (!isValidPublicKey(proverKey))
    throw new ProofRejectedError('bad-key', 'the prover key is not a BLS12-381 G1 public key');
  const { end, effectsHash } = verifyLeafTransition(
    kernelFieldHasher(kernel),
    chunk.start,
    chunk.tx,
    chunk.hints,
    params,
  );
  const leaf = {
    start: chunk.start,
    end,
    tx: chunk.tx,
    hints: chunk.hints,
    effectsHash,
    accumulatedFeeStart: chunk.accumulatedFeeStart,
    accumulatedFeeEnd: chunk.accumulatedFeeStart + chunk.tx.fee,
  };
  return baseRollupWitness(params, leaf, { constantsHash, proverKeyHash: proverKeyHash(proverKey) });
}

export interface BaseRollupJobArgs {
  /** encodeLeafChunk bytes (from the transcript). */
  chunk: Uint8Array;
  /** blockConstantsHash(header, transcriptRoot) of the block. */
  constantsHash: bigint;
  /** The prover's 48-byte BLS public key (bound into the leaf). */
  proverKey: Uint8Array;
  /** A base-rollup shape name [base-rollup]: fixes the rollup parameters. */
  shape?: ShapeName;
}

export function proveBaseRollupChunk(kernel: Kernel, args: BaseRollupJobArgs): LeafProof {
  const shape = args.shape ?? BASE_ROLLUP_SHAPE;
  const params = rollupParamsOf(shape);
  const prepared = preparedShape(kernel, shape);
  const chunk = decodeLeafChunk(args.chunk, params);
  return proveLeaf(kernel, prepared, baseRollupAssignment(kernel, chunk, args.constantsHash, args.proverKey, params));
}
