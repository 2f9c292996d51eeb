// Proving jobs for the worker pool: bytes in, bytes out (the codecs of ./messages.ts), so the
// arguments transfer between threads without structured-clone surprises and are validated on
// arrival like any message from outside.
import type { Kernel } from '../kernel/types.js';
import { proveLeaf } from './base.js';
import { decodeLeafJob, decodeMergeJob, encodeLeafProof, encodeMergeProof } from './messages.js';
import { proveMerge } from './nifs.js';
import { preparedShape, type ShapeName } from './shape-catalog.js';

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
  const m = proveMerge(kernel, prepared, left.instance, left.witness, right.instance, right.witness, mergerKey);
  return encodeMergeProof({ comT: m.comT, mergerKey: m.mergerKey, instance: m.instance, witness: m.witness });
}

export const proofJobs = {
  'proof.base': runBaseJob,
  'proof.merge': runMergeJob,
};
