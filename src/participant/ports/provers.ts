// The two Prover implementations: the proof layer's functions on one kernel, and the same work as
// worker-pool jobs (the decider's two opening MSMs split over the pool).
import type { Kernel } from '../../kernel/types.js';
import { proveLeaf } from '../../proof/base.js';
import { proveBaseRollupChunk } from '../../proof/base-rollup-prover.js';
import { decide } from '../../proof/decider.js';
import {
  decodeLeafProof,
  decodeMergeProof,
  encodeLeafJob,
  encodeMergeJob,
  type MergeProof,
} from '../../proof/messages.js';
import { proveMerge } from '../../proof/nifs.js';
import type { ProofJobRunner } from '../../proof/jobs.js';
import { decideParallel, type MsmRunner, poolCommitter } from '../../proof/parallel.js';
import { preparedShape } from '../../proof/shape-catalog.js';
import type { DecideTask, LeafTask, MergeTask, Prover, RollupLeafTask } from './prover.js';

export class InProcessProver implements Prover {
  constructor(private readonly kernel: Kernel) {}

  async proveLeaf({ shape, assignment }: LeafTask) {
    return proveLeaf(this.kernel, preparedShape(this.kernel, shape), assignment);
  }

  async proveRollupLeaf(task: RollupLeafTask) {
    return proveBaseRollupChunk(this.kernel, task);
  }

  async proveMerge({ shape, mergerKey, left, right }: MergeTask): Promise<MergeProof> {
    const prepared = preparedShape(this.kernel, shape);
    return proveMerge(this.kernel, prepared, left.instance, left.witness, right.instance, right.witness, mergerKey);
  }

  async decide({ shape, instance, witness }: DecideTask) {
    decide(this.kernel, preparedShape(this.kernel, shape), instance, witness);
  }
}

export interface PoolProverOptions {
  /** A worker pool whose registry includes the proof jobs (workers/jobs.ts). */
  readonly pool: ProofJobRunner & MsmRunner;
  /** The caller's kernel: the decider's relation check runs here, its MSMs on the pool. */
  readonly kernel: Kernel;
}

export class PoolProver implements Prover {
  private readonly commit;
  constructor(private readonly options: PoolProverOptions) {
    this.commit = poolCommitter(options.pool);
  }

  async proveLeaf({ shape, assignment }: LeafTask) {
    return decodeLeafProof(await this.options.pool.run('proof.base', { shape, job: encodeLeafJob(assignment) }));
  }

  async proveRollupLeaf(task: RollupLeafTask) {
    return decodeLeafProof(await this.options.pool.run('proof.base-rollup', task));
  }

  async proveMerge({ shape, mergerKey, left, right }: MergeTask): Promise<MergeProof> {
    const job = encodeMergeJob({ mergerKey, left, right });
    return decodeMergeProof(await this.options.pool.run('proof.merge', { shape, job }));
  }

  async decide({ shape, instance, witness }: DecideTask) {
    const { kernel } = this.options;
    await decideParallel(kernel, preparedShape(kernel, shape), instance, witness, this.commit);
  }
}
