// The ProverPort over the worker pool: leaves from transcript chunks (proof.base-rollup), merges
// from the children's payloads (proof.merge), and the checks a node runs before building on a
// payload someone else sent (proof.check-leaf / proof.check-merge). Same code in the browser
// (Web Workers) and under Node (worker_threads).
import type { ProverPool } from '../pool/index.js';
import { frZeros } from '../proof/field.js';
import { decodeLeafProof, decodeMergeProof, encodeMergeJob, type RelaxedPair } from '../proof/messages.js';
import { leafAsRelaxed } from '../proof/relaxed.js';
import { BASE_ROLLUP_SHAPE, buildShape, type ShapeName } from '../proof/shape-catalog.js';
import type { MergeTask, PayloadCheck, ProverPort } from './ports.js';

type Kind = 'base' | 'merge';

const constraintCounts = new Map<ShapeName, number>();

/** The shape's constraint count (sizes a leaf's zero error vector); built once per process. */
function numConstraints(shape: ShapeName): number {
  let n = constraintCounts.get(shape);
  if (n === undefined) {
    n = buildShape(shape).numConstraints;
    constraintCounts.set(shape, n);
  }
  return n;
}

/** A node payload as the relaxed pair a merger folds (a leaf gets u = 1, E = 0). */
export function payloadAsPair(payload: Uint8Array, kind: Kind, shape: ShapeName): RelaxedPair {
  if (kind === 'merge') {
    const m = decodeMergeProof(payload);
    return { instance: m.instance, witness: m.witness };
  }
  const leaf = decodeLeafProof(payload);
  return { instance: leafAsRelaxed(leaf.instance), witness: { W: leaf.W, E: frZeros(numConstraints(shape)) } };
}

export interface PoolProverOptions {
  pool: Pick<ProverPool, 'run' | 'close'>;
  shape?: ShapeName;
  /** Close the pool with the port [true]. */
  ownsPool?: boolean;
}

export function poolProver(options: PoolProverOptions): ProverPort {
  const { pool } = options;
  const shape = options.shape ?? BASE_ROLLUP_SHAPE;
  const guard = async (check: () => Promise<PayloadCheck>): Promise<PayloadCheck> => {
    try {
      return await check();
    } catch (e) {
      // A payload that does not even decode is a bad payload, not a failed check.
      if ((e as Error).name === 'ProofEncodingError')
        return { ok: false, reason: 'encoding', message: (e as Error).message };
      throw e;
    }
  };
  return {
    proveLeaf: (task) =>
      pool.run('proof.base-rollup', {
        chunk: task.chunk,
        constantsHash: task.constantsHash,
        proverKey: task.proverKey,
        shape,
      }),
    proveMerge: (task: MergeTask) =>
      pool.run('proof.merge', {
        shape,
        job: encodeMergeJob({
          mergerKey: task.mergerKey,
          left: payloadAsPair(task.left, task.leftKind, shape),
          right: payloadAsPair(task.right, task.rightKind, shape),
        }),
      }),
    checkPayload: (payload, kind) =>
      guard(() =>
        kind === 'base'
          ? pool.run('proof.check-leaf', { shape, proof: payload })
          : pool.run('proof.check-opening', { shape, proof: payload }),
      ),
    async close() {
      if (options.ownsPool ?? true) await pool.close();
    },
  };
}
