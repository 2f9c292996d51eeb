// The proof benchmarks' workloads, shared by the proof suite (Node) and the benchmark page
// (browser): the base-rollup circuit at the default depths with a real block's witnesses, or the
// toy statement, and the relaxed pairs a merge folds. Witness generation happens here, outside
// any timing.
import { bls12_381 } from '@noble/curves/bls12-381.js';
import type { Kernel } from '../kernel/types.js';
import type { BlockHeader } from '../protocol/header.js';
import { proveLeaf } from '../proof/base.js';
import type { proveBlock } from '../proof/block-prover.js';
import { verifyBlockProof } from '../proof/block-verifier.js';
import { createFoldingBlockVerifier } from '../proof/folding-verifier.js';
import { encodeBlockProof } from '../proof/messages.js';
import { proveMerge } from '../proof/nifs.js';
import { verifyBlockProofParallel, type AsyncCommit } from '../proof/parallel.js';
import type { PreparedShape } from '../proof/prepared-shape.js';
import type { R1csAssignment } from '../r1cs/types.js';
import { leafAsRelaxed, leafWitnessAsRelaxed, type RelaxedInstance, type RelaxedWitness } from '../proof/relaxed.js';
import { blockConstantsHash, proverKeyHash } from '../proof/rollup-statement.js';
import { BASE_ROLLUP_SHAPE, preparedShape } from '../proof/shape-catalog.js';
import { toyAssignment, toyStatement, toyStep } from '../proof/toy-circuit.js';
import { proveBaseRollupChunk } from '../proof/base-rollup-prover.js';
import { buildBlock } from '../rollup/block-builder.js';
import { encodeLeafChunk, leafChunkOf } from '../rollup/hints-codec.js';
import { baseRollupWitness, type BaseRollupLeaf } from '../rollup/circuit/base-rollup.js';
import { kernelFieldHasher } from '../rollup/hasher.js';
import { DEFAULT_ROLLUP_PARAMS } from '../rollup/params.js';
import { RollupState } from '../rollup/state.js';
import { headerSnapshot } from '../rollup/types.js';

export function blsKey(i: number): Uint8Array {
  const sk = new Uint8Array(32);
  sk[0] = 0x22;
  sk[31] = i + 1;
  return bls12_381.longSignatures.getPublicKey(sk).toBytes();
}

export const keyOf = ({ level, index }: { level: number; index: number }) => blsKey((level * 16 + index) % 200);

export interface Workload {
  impl: string;
  shapeName: string;
  prepared: PreparedShape;
  assignments: R1csAssignment[];
  /** The light participant's whole leaf job from an encoded chunk (rollup workload only). */
  leafFromChunk?: () => unknown;
  /** Verifies a block proof of these assignments end to end (what L1 runs), the decider's MSMs where `commit` says. */
  verify(proof: ReturnType<typeof proveBlock>, commit?: AsyncCommit): Promise<void>;
}

export function rollupWorkload(kernel: Kernel, k: number): Workload {
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

export function toyWorkload(kernel: Kernel, k: number, constraints: number): Workload {
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

export interface Pair {
  U: RelaxedInstance;
  w: RelaxedWitness;
}

/** Two relaxed pairs with non-zero E (each the fold of two leaves): the inputs of a general merge. */
export function mergeInputs(kernel: Kernel, work: Workload): { left: Pair; right: Pair } {
  const { prepared, assignments } = work;
  const leafPair = (a: R1csAssignment): Pair => {
    const p = proveLeaf(kernel, prepared, a);
    return { U: leafAsRelaxed(p.instance), w: leafWitnessAsRelaxed(prepared, p.W) };
  };
  const fold = (a: Pair, b: Pair, key: number): Pair => {
    const m = proveMerge(kernel, prepared, a.U, a.w, b.U, b.w, blsKey(key));
    return { U: m.instance, w: m.witness };
  };
  const [p0, p1, p2, p3] = assignments.slice(0, 4).map(leafPair);
  return { left: fold(p0!, p1!, 0), right: fold(p2!, p3!, 1) };
}

/** The proof suite's workload: the base-rollup circuit at the default depths, or (`quick`) the toy statement at 2^12 constraints; 2^k leaves. */
export function proofWorkload(kernel: Kernel, quick: boolean): Workload {
  return quick ? toyWorkload(kernel, 2, 1 << 12) : rollupWorkload(kernel, 3);
}
