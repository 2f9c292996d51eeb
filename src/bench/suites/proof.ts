// Proof suite: the folding prover and verifier on the real kernel, one thread and the pool.
//
// Rows (size = constraints of the shape for node rows, leaves for block rows):
//   proof-base     base proof: Com(W)                      (1 thread; pool = MSM split over workers)
//   proof-merge    merge of two relaxed pairs: T, Com(T), r, folds
//   proof-decider  Com(W), Com(E) openings + relation check
//   block-prove    a whole 2^k-leaf tree (1 thread; pool = nodes spread over workers)
//   block-verify   leaf chain + fold replay + decider on the root
// The shape is the registered `base-rollup` circuit when present, else the toy statement
// stretched to 2^16 constraints (the circuit budget); `impl` names which.
import { loadKernel } from '../../kernel/index';
import type { Kernel } from '../../kernel/types';
import { createPool, type ProverPool } from '../../pool/index';
import { proveLeaf } from '../../proof/base';
import { proveBlock } from '../../proof/block-prover';
import { verifyBlockProof } from '../../proof/block-verifier';
import { decide } from '../../proof/decider';
import { proveMerge } from '../../proof/nifs';
import { decideParallel, poolCommitter, proveLeafParallel, proveMergeParallel } from '../../proof/parallel';
import { proveBlockOnPool } from '../../proof/pool-prover';
import type { PreparedShape } from '../../proof/prepared-shape';
import type { R1csAssignment } from '../../proof/r1cs-types';
import { leafAsRelaxed, leafWitnessAsRelaxed, type RelaxedInstance, type RelaxedWitness } from '../../proof/relaxed';
import { preparedShape } from '../../proof/shape-catalog';
import { toyAssignment, toyStatement, toyStep } from '../../proof/toy-circuit';
import { bls12_381 } from '@noble/curves/bls12-381.js';
import type { BenchContext, BenchSuite } from '../types';

const C = 5n;

function mergerKey(i: number): Uint8Array {
  const sk = new Uint8Array(32);
  sk[0] = 0x22;
  sk[31] = i + 1;
  return bls12_381.longSignatures.getPublicKey(sk).toBytes();
}

function toyBlock(n: number, repeat: number): R1csAssignment[] {
  const out: R1csAssignment[] = [];
  let s = 3n;
  for (let i = 0; i < n; i++) {
    out.push(toyAssignment(s, C, BigInt(1000 + i), repeat));
    s = toyStep(s, C);
  }
  return out;
}

interface Pair {
  U: RelaxedInstance;
  w: RelaxedWitness;
}

async function run(ctx: BenchContext): Promise<void> {
  const kernel: Kernel = await loadKernel();
  const constraints = ctx.quick ? 1 << 12 : 1 << 16;
  const k = ctx.quick ? 2 : 3;
  const shapeName = `toy-${constraints}`;
  const impl = 'toy';
  const repeat = constraints - 3;
  ctx.log(`shape ${shapeName}: deriving generators and uploading matrices`);
  const prepared: PreparedShape = preparedShape(kernel, shapeName);
  const runs = ctx.quick ? 2 : 3;
  const assignments = toyBlock(2 ** k, repeat);

  // Two relaxed pairs with non-zero E (each the fold of two leaves): the general merge.
  const leafPair = (a: R1csAssignment): Pair => {
    const p = proveLeaf(kernel, prepared, a);
    return { U: leafAsRelaxed(p.instance), w: leafWitnessAsRelaxed(prepared, p.W) };
  };
  const fold = (a: Pair, b: Pair, key: number): Pair => {
    const m = proveMerge(kernel, prepared, a.U, a.w, b.U, b.w, mergerKey(key));
    return { U: m.instance, w: m.witness };
  };
  const [p0, p1, p2, p3] = assignments.slice(0, 4).map(leafPair);
  const left = fold(p0, p1, 0);
  const right = fold(p2, p3, 1);

  if (ctx.wants('proof-base')) {
    ctx.record({ name: 'proof-base', impl, size: constraints, threads: 1, ms: await ctx.median(() => proveLeaf(kernel, prepared, assignments[0]), runs) });
  }
  if (ctx.wants('proof-merge')) {
    ctx.record({ name: 'proof-merge', impl, size: constraints, threads: 1, ms: await ctx.median(() => proveMerge(kernel, prepared, left.U, left.w, right.U, right.w, mergerKey(2)), runs) });
  }
  if (ctx.wants('proof-decider')) {
    ctx.record({ name: 'proof-decider', impl, size: constraints, threads: 1, ms: await ctx.median(() => decide(kernel, prepared, left.U, left.w), runs) });
  }
  const keyOf = ({ level, index }: { level: number; index: number }) => mergerKey(level * 16 + index);
  let block: ReturnType<typeof proveBlock> | undefined;
  if (ctx.wants('block-prove')) {
    ctx.log(`proving a block of ${2 ** k} leaves on one thread`);
    let ms = 0;
    ms = await ctx.median(() => (block = proveBlock(kernel, prepared, assignments, keyOf)), 1, false);
    ctx.record({ name: 'block-prove', impl, size: 2 ** k, threads: 1, ms });
  }
  block ??= proveBlock(kernel, prepared, assignments, keyOf);
  const proof = block;
  if (ctx.wants('block-verify')) {
    const context = { treeHeight: k, startState: [3n], constants: [C] };
    ctx.record({ name: 'block-verify', impl, size: 2 ** k, threads: 1, ms: await ctx.median(() => verifyBlockProof(kernel, prepared, toyStatement, context, proof), runs) });
  }

  if (!['proof-base', 'proof-merge', 'proof-decider', 'block-prove'].some((c) => ctx.wants(c))) return;
  const pool: ProverPool = await createPool({ preloadKernel: true });
  try {
    const threads = pool.size;
    ctx.log(`pool of ${threads} workers: warming up (each worker derives the generators once)`);
    await proveBlockOnPool(pool, shapeName, prepared.shape, assignments.slice(0, 2), keyOf);
    const commit = poolCommitter(pool);
    if (ctx.wants('proof-base')) {
      ctx.record({ name: 'proof-base', impl, size: constraints, threads, ms: await ctx.median(() => proveLeafParallel(prepared, assignments[0], commit), runs) });
    }
    if (ctx.wants('proof-merge')) {
      ctx.record({ name: 'proof-merge', impl, size: constraints, threads, ms: await ctx.median(() => proveMergeParallel(kernel, prepared, left.U, left.w, right.U, right.w, mergerKey(2), commit), runs) });
    }
    if (ctx.wants('proof-decider')) {
      ctx.record({ name: 'proof-decider', impl, size: constraints, threads, ms: await ctx.median(() => decideParallel(kernel, prepared, left.U, left.w, commit), runs) });
    }
    if (ctx.wants('block-prove')) {
      ctx.log(`proving a block of ${2 ** k} leaves across ${threads} workers`);
      ctx.record({ name: 'block-prove', impl, size: 2 ** k, threads, ms: await ctx.median(() => proveBlockOnPool(pool, shapeName, prepared.shape, assignments, keyOf), 1, false) });
    }
  } finally {
    await pool.close();
  }
}

export const proofSuite: BenchSuite = {
  name: 'proof',
  description: 'folding: base proof, merge, decider, whole block prove and verify (1 thread and pool)',
  cases: ['proof-base', 'proof-merge', 'proof-decider', 'block-prove', 'block-verify'],
  run,
};
