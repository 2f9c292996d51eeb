// Kernel suite: G1 MSM and field multiplication, ours against ffjavascript (snarkjs's engine,
// single-threaded) and @noble/curves, on identical inputs in the same run.
//
// Rows: name "msm" (size = points), name "fr-mul" / "fq-mul" (size = 10^6 multiplications, so
// the ms figure equals nanoseconds per multiplication).
import { bn254 } from '@noble/curves/bn254.js';
import { pippenger } from '@noble/curves/abstract/curve.js';
import { buildBn128 } from 'ffjavascript';
import { bytesToBigintLE } from '../../kernel/encoding.js';
import { loadKernel } from '../../kernel/index.js';
import { makeInputs } from '../inputs.js';
import type { BenchContext, BenchSuite } from '../types.js';

const G = bn254.G1.Point;
type Point = InstanceType<typeof G>;
const Fr = bn254.fields.Fr;
const R = Fr.ORDER;
const MUL_OPS = 1_000_000;

async function run(ctx: BenchContext): Promise<void> {
  const kernel = await loadKernel();
  const ff = await buildBn128(true);
  try {
    if (ctx.wants('msm')) {
      const sizes = ctx.quick ? [1 << 12] : [1 << 12, 1 << 14, 1 << 16];
      for (const n of sizes) {
        ctx.log(`preparing ${n} points`);
        const inp = makeInputs(n);
        const runs = ctx.quick ? 1 : n >= 1 << 16 ? 3 : 5;
        // ours
        const ours = kernel.msm(inp.pointBytes, inp.scalarBytes);
        ctx.record({
          name: 'msm',
          impl: 'kernel',
          size: n,
          threads: 1,
          ms: await ctx.median(() => kernel.msm(inp.pointBytes, inp.scalarBytes), runs),
        });
        // ffjavascript: its own encodings (Montgomery affine bases, plain LE scalars)
        const bases = new Uint8Array(n * 64);
        inp.points.forEach((p, i) => {
          const a = p.toAffine();
          bases.set(ff.G1.fromObject([a.x, a.y]), i * 64);
        });
        const ffRes = ff.G1.toObject(ff.G1.toAffine(await ff.G1.multiExpAffine(bases, inp.scalarBytes)));
        if (ffRes[0] !== bytesToBigintLE(ours.subarray(0, 32)) || ffRes[1] !== bytesToBigintLE(ours.subarray(32))) {
          throw new Error(`bench: kernel and ffjavascript disagree at n = ${n}`);
        }
        ctx.record({
          name: 'msm',
          impl: 'ffjavascript',
          size: n,
          threads: 1,
          ms: await ctx.median(() => ff.G1.multiExpAffine(bases, inp.scalarBytes), runs),
        });
        // noble (slow: fewer runs at the largest size, no warm-up there)
        let nobleRes: Point | undefined;
        const nobleRuns = ctx.quick || n >= 1 << 16 ? 1 : 3;
        const nobleMs = await ctx.median(
          () => {
            nobleRes = pippenger(G, inp.points, inp.scalars);
          },
          nobleRuns,
          n < 1 << 16,
        );
        const na = nobleRes!.toAffine();
        if (na.x !== ffRes[0] || na.y !== ffRes[1])
          throw new Error(`bench: noble and ffjavascript disagree at n = ${n}`);
        ctx.record({ name: 'msm', impl: 'noble', size: n, threads: 1, ms: nobleMs });
      }
    }
    if (ctx.wants('fr-mul') || ctx.wants('fq-mul')) {
      const loop = kernel.raw.fieldMulLoop;
      const runs = ctx.quick ? 1 : 5;
      ctx.record({
        name: 'fr-mul',
        impl: 'kernel',
        size: MUL_OPS,
        threads: 1,
        ms: await ctx.median(() => loop(0, MUL_OPS), runs),
      });
      ctx.record({
        name: 'fq-mul',
        impl: 'kernel',
        size: MUL_OPS,
        threads: 1,
        ms: await ctx.median(() => loop(1, MUL_OPS), runs),
      });
      const a = R - 12345678901234567890n;
      const b = R / 3n;
      ctx.record({
        name: 'fr-mul',
        impl: 'noble',
        size: MUL_OPS,
        threads: 1,
        ms: await ctx.median(() => {
          let x = a;
          for (let i = 0; i < MUL_OPS; i++) x = Fr.mul(x, b);
          return x;
        }, runs),
      });
      const fa = ff.Fr.e(a);
      const fb = ff.Fr.e(b);
      ctx.record({
        name: 'fr-mul',
        impl: 'ffjavascript',
        size: MUL_OPS,
        threads: 1,
        ms: await ctx.median(() => {
          let x = fa;
          for (let i = 0; i < MUL_OPS; i++) x = ff.Fr.mul(x, fb);
          return x;
        }, runs),
      });
    }
  } finally {
    await ff.terminate();
  }
}

export const kernelSuite: BenchSuite = {
  name: 'kernel',
  description: 'BN254 G1 MSM and field multiplication: kernel vs ffjavascript vs noble',
  cases: ['msm', 'fr-mul', 'fq-mul'],
  run,
};
