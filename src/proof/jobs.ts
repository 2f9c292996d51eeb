// Proving jobs for the worker pool: bytes in, bytes out (the codecs of ./messages.ts), so the
// arguments transfer between threads without structured-clone surprises and are validated on
// arrival like any message from outside.
import type { Kernel } from '../kernel/types.js';
import { proveLeaf } from './base.js';
import { ProofEncodingError, ProofRejectedError, ShapeMismatchError, type RejectionReason } from './errors.js';
import {
  decodeInstance,
  decodeLeafJob,
  decodeLeafProof,
  decodeMergeJob,
  decodeMergeProof,
  encodeLeafProof,
  encodeMergeProof,
} from './messages.js';
import { checkLeafProof, checkMergeProof } from './node-checks.js';
import { proveBaseRollupChunk, type BaseRollupJobArgs } from './base-rollup-prover.js';
import { proveMerge } from './nifs.js';
import { decide } from './decider.js';
import { isValidPublicKey } from '../protocol/keys.js';
import { buildShape, preparedShape, type ShapeName } from './shape-catalog.js';
import type { R1csShape } from '../r1cs/types.js';
import { runSetupJob } from './worker-setup.js';
import { buildTableRows, deriveEncodedGenerators, type TableKernel, type TableRows } from './generator-store.js';

export interface ProofJobArgs {
  shape: ShapeName;
  /** An encoded LeafJob (proof.base) or MergeJob (proof.merge). */
  job: Uint8Array;
}

interface KernelContext {
  kernel(): Promise<Kernel>;
}

/** Base proof: assignment → Com(W) → encoded LeafProof. */
export async function runBaseJob({ shape, job }: ProofJobArgs, ctx: KernelContext): Promise<Uint8Array> {
  const kernel = await ctx.kernel();
  const prepared = preparedShape(kernel, shape);
  return encodeLeafProof(proveLeaf(kernel, prepared, decodeLeafJob(job)));
}

/** Merge: cross term → Com(T) → challenge → fold → encoded MergeProof. */
export async function runMergeJob({ shape, job }: ProofJobArgs, ctx: KernelContext): Promise<Uint8Array> {
  const kernel = await ctx.kernel();
  const prepared = preparedShape(kernel, shape);
  const { mergerKey, left, right } = decodeMergeJob(job);
  return encodeMergeProof(
    proveMerge(kernel, prepared, left.instance, left.witness, right.instance, right.witness, mergerKey),
  );
}

export interface CheckLeafArgs {
  shape: ShapeName;
  /** An encoded LeafProof. */
  proof: Uint8Array;
}

export interface CheckMergeArgs {
  shape: ShapeName;
  /** Encoded instances of the two children (a leaf child as the verifier reads it: u = 1, Com(E) = 0). */
  left: Uint8Array;
  right: Uint8Array;
  /** An encoded MergeProof. */
  proof: Uint8Array;
}

export type CheckOutcome = { ok: true } | { ok: false; reason: RejectionReason | 'encoding'; message: string };

function outcome(check: () => void): CheckOutcome {
  try {
    check();
    return { ok: true };
  } catch (e) {
    if (e instanceof ProofEncodingError) return { ok: false, reason: 'encoding', message: e.message };
    if (e instanceof ProofRejectedError) return { ok: false, reason: e.reason, message: e.message };
    // Sizes that do not fit the shape make a bad result, not a failed job.
    if (e instanceof ShapeMismatchError) return { ok: false, reason: 'instance-mismatch', message: e.message };
    throw e;
  }
}

/** Checks a leaf result before building on it (decider with u = 1, E = 0). */
export async function runCheckLeafJob({ shape, proof }: CheckLeafArgs, ctx: KernelContext): Promise<CheckOutcome> {
  const kernel = await ctx.kernel();
  const prepared = preparedShape(kernel, shape);
  return outcome(() => checkLeafProof(kernel, prepared, decodeLeafProof(proof)));
}

/** Checks a merge result against its children's instances (fold replay + decider). */
export async function runCheckMergeJob(
  { shape, left, right, proof }: CheckMergeArgs,
  ctx: KernelContext,
): Promise<CheckOutcome> {
  const kernel = await ctx.kernel();
  const prepared = preparedShape(kernel, shape);
  return outcome(() =>
    checkMergeProof(kernel, prepared, decodeInstance(left), decodeInstance(right), decodeMergeProof(proof)),
  );
}

export interface CheckOpeningArgs {
  shape: ShapeName;
  /** An encoded MergeProof. */
  proof: Uint8Array;
}

/**
 * Checks that a merge payload opens its own instance (Com(W), Com(E)) and satisfies the relaxed
 * relation: what a receiver checks before building on a payload whose children it does not hold.
 * Whether the instance is the fold of its children is left to whoever holds them (and the L1).
 */
export async function runCheckOpeningJob(
  { shape, proof }: CheckOpeningArgs,
  ctx: KernelContext,
): Promise<CheckOutcome> {
  const kernel = await ctx.kernel();
  const prepared = preparedShape(kernel, shape);
  return outcome(() => {
    const p = decodeMergeProof(proof);
    if (!isValidPublicKey(p.mergerKey))
      throw new ProofRejectedError('bad-key', 'the merger key is not a BLS12-381 G1 public key');
    decide(kernel, prepared, p.instance, p.witness);
  });
}

/** Base-rollup proof from a transcript chunk: light transition check → witness → Com(W). */
export async function runBaseRollupJob(args: BaseRollupJobArgs, ctx: KernelContext): Promise<Uint8Array> {
  return encodeLeafProof(proveBaseRollupChunk(await ctx.kernel(), args));
}

/** One commitment generator set, derived and encoded (a page's first visit, off its own thread). */
export async function runDeriveGeneratorsJob(
  { label, count }: { label: string; count: number },
  ctx: KernelContext,
): Promise<Uint8Array> {
  // The pool's kernel is the wasm one, whose raw exports hold the Pedersen cache.
  return deriveEncodedGenerators((await ctx.kernel()) as TableKernel, label, count);
}

/** Rows of a fixed-base table (loadCommitmentTables' buildRows: a table built in pieces, in parallel). */
export async function runBuildTableRowsJob(rows: TableRows, ctx: KernelContext): Promise<Uint8Array> {
  return buildTableRows((await ctx.kernel()) as TableKernel, rows);
}

/** A shape's R1CS matrices, built off the caller's thread (seconds for the base-rollup circuit). */
export async function runBuildShapeJob({ name }: { name: ShapeName }): Promise<R1csShape> {
  return buildShape(name);
}

export const proofJobs = {
  /** Run by each worker as it starts (PoolOptions.setup; see ./worker-setup.ts). */
  'proof.setup': runSetupJob,
  'proof.derive-generators': runDeriveGeneratorsJob,
  'proof.build-shape': runBuildShapeJob,
  'proof.build-table-rows': runBuildTableRowsJob,
  'proof.base': runBaseJob,
  'proof.base-rollup': runBaseRollupJob,
  'proof.merge': runMergeJob,
  'proof.check-leaf': runCheckLeafJob,
  'proof.check-merge': runCheckMergeJob,
  'proof.check-opening': runCheckOpeningJob,
};

export type ProofJobs = typeof proofJobs;

/** Runs proof jobs by name somewhere else (a worker pool whose registry includes proofJobs). */
export interface ProofJobRunner {
  run<N extends keyof ProofJobs & string>(
    job: N,
    args: Parameters<ProofJobs[N]>[0],
  ): Promise<Awaited<ReturnType<ProofJobs[N]>>>;
}
