// Proof suite: the folding prover and verifier on the real kernel and the real base-rollup
// circuit (default depths 20/20, K = 2), one thread and the worker pool.
//
// Rows (size = constraints for node rows, leaves for block rows):
//   proof-base     base proof: Com(W) of one leaf          (pool: the MSM split over workers)
//   proof-leaf-chunk  a light participant's leaf: transcript chunk → light check → witness → Com(W)
//   proof-merge    merge of two relaxed pairs: T, Com(T), r, both folds
//   proof-decider  Com(W), Com(E) openings + relation check
//   block-prove    a whole 2^k-leaf tree                   (pool: nodes spread over workers)
//   block-verify   the L1 verifier: decode, leaf chain, fold replay, decider
// Witness generation (the circuit's job) is done once, outside the timings.
// --quick uses the toy statement at 2^12 constraints instead (a smoke run of the suite).
import { createWorkerPool, type WorkerPool } from '../../../workers/jobs.js';
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { loadKernel } from '../../kernel/index.js';
import type { Kernel } from '../../kernel/types.js';

import type { BlockHeader } from '../../protocol/header.js';
import { proveLeaf } from '../../proof/base.js';
import { proveBlock } from '../../proof/block-prover.js';
import { verifyBlockProof } from '../../proof/block-verifier.js';
import { decide } from '../../proof/decider.js';
import { createFoldingBlockVerifier } from '../../proof/folding-verifier.js';
import { encodeBlockProof } from '../../proof/messages.js';
import { proveMerge } from '../../proof/nifs.js';
import {
  decideParallel,
  poolCommitter,
  proveLeafParallel,
  proveMergeParallel,
  verifyBlockProofParallel,
  type AsyncCommit,
} from '../../proof/parallel.js';
import { proveBlockOnPool } from '../../proof/pool-prover.js';
import type { PreparedShape } from '../../proof/prepared-shape.js';
import type { R1csAssignment } from '../../r1cs/types.js';
import { leafAsRelaxed, leafWitnessAsRelaxed, type RelaxedInstance, type RelaxedWitness } from '../../proof/relaxed.js';
import { blockConstantsHash, proverKeyHash } from '../../proof/rollup-statement.js';
import { BASE_ROLLUP_SHAPE, preparedShape } from '../../proof/shape-catalog.js';
import { toyAssignment, toyStatement, toyStep } from '../../proof/toy-circuit.js';
import { proveBaseRollupChunk } from '../../proof/base-rollup-prover.js';
import { buildBlock } from '../../rollup/block-builder.js';
import { encodeLeafChunk, leafChunkOf } from '../../rollup/hints-codec.js';
import { baseRollupWitness, type BaseRollupLeaf } from '../../rollup/circuit/base-rollup.js';
import { kernelFieldHasher } from '../../rollup/hasher.js';
import { DEFAULT_ROLLUP_PARAMS } from '../../rollup/params.js';
import { RollupState } from '../../rollup/state.js';
import { headerSnapshot } from '../../rollup/types.js';
import type { BenchContext, BenchSuite } from '../types.js';

function blsKey(i: number): Uint8Array {
  const sk = new Uint8Array(32);
  sk[0] = 0x22;
  sk[31] = i + 1;
  return bls12_381.longSignatures.getPublicKey(sk).toBytes();
}

const keyOf = ({ level, index }: { level: number; index: number }) => blsKey((level * 16 + index) % 200);

interface Workload {
  impl: string;
  shapeName: string;
  prepared: PreparedShape;
  assignments: R1csAssignment[];
  /** The light participant's whole leaf job from an encoded chunk (rollup workload only). */
  leafFromChunk?: () => unknown;
  /** Verifies a block proof of these assignments end to end (what L1 runs), the decider's MSMs where `commit` says. */
  verify(proof: ReturnType<typeof proveBlock>, commit?: AsyncCommit): Promise<void>;
}

function rollupWorkload(kernel: Kernel, k: number): Workload {
  const state = RollupState.genesis(kernelFieldHasher(kernel));
  const start = state.snapshot();
  const txs = Array.from({ length: 2 ** k }, (_, i) => ({
    noteHashes: [BigInt(1000 + 4 * i), BigInt(1001 + 4 * i)],
    nullifiers: [BigInt(5000 + 4 * i), BigInt(5001 + 4 * i)],
    fee: BigInt(i + 1),
    payload: new Uint8Array(64).fill(i),
  }));
  const built = buildBlock(state, txs, { height: k });
  const header: BlockHeader = {
    chainId: 1,
    blockNumber: 1,
    slot: 1,
    prevBlockHash: new Uint8Array(32),
    treeHeight: k,
    committeeSize: 2 ** k,
    assignment: { mode: 'binary-path', bitMode: 'low', openAfterSeconds: 30 },
    startState: headerSnapshot(start),
    signOffThreshold: 1,
  };
  const transcriptRoot = new Uint8Array(32).fill(1);
  const constantsHash = blockConstantsHash(header, transcriptRoot);
  const assignments = built.leaves.map((leaf, i) =>
    baseRollupWitness(DEFAULT_ROLLUP_PARAMS, leaf as BaseRollupLeaf, {
      constantsHash,
      proverKeyHash: proverKeyHash(blsKey(i)),
    }),
  );
  const verifier = createFoldingBlockVerifier({ kernel });
  const verifiers = new WeakMap<AsyncCommit, ReturnType<typeof createFoldingBlockVerifier>>();
  const chunk = encodeLeafChunk(leafChunkOf(built.leaves[0]!));
  const commitment = { header, transcriptRoot, previousEndState: headerSnapshot(start) };
  return {
    impl: 'base-rollup',
    shapeName: BASE_ROLLUP_SHAPE,
    prepared: preparedShape(kernel, BASE_ROLLUP_SHAPE),
    assignments,
    leafFromChunk: () => proveBaseRollupChunk(kernel, { chunk, constantsHash, proverKey: blsKey(0) }),
    async verify(proof, commit) {
      let v = verifier;
      if (commit) {
        v = verifiers.get(commit) ?? createFoldingBlockVerifier({ kernel, commit });
        verifiers.set(commit, v);
      }
      const verdict = await v.verify(commitment, encodeBlockProof(proof));
      if (!verdict.valid) throw new Error(`bench: the block proof was refused (${verdict.reason})`);
    },
  };
}

function toyWorkload(kernel: Kernel, k: number, constraints: number): Workload {
  const assignments: R1csAssignment[] = [];
  let s = 3n;
  for (let i = 0; i < 2 ** k; i++) {
    assignments.push(toyAssignment(s, 5n, BigInt(1000 + i), constraints - 3));
    s = toyStep(s, 5n);
  }
  const shapeName = `toy-${constraints}`;
  const prepared = preparedShape(kernel, shapeName);
  return {
    impl: 'toy',
    shapeName,
    prepared,
    assignments,
    async verify(proof, commit) {
      const context = { treeHeight: k, startState: [3n], constants: [5n] };
      if (commit) await verifyBlockProofParallel(kernel, prepared, toyStatement, context, proof, commit);
      else verifyBlockProof(kernel, prepared, toyStatement, context, proof);
    },
  };
}

interface Pair {
  U: RelaxedInstance;
  w: RelaxedWitness;
}

async function run(ctx: BenchContext): Promise<void> {
  const kernel: Kernel = await loadKernel();
  const k = ctx.quick ? 2 : 3;
  const runs = ctx.quick ? 2 : 3;
  ctx.log(
    ctx.quick
      ? 'toy statement, 2^12 constraints'
      : `base-rollup circuit at the default depths: building a 2^${k}-leaf block and its witnesses`,
  );
  const work = ctx.quick ? toyWorkload(kernel, k, 1 << 12) : rollupWorkload(kernel, k);
  const { impl, prepared, assignments, shapeName } = work;
  const size = prepared.shape.numConstraints;

  // Two relaxed pairs with non-zero E (each the fold of two leaves): the general merge.
  const leafPair = (a: R1csAssignment): Pair => {
    const p = proveLeaf(kernel, prepared, a);
    return { U: leafAsRelaxed(p.instance), w: leafWitnessAsRelaxed(prepared, p.W) };
  };
  const fold = (a: Pair, b: Pair, key: number): Pair => {
    const m = proveMerge(kernel, prepared, a.U, a.w, b.U, b.w, blsKey(key));
    return { U: m.instance, w: m.witness };
  };
  const [p0, p1, p2, p3] = assignments.slice(0, 4).map(leafPair);
  const left = fold(p0, p1, 0);
  const right = fold(p2, p3, 1);

  if (ctx.wants('proof-base')) {
    ctx.record({
      name: 'proof-base',
      impl,
      size,
      threads: 1,
      ms: await ctx.median(() => proveLeaf(kernel, prepared, assignments[0]), runs),
    });
  }
  if (work.leafFromChunk && ctx.wants('proof-leaf-chunk')) {
    ctx.record({ name: 'proof-leaf-chunk', impl, size, threads: 1, ms: await ctx.median(work.leafFromChunk, runs) });
  }
  if (ctx.wants('proof-merge')) {
    ctx.record({
      name: 'proof-merge',
      impl,
      size,
      threads: 1,
      ms: await ctx.median(() => proveMerge(kernel, prepared, left.U, left.w, right.U, right.w, blsKey(2)), runs),
    });
  }
  if (ctx.wants('proof-decider')) {
    ctx.record({
      name: 'proof-decider',
      impl,
      size,
      threads: 1,
      ms: await ctx.median(() => decide(kernel, prepared, left.U, left.w), runs),
    });
  }
  let block: ReturnType<typeof proveBlock> | undefined;
  if (ctx.wants('block-prove')) {
    ctx.log(`proving a block of ${2 ** k} leaves on one thread`);
    const ms = await ctx.median(() => (block = proveBlock(kernel, prepared, assignments, keyOf)), 1, false);
    ctx.record({ name: 'block-prove', impl, size: 2 ** k, threads: 1, ms });
  }
  if (ctx.wants('block-verify')) {
    const proof = (block ??= proveBlock(kernel, prepared, assignments, keyOf));
    ctx.record({
      name: 'block-verify',
      impl,
      size: 2 ** k,
      threads: 1,
      ms: await ctx.median(() => work.verify(proof), runs),
    });
  }

  if (!['proof-base', 'proof-merge', 'proof-decider', 'block-prove', 'block-verify'].some((c) => ctx.wants(c))) return;
  const pool: WorkerPool = await createWorkerPool({ preloadKernel: true });
  try {
    const threads = pool.size;
    ctx.log(`pool of ${threads} workers: warming up (each worker prepares the shape and its generators once)`);
    await proveBlockOnPool(pool, shapeName, prepared.shape, assignments.slice(0, 2 * threads), keyOf);
    const commit = poolCommitter(pool);
    if (ctx.wants('proof-base')) {
      ctx.record({
        name: 'proof-base',
        impl,
        size,
        threads,
        ms: await ctx.median(() => proveLeafParallel(prepared, assignments[0], commit), runs),
      });
    }
    if (ctx.wants('proof-merge')) {
      ctx.record({
        name: 'proof-merge',
        impl,
        size,
        threads,
        ms: await ctx.median(
          () => proveMergeParallel(kernel, prepared, left.U, left.w, right.U, right.w, blsKey(2), commit),
          runs,
        ),
      });
    }
    if (ctx.wants('proof-decider')) {
      ctx.record({
        name: 'proof-decider',
        impl,
        size,
        threads,
        ms: await ctx.median(() => decideParallel(kernel, prepared, left.U, left.w, commit), runs),
      });
    }
    if (ctx.wants('block-verify')) {
      const proof = (block ??= proveBlock(kernel, prepared, assignments, keyOf));
      ctx.record({
        name: 'block-verify',
        impl,
        size: 2 ** k,
        threads,
        ms: await ctx.median(() => work.verify(proof, commit), runs),
      });
    }
    if (ctx.wants('block-prove')) {
      ctx.log(`proving a block of ${2 ** k} leaves across ${threads} workers`);
      ctx.record({
        name: 'block-prove',
        impl,
        size: 2 ** k,
        threads,
        ms: await ctx.median(() => proveBlockOnPool(pool, shapeName, prepared.shape, assignments, keyOf), 1, false),
      });
    }
  } finally {
    await pool.close();
  }
}

export const proofSuite: BenchSuite = {
  name: 'proof',
  description:
    'folding on the base-rollup circuit: base proof, merge, decider, whole block prove and verify (1 thread and pool)',
  cases: ['proof-base', 'proof-leaf-chunk', 'proof-merge', 'proof-decider', 'block-prove', 'block-verify'],
  run,
};
