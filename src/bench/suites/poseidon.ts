// Poseidon suite: a batch of two-input Poseidon hashes (BN254, t = 3, circomlib constants), ours
// (the kernel's poseidon2Batch) against @noble/curves' poseidon configured with the same constants
// and poseidon-lite, on the same inputs in the same run; plus the time to derive the Pedersen
// generators.
//
// Rows: name "poseidon2" (size = hashes in the batch; hashes/s = size / ms · 1000) and
// name "pedersen-gens" (size = generators derived from an empty cache).
import { poseidon2 as litePoseidon2 } from 'poseidon-lite';
import { decodeFrVector, encodeFrVector } from '../../kernel/encoding.js';
import { loadKernel } from '../../kernel/index.js';
import { clearPedersenCache, pedersenGenerators } from '../../kernel/pedersen.js';
import { noblePoseidon2, poseidonInputs } from '../inputs.js';
import type { BenchContext, BenchSuite } from '../types.js';

async function run(ctx: BenchContext): Promise<void> {
  const kernel = await loadKernel();
  if (ctx.wants('poseidon2')) {
    const n = ctx.quick ? 1 << 12 : 1 << 14;
    const runs = ctx.quick ? 1 : 5;
    const { left, right } = poseidonInputs(n);
    const leftBytes = encodeFrVector(left);
    const rightBytes = encodeFrVector(right);
    const hash = noblePoseidon2();
    const ours = () => kernel.poseidon2Batch(leftBytes, rightBytes);
    const noble = () => left.map((a, i) => hash(a, right[i]!));
    const lite = () => left.map((a, i) => litePoseidon2([a, right[i]!]));

    // Same inputs, same outputs (checked on the whole batch before anything is timed).
    const expected = lite();
    const fromKernel = decodeFrVector(ours());
    const fromNoble = noble();
    for (let i = 0; i < n; i++) {
      if (fromKernel[i] !== expected[i] || fromNoble[i] !== expected[i])
        throw new Error(`bench: Poseidon implementations disagree at ${i}`);
    }
    for (const [impl, fn] of [
      ['kernel', ours],
      ['noble', noble],
      ['poseidon-lite', lite],
    ] as const) {
      const ms = await ctx.median(fn, runs);
      ctx.record({ name: 'poseidon2', impl, size: n, threads: 1, ms });
      ctx.log(`${impl}: ${Math.round((n / ms) * 1000).toLocaleString('en')} hashes/s`);
    }
  }
  if (ctx.wants('pedersen-gens')) {
    const n = ctx.quick ? 1 << 12 : 1 << 16;
    const derive = () => {
      clearPedersenCache();
      pedersenGenerators(kernel, 'bench/pedersen', n);
    };
    ctx.record({
      name: 'pedersen-gens',
      impl: 'kernel',
      size: n,
      threads: 1,
      ms: await ctx.median(derive, ctx.quick ? 1 : 3, false),
    });
    clearPedersenCache();
  }
}

export const poseidonSuite: BenchSuite = {
  name: 'poseidon',
  description: 'Poseidon t = 3 batch vs @noble/curves and poseidon-lite; Pedersen generator derivation',
  cases: ['poseidon2', 'pedersen-gens'],
  run,
};
