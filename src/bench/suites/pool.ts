// Pool suite: one BN254 G1 MSM split over every worker of the pool (the kernel in each worker),
// on the kernel suite's inputs. Rows: name "msm", impl "kernel", threads = pool size.
//
// Inside the timing: the caller's plain arrays → one copy into shared memory (or per-slice copies
// that are transferred, without cross-origin isolation), messages to the workers, each worker's
// copy into wasm memory with its curve checks, the slice MSMs, and adding the partial sums on the
// caller's side (with their curve checks). Outside: starting workers, loading the kernel and
// warming up its code (once per pool, before any measurement).
import { createWorkerPool } from '../../../workers/jobs.js';
import { loadKernel } from '../../kernel/index.js';

import type { BenchContext, BenchSuite } from '../types.js';
import { makeInputs } from '../inputs.js';

/** CPU time of this process (every thread, so the pool's workers too), in ms. */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

async function run(ctx: BenchContext): Promise<void> {
  if (!ctx.wants('msm')) return;
  const pool = await createWorkerPool({ preloadKernel: true });
  const kernel = await loadKernel(); // the one-thread reference, for the speed-up line only
  try {
    ctx.log(`pool of ${pool.size} workers, ${pool.sharedMemory ? 'shared memory' : 'transferred buffers'}`);
    const sizes = ctx.quick ? [1 << 12] : [1 << 12, 1 << 14, 1 << 16];
    // Warm up the workers' and this thread's wasm code first: V8 tiers hot wasm functions up on
    // background threads, which would otherwise compete with the first (smallest) measurement.
    const warm = makeInputs(1 << 12);
    for (let i = 0; i < 8; i++) {
      await pool.msm(warm.pointBytes, warm.scalarBytes);
      kernel.msm(warm.pointBytes, warm.scalarBytes);
    }
    for (const n of sizes) {
      ctx.log(`preparing ${n} points`);
      const inp = makeInputs(n);
      const runs = ctx.quick ? 1 : n >= 1 << 16 ? 5 : 9;
      const split = await pool.msm(inp.pointBytes, inp.scalarBytes);
      const single = kernel.msm(inp.pointBytes, inp.scalarBytes);
      if (!split.every((b, i) => b === single[i]))
        throw new Error(`bench: pool and single-thread kernel disagree at n = ${n}`);
      const cpu0 = cpuMs();
      const ms = await ctx.median(() => pool.msm(inp.pointBytes, inp.scalarBytes), runs);
      const poolCpu = (cpuMs() - cpu0) / (runs + 1);
      ctx.record({ name: 'msm', impl: 'kernel', size: n, threads: pool.size, ms });
      const cpu1 = cpuMs();
      const oneThread = await ctx.median(() => kernel.msm(inp.pointBytes, inp.scalarBytes), runs);
      const oneCpu = (cpuMs() - cpu1) / (runs + 1);
      // CPU time (all threads of this process) is far less disturbed by other load than wall time:
      // it shows what splitting costs, and so the speed-up an otherwise idle machine would give.
      const idle = Math.min(pool.size, (pool.size * oneCpu) / poolCpu);
      ctx.log(
        `n = ${n}: one thread ${oneThread.toFixed(1)} ms, pool ${ms.toFixed(1)} ms, speed-up ${(oneThread / ms).toFixed(2)}×; ` +
          `CPU per MSM ${oneCpu.toFixed(1)} vs ${poolCpu.toFixed(1)} ms → ≈${idle.toFixed(2)}× on idle cores`,
      );
    }
  } finally {
    await pool.close();
  }
}

export const poolSuite: BenchSuite = {
  name: 'pool',
  description: 'BN254 G1 MSM split over the worker pool (all threads), kernel suite inputs',
  cases: ['msm'],
  run,
};
