// Commit suite: what a fresh worker costs and what the fixed-base commitment tables buy.
//
// Rows:
//   worker-ready   ms from creating a one-worker pool until its worker can start its first proof
//                  of the base-rollup shape, with the generator cache warm: the worker receives
//                  the generators and the shape's matrices from this thread (proof.setup), loads
//                  the kernel and prepares the shape. Median of 5 pools (after one warm-up pool).
import { createWorkerPool } from '../../../workers/jobs.js';
import { FileGeneratorCache } from '../../kernel/generator-cache-file.js';
import { loadKernel } from '../../kernel/index.js';
import { loadCommitmentGenerators } from '../../proof/generator-store.js';
import { BASE_ROLLUP_SHAPE, buildShape } from '../../proof/shape-catalog.js';
import { proofWorkerSetup } from '../../proof/worker-setup.js';
import type { BenchContext, BenchSuite } from '../types.js';

async function workerReady(ctx: BenchContext): Promise<void> {
  const kernel = await loadKernel();
  const cache = new FileGeneratorCache();
  const first = await loadCommitmentGenerators(kernel, cache, { onRejected: (e) => ctx.log(e.message) });
  if (first.derived.length) ctx.log(`derived and cached ${first.derived.join(', ')} (cache was cold)`);
  const loaded = await loadCommitmentGenerators(kernel, cache); // warm now
  const shape = buildShape(BASE_ROLLUP_SHAPE);
  const setup = proofWorkerSetup({ generators: loaded.sets, shapes: [{ name: BASE_ROLLUP_SHAPE, shape }] });
  const ms = await ctx.median(
    async () => {
      const pool = await createWorkerPool({ maxThreads: 1, preloadKernel: true, setup });
      await pool.close();
    },
    ctx.quick ? 1 : 5,
  );
  ctx.record({ name: 'worker-ready', impl: 'kernel', size: shape.numConstraints, threads: 1, ms });
}

async function run(ctx: BenchContext): Promise<void> {
  if (ctx.wants('worker-ready')) await workerReady(ctx);
}

export const commitSuite: BenchSuite = {
  name: 'commit',
  description: 'fresh worker readiness (cached generators) and fixed-base commitments',
  cases: ['worker-ready'],
  run,
};
