// Block proofs over the real base-rollup circuit (default depths 20/20, K = 2), from blocks the
// rollup block builder makes, checked by the BlockVerifier the L1 calls.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Kernel } from '../../src/kernel/types.js';
import { JobFailedError } from '../../src/pool/index.js';
import type { BlockHeader } from '../../src/protocol/header.js';
import { proveBlock } from '../../src/proof/block-prover.js';
import { pedersenCommit } from '../../src/proof/commitment.js';
import { decide } from '../../src/proof/decider.js';
import { frVectorToBigints, frVectorFromBigints, FR_MODULUS } from '../../src/kernel/field.js';
import { createFoldingBlockVerifier } from '../../src/proof/folding-verifier.js';
import { encodeBlockProof, type BlockProof } from '../../src/proof/messages.js';
import { proveMerge } from '../../src/proof/nifs.js';
import { proveBlockOnPool, proveRollupBlockOnPool } from '../../src/proof/pool-prover.js';
import { encodeLeafChunk, leafChunkOf } from '../../src/rollup/hints-codec.js';
import type { PreparedShape } from '../../src/proof/prepared-shape.js';
import type { R1csAssignment } from '../../src/r1cs/types.js';
import {
  buildZ,
  leafAsRelaxed,
  leafWitnessAsRelaxed,
  matrixProducts,
  relaxedRelationHolds,
} from '../../src/proof/relaxed.js';
import { blockConstantsHash, proverKeyHash } from '../../src/proof/rollup-statement.js';
import { BASE_ROLLUP_SHAPE, preparedShape } from '../../src/proof/shape-catalog.js';
import type { BlockVerifier, CommittedBlock } from '../../src/proof/verifier-interface.js';
import { buildBlock } from '../../src/rollup/block-builder.js';
import { baseRollupWitness, type BaseRollupLeaf } from '../../src/rollup/circuit/base-rollup.js';
import { PUBLIC_INDEX } from '../../src/rollup/circuit/public-inputs.js';
import { kernelFieldHasher, type FieldHasher } from '../../src/rollup/hasher.js';
import { nullifierLeafHash } from '../../src/rollup/nullifier-rules.js';
import { DEFAULT_ROLLUP_PARAMS } from '../../src/rollup/params.js';
import { SparseMerkleTree } from '../../src/rollup/sparse-tree.js';
import { RollupState } from '../../src/rollup/state.js';
import { emptyNullifierInsertionHint } from '../../src/rollup/nullifier-rules.js';
import { padSlots, transactionEffectsHash } from '../../src/rollup/transaction.js';
import type { NullifierLeaf, StateSnapshot, Transaction } from '../../src/rollup/types.js';
import { blsPublicKey } from './keys.js';
import { headerSnapshot, SLOW, suitePool, testKernel } from './support.js';

const params = DEFAULT_ROLLUP_PARAMS;
const proverKeys = Array.from({ length: 16 }, (_, i) => blsPublicKey(40 + i));
const keyOf = ({ level, index }: { level: number; index: number }) =>
  proverKeys[(level * 5 + index) % proverKeys.length];

let kernel: Kernel;
let hasher: FieldHasher;
let prepared: PreparedShape;
let verifier: BlockVerifier<CommittedBlock>;

beforeAll(async () => {
  kernel = await testKernel();
  hasher = kernelFieldHasher(kernel);
  prepared = preparedShape(kernel, BASE_ROLLUP_SHAPE);
  verifier = createFoldingBlockVerifier({ kernel });
}, SLOW);

function tx(noteHashes: bigint[], nullifiers: bigint[], fee: bigint): Transaction {
  return { noteHashes, nullifiers, fee, payload: new Uint8Array([1, 2, 3, noteHashes.length]) };
}

function header(k: number, start: StateSnapshot, blockNumber = 1): BlockHeader {
  return {
    chainId: 7,
    blockNumber,
    slot: 100 + blockNumber,
    prevBlockHash: new Uint8Array(32).fill(blockNumber),
    treeHeight: k,
    committeeSize: 8,
    assignment: { mode: 'binary-path', bitMode: 'low', openAfterSeconds: 30 },
    startState: headerSnapshot(start),
    signOffThreshold: 5,
  };
}

interface Block {
  commitment: CommittedBlock;
  leaves: BaseRollupLeaf[];
  assignments: R1csAssignment[];
  end: StateSnapshot;
  totalFee: bigint;
}

/** Builds a block with the rollup block builder and every leaf's assignment. */
function makeBlock(state: RollupState, k: number, txs: Transaction[], blockNumber = 1): Block {
  const start = state.snapshot();
  const built = buildBlock(state, txs, { height: k });
  expect(built.rejected).toEqual([]);
  const h = header(k, start, blockNumber);
  const transcriptRoot = new Uint8Array(32).fill(0xa0 + k);
  const constantsHash = blockConstantsHash(h, transcriptRoot);
  const leaves = built.leaves as BaseRollupLeaf[];
  const assignments = leaves.map((leaf, index) =>
    baseRollupWitness(params, leaf, { constantsHash, proverKeyHash: proverKeyHash(keyOf({ level: 0, index })) }),
  );
  return {
    commitment: { header: h, transcriptRoot, previousEndState: headerSnapshot(start) },
    leaves,
    assignments,
    end: built.end,
    totalFee: built.leaves.reduce((s, l) => s + l.tx.fee, 0n),
  };
}

function txsFor(k: number, base: number): Transaction[] {
  return Array.from({ length: 2 ** k - 1 }, (_, i) =>
    tx([BigInt(base + 10 * i + 1), BigInt(base + 10 * i + 2)], [BigInt(base + 10 * i + 3)], BigInt(i + 1)),
  );
}

async function expectAccepted(block: Block, proof: BlockProof): Promise<void> {
  const verdict = await verifier.verify(block.commitment, encodeBlockProof(proof));
  const k = block.commitment.header.treeHeight;
  const provedNodes = [];
  for (let level = 0; level <= k; level++) {
    for (let index = 0; index < 2 ** (k - level); index++)
      provedNodes.push({ node: { level, index }, prover: keyOf({ level, index }) });
  }
  expect(verdict).toEqual({ valid: true, endState: headerSnapshot(block.end), totalFee: block.totalFee, provedNodes });
}

async function reasonFor(block: Block, proof: BlockProof | Uint8Array, commitment = block.commitment): Promise<string> {
  const verdict = await verifier.verify(commitment, proof instanceof Uint8Array ? proof : encodeBlockProof(proof));
  expect(verdict.valid).toBe(false);
  return verdict.valid ? 'accepted' : (verdict.code ?? verdict.reason);
}

describe('base-rollup blocks proven leaf by leaf, merged up the tree, accepted by the verifier', () => {
  let block2: Block;
  let proof2: BlockProof;

  beforeAll(() => {
    block2 = makeBlock(RollupState.genesis(hasher), 2, txsFor(2, 1000));
    proof2 = proveBlock(kernel, prepared, block2.assignments, keyOf);
  }, SLOW);

  it(
    'k = 2 on one thread',
    async () => {
      await expectAccepted(block2, proof2);
    },
    SLOW,
  );

  describe('on the worker pool', () => {
    const pool = suitePool();

    it(
      'k = 3 from assignments',
      async () => {
        const block = makeBlock(RollupState.genesis(hasher), 3, txsFor(3, 6000));
        const proof = await proveBlockOnPool(pool(), BASE_ROLLUP_SHAPE, prepared.shape, block.assignments, keyOf);
        await expectAccepted(block, proof);
      },
      SLOW,
    );

    it(
      'k = 4 from encoded transcript chunks (each worker derives its leaf witness)',
      async () => {
        const block = makeBlock(RollupState.genesis(hasher), 4, txsFor(4, 8000));
        const chunks = block.leaves.map((leaf, i) =>
          encodeLeafChunk(leafChunkOf({ ...leaf, leafIndex: i, isPadding: false })),
        );
        const constantsHash = blockConstantsHash(block.commitment.header, block.commitment.transcriptRoot);
        const proof = await proveRollupBlockOnPool(pool(), prepared.shape, chunks, constantsHash, keyOf);
        // The workers' leaves equal the ones proven here from the builder's witnesses.
        expect(proof.leaves.map((l) => l.x)).toEqual(block.assignments.map((a) => a.publicInputs));
        await expectAccepted(block, proof);
      },
      SLOW,
    );

    it(
      "a chunk whose hints do not hold fails with the light verifier's named error",
      async () => {
        const block = makeBlock(RollupState.genesis(hasher), 1, [tx([1n], [2n], 1n)]);
        const leaf = block.leaves[0];
        const bad = {
          ...leaf,
          leafIndex: 0,
          isPadding: false,
          hints: {
            ...leaf.hints,
            noteHashAppend: {
              subtreeSiblingPath: leaf.hints.noteHashAppend.subtreeSiblingPath.map((v, i) => (i === 3 ? v + 1n : v)),
            },
          },
        };
        const err = await pool()
          .run('proof.base-rollup', {
            chunk: encodeLeafChunk(leafChunkOf(bad)),
            constantsHash: 1n,
            proverKey: proverKeys[0],
          })
          .catch((e: unknown) => e);
        expect(err).toBeInstanceOf(JobFailedError);
        expect((err as JobFailedError).cause.name).toBe('InvalidLeafWitnessError');
      },
      SLOW,
    );
  });

  describe('rejections (k = 2)', () => {
    it(
      'a tampered witness entry',
      async () => {
        const W = frVectorToBigints(proof2.rootWitness.W);
        W[123] = (W[123] + 1n) % FR_MODULUS;
        expect(
          await reasonFor(block2, { ...proof2, rootWitness: { ...proof2.rootWitness, W: frVectorFromBigints(W) } }),
        ).toBe('witness-commitment');
      },
      SLOW,
    );

    it(
      'a wrong Com(T)',
      async () => {
        const folds = proof2.folds.map((f, i) => (i === 1 ? { ...f, comT: proof2.leaves[0].comW } : f));
        expect(await reasonFor(block2, { ...proof2, folds })).toBe('witness-commitment');
      },
      SLOW,
    );

    it(
      'a leaf credited to a key it was not proven for',
      async () => {
        const leafProvers = proof2.leafProvers.map((k, i) => (i === 1 ? proof2.leafProvers[2] : k));
        expect(await reasonFor(block2, { ...proof2, leafProvers })).toBe('bad-key');
      },
      SLOW,
    );

    it(
      "a fold re-targeted to another prover's key",
      async () => {
        const folds = proof2.folds.map((f, i) => (i === 2 ? { ...f, mergerKey: blsPublicKey(999) } : f));
        expect(await reasonFor(block2, { ...proof2, folds })).toBe('witness-commitment');
      },
      SLOW,
    );

    it(
      "a leaf whose end state is not the next leaf's start (leaves out of order)",
      async () => {
        // Each leaf keeps its own prover: only the order is wrong.
        const order = [0, 2, 1, 3];
        const leaves = order.map((i) => proof2.leaves[i]);
        const leafProvers = order.map((i) => proof2.leafProvers[i]);
        expect(await reasonFor(block2, { ...proof2, leaves, leafProvers })).toBe('chain');
      },
      SLOW,
    );

    it(
      "a header whose start state is not the previous block's end",
      async () => {
        const previousEndState = { ...block2.commitment.previousEndState!, noteNextIndex: 2 };
        expect(await reasonFor(block2, proof2, { ...block2.commitment, previousEndState })).toBe('start-state');
      },
      SLOW,
    );

    it(
      'leaves proven for another block commitment',
      async () => {
        expect(await reasonFor(block2, proof2, { ...block2.commitment, transcriptRoot: new Uint8Array(32) })).toBe(
          'constants',
        );
      },
      SLOW,
    );

    it(
      'malformed and oversized proof bytes',
      async () => {
        const bytes = encodeBlockProof(proof2);
        expect(await reasonFor(block2, bytes.subarray(0, bytes.length - 1))).toBe('encoding');
        expect(await reasonFor(block2, new Uint8Array(64 * 1024 * 1024 + 1))).toBe('oversized');
      },
      SLOW,
    );
  });
});

describe('forged leaves the circuit or the verifier refuses (k = 1)', () => {
  /** Leaf 0 inserts nullifier 101; returns the state after it, for a forged leaf 1. */
  function firstLeaf() {
    const state = RollupState.genesis(hasher);
    const start = state.snapshot();
    const tx0 = tx([5n, 6n], [101n, 300n], 4n);
    const probe = state.clone();
    const built = buildBlock(probe, [tx0], { height: 0 });
    state.apply(tx0);
    return { state, start, leaf0: built.leaves[0] as BaseRollupLeaf, fee0: tx0.fee };
  }

  /**
   * Leaf 1 inserting nullifier v with hints built by hand: the low leaf is the leaf whose
   * next value is v (for a fresh v: the real low leaf), its membership path is genuine, and the
   * new leaf's path and the end root are computed exactly as an honest insertion would.
   */
  function handBuiltInsertion(state: RollupState, v: bigint, feeStart: bigint): BaseRollupLeaf {
    const nt = state.nullifierTree;
    const n = nt.nextIndex;
    const leaves: NullifierLeaf[] = Array.from({ length: n }, (_, i) => nt.leaf(i));
    // The bracketing leaf: largest value below v.
    let ip = 0;
    leaves.forEach((l, i) => {
      if (l.value < v && l.value >= leaves[ip].value) ip = i;
    });
    const low = leaves[ip];
    const tree = new SparseMerkleTree(hasher, params.nullifierTreeDepth);
    leaves.forEach((l, i) => tree.setLeaf(i, nullifierLeafHash(hasher, l)));
    const lowLeafSiblingPath = tree.siblingPath(ip);
    tree.setLeaf(ip, nullifierLeafHash(hasher, { value: low.value, nextIndex: n, nextValue: v }));
    const newLeafSiblingPath = tree.siblingPath(n);
    tree.setLeaf(n, nullifierLeafHash(hasher, { value: v, nextIndex: low.nextIndex, nextValue: low.nextValue }));
    const t: Transaction = tx([], [v], 1n);
    const notes = state.clone();
    const noteHashAppend = notes.noteHashTree.appendSubtree(padSlots([], params.maxNoteHashesPerTx));
    return {
      start: state.snapshot(),
      end: { noteHashTree: notes.noteHashTree.snapshot(), nullifierTree: { root: tree.root, nextIndex: n + 1 } },
      tx: t,
      hints: {
        noteHashAppend,
        nullifierInsertions: [
          { lowLeaf: low, lowLeafIndex: ip, lowLeafSiblingPath, newLeafSiblingPath },
          emptyNullifierInsertionHint(params.nullifierTreeDepth),
        ],
      },
      effectsHash: transactionEffectsHash(hasher, t, params),
      accumulatedFeeStart: feeStart,
      accumulatedFeeEnd: feeStart + t.fee,
    };
  }

  function commitmentFor(start: StateSnapshot): { commitment: CommittedBlock; constantsHash: bigint } {
    const h = header(1, start, 9);
    const transcriptRoot = new Uint8Array(32).fill(9);
    return {
      commitment: { header: h, transcriptRoot, previousEndState: headerSnapshot(start) },
      constantsHash: blockConstantsHash(h, transcriptRoot),
    };
  }

  it(
    'a duplicate nullifier: no satisfying witness, and the block is rejected',
    async () => {
      const { state, start, leaf0, fee0 } = firstLeaf();
      const { commitment, constantsHash } = commitmentFor(start);
      const ctx = { constantsHash, proverKeyHash: proverKeyHash(keyOf({ level: 0, index: 1 })) };
      // The hand-built insertion is right: for a fresh nullifier it satisfies the circuit.
      const fresh = baseRollupWitness(params, handBuiltInsertion(state, 200n, fee0), ctx);
      expect(
        relaxedRelationHolds(
          kernel,
          prepared,
          { u: 1n, x: fresh.publicInputs },
          leafWitnessAsRelaxed(prepared, fresh.witness),
        ),
      ).toBe(true);
      // The same construction for 101, already inserted by leaf 0, cannot satisfy it.
      const dupLeaf = handBuiltInsertion(state, 101n, fee0);
      const dup = baseRollupWitness(params, dupLeaf, ctx);
      expect(
        relaxedRelationHolds(
          kernel,
          prepared,
          { u: 1n, x: dup.publicInputs },
          leafWitnessAsRelaxed(prepared, dup.witness),
        ),
      ).toBe(false);
      // Proven and folded anyway, the block is refused by the decider.
      const a0 = baseRollupWitness(params, leaf0, {
        constantsHash,
        proverKeyHash: proverKeyHash(keyOf({ level: 0, index: 0 })),
      });
      const proof = proveBlock(kernel, prepared, [a0, dup], keyOf);
      const verdict = await verifier.verify(commitment, encodeBlockProof(proof));
      expect(verdict).toMatchObject({ valid: false, code: 'relation' });
    },
    SLOW,
  );

  it(
    'a leaf submitted in relaxed form with u = 0: satisfiable for any statement, so never accepted',
    async () => {
      const { state, start, leaf0, fee0 } = firstLeaf();
      const { commitment, constantsHash } = commitmentFor(start);
      const ctx = { constantsHash, proverKeyHash: proverKeyHash(proverKeys[0]) };
      const a0 = baseRollupWitness(params, leaf0, ctx);
      // A false leaf 1: it claims fee 1000 was collected, with an arbitrary witness.
      const honest1 = baseRollupWitness(params, handBuiltInsertion(state, 200n, fee0), ctx);
      const x = [...honest1.publicInputs];
      x[PUBLIC_INDEX.accumulatedFeeEnd] = fee0 + 1000n;
      const W = frVectorFromBigints(frVectorToBigints(honest1.witness).map((_, i) => BigInt(i)));
      const { az, bz } = matrixProducts(kernel, prepared, buildZ(W, 0n, x));
      const E = kernel.frHadamard(az, bz);
      const relaxedFake = {
        comW: pedersenCommit(kernel, prepared.key.w, W),
        comE: pedersenCommit(kernel, prepared.key.e, E),
        u: 0n,
        x,
      };
      expect(() => decide(kernel, prepared, relaxedFake, { W, E })).not.toThrow(); // what u = 0 would let through
      // The forger folds it as relaxed with an honest leaf 0 and submits the block.
      const l0 = {
        U: leafAsRelaxed({ comW: pedersenCommit(kernel, prepared.key.w, a0.witness), x: a0.publicInputs }),
        w: leafWitnessAsRelaxed(prepared, a0.witness),
      };
      const m = proveMerge(kernel, prepared, l0.U, l0.w, relaxedFake, { W, E }, proverKeys[1]);
      const forged: BlockProof = {
        leaves: [
          { comW: l0.U.comW, x: a0.publicInputs },
          { comW: relaxedFake.comW, x },
        ],
        leafProvers: [proverKeys[0], proverKeys[0]],
        folds: [{ comT: m.comT, mergerKey: proverKeys[1] }],
        rootWitness: m.witness,
      };
      const verdict = await verifier.verify(commitment, encodeBlockProof(forged));
      expect(verdict.valid).toBe(false);
      expect(verdict).toMatchObject({ valid: false });
      expect(['witness-commitment', 'error-commitment', 'relation']).toContain((verdict as { code: string }).code);
    },
    SLOW,
  );
});
