// The folding verifier through the L1's BlockVerifier hook, on the real base-rollup circuit.
import { createWorkerPool } from '../../workers/jobs.js';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BlockCommitmentView } from '../../src/l1/verifier.js';
import { blockCommitment, type BlockHeader, type StateSnapshot as HeaderSnapshot } from '../../src/protocol/header.js';
import { proveBlock } from '../../src/proof/block-prover.js';
import { FoldingL1Verifier, instanceDigest } from '../../src/node/folding-l1-verifier.js';
import { proveLeaf } from '../../src/proof/base.js';
import { proveMerge } from '../../src/proof/nifs.js';
import { leafAsRelaxed, leafWitnessAsRelaxed, type RelaxedInstance } from '../../src/proof/relaxed.js';
import { poolCommitter } from '../../src/proof/parallel.js';

import { encodeBlockProof, encodeLeafProof, encodeMergePayload } from '../../src/proof/messages.js';
import { blockConstantsHash, proverKeyHash } from '../../src/proof/rollup-statement.js';
import { BASE_ROLLUP_SHAPE, preparedShape } from '../../src/proof/shape-catalog.js';
import { buildBlock } from '../../src/rollup/block-builder.js';
import { baseRollupWitness, type BaseRollupLeaf } from '../../src/rollup/circuit/base-rollup.js';
import { kernelFieldHasher } from '../../src/rollup/hasher.js';
import { DEFAULT_ROLLUP_PARAMS } from '../../src/rollup/params.js';
import { RollupState } from '../../src/rollup/state.js';
import { blsPublicKey } from '../proof/keys.js';
import { headerSnapshot as snap, SLOW, testKernel } from '../proof/support.js';

const keys = [blsPublicKey(70), blsPublicKey(71), blsPublicKey(72)];
const keyOf = ({ level, index }: { level: number; index: number }) => keys[level === 1 ? 2 : index];

describe('FoldingL1Verifier', () => {
  let view: BlockCommitmentView;
  let proof: Uint8Array;
  let end: HeaderSnapshot;
  let verifier: FoldingL1Verifier;
  let leafData: Uint8Array[];
  let mergeData: Uint8Array;
  let leafDigests: string[];

  beforeAll(async () => {
    const kernel = await testKernel();
    verifier = new FoldingL1Verifier({ kernel });
    const state = RollupState.genesis(kernelFieldHasher(kernel));
    const start = state.snapshot();
    const built = buildBlock(
      state,
      [{ noteHashes: [9n], nullifiers: [77n, 78n], fee: 11n, payload: new Uint8Array(8) }],
      { height: 1 },
    );
    const header: BlockHeader = {
      chainId: 3,
      blockNumber: 4,
      slot: 5,
      prevBlockHash: new Uint8Array(32).fill(6),
      treeHeight: 1,
      committeeSize: 4,
      assignment: { mode: 'sorted-rounds', subtreeHeight: 2, redundancy: 2 },
      startState: snap(start),
      signOffThreshold: 3,
    };
    const transcriptRoot = new Uint8Array(32).fill(0x42);
    const constantsHash = blockConstantsHash(header, transcriptRoot);
    const assignments = built.leaves.map((leaf, index) =>
      baseRollupWitness(DEFAULT_ROLLUP_PARAMS, leaf as BaseRollupLeaf, {
        constantsHash,
        proverKeyHash: proverKeyHash(keyOf({ level: 0, index })),
      }),
    );
    const prepared = preparedShape(kernel, BASE_ROLLUP_SHAPE);
    proof = encodeBlockProof(proveBlock(kernel, prepared, assignments, keyOf));
    // Per-node results as provers reveal them on the L1.
    const leaves = assignments.map((a) => proveLeaf(kernel, prepared, a));
    leafData = leaves.map((l) => encodeLeafProof(l));
    const [l, r] = leaves.map((x) => leafAsRelaxed(x.instance)) as [RelaxedInstance, RelaxedInstance];
    leafDigests = [instanceDigest(l), instanceDigest(r)];
    const m = proveMerge(
      kernel,
      prepared,
      l,
      leafWitnessAsRelaxed(prepared, leaves[0]!.W),
      r,
      leafWitnessAsRelaxed(prepared, leaves[1]!.W),
      keys[2]!,
    );
    mergeData = encodeMergePayload({ left: l, right: r, proof: m });
    end = snap(built.end);
    view = {
      number: 4,
      header,
      transcriptRoot,
      commitment: blockCommitment(header, transcriptRoot),
      sequencer: 'aa',
      committee: [],
    };
  }, SLOW);

  it(
    "accepts the block and reports the end state and every node's prover",
    async () => {
      expect(await verifier.verify(view, proof)).toEqual({
        valid: true,
        endState: end,
        totalFee: 11n,
        provedNodes: [
          { node: { level: 0, index: 0 }, prover: keys[0] },
          { node: { level: 0, index: 1 }, prover: keys[1] },
          { node: { level: 1, index: 0 }, prover: keys[2] },
        ],
      });
    },
    SLOW,
  );

  it(
    'refuses a tampered proof with a reason',
    async () => {
      const bad = proof.slice();
      bad[bad.length - 40] ^= 1; // a low byte of the root error vector's second-to-last entry: still canonical
      const outcome = await verifier.verify(view, bad);
      expect(outcome.valid).toBe(false);
      expect(outcome.valid ? '' : outcome.reason).toMatch(/^error-commitment:/);
    },
    SLOW,
  );

  it(
    "with the decider's MSMs on the worker pool: the same outcomes",
    async () => {
      const pool = await createWorkerPool({ maxThreads: 2, maxAttempts: 1 });
      try {
        const onPool = new FoldingL1Verifier({ kernel: await testKernel(), commit: poolCommitter(pool) });
        expect(await onPool.verify(view, proof)).toEqual(await verifier.verify(view, proof));
        const bad = proof.slice();
        bad[bad.length - 40] ^= 1;
        expect(await onPool.verify(view, bad)).toEqual({
          valid: false,
          code: 'error-commitment',
          reason: expect.stringMatching(/^error-commitment:/),
        });
      } finally {
        await pool.close();
      }
    },
    SLOW,
  );

  const result = (level: number, index: number, prover: Uint8Array) => ({
    blockCommitment: view.commitment,
    node: { level, index },
    kind: level === 0 ? ('base' as const) : ('merge' as const),
    proofDigest: new Uint8Array(32),
    prover,
  });

  it(
    "checks one revealed result: a leaf under its prover's key, a merge folding the children it names",
    async () => {
      const leaf0 = await verifier.checkResult(view, result(0, 0, keys[0]!), leafData[0]!);
      expect(leaf0).toEqual({ valid: true, instance: leafDigests[0] });
      expect(await verifier.checkResult(view, result(1, 0, keys[2]!), mergeData)).toEqual({
        valid: true,
        instance: expect.stringMatching(/^[0-9a-f]{64}$/),
        children: leafDigests,
      });
    },
    SLOW,
  );

  it(
    'refuses a result revealed under another key, for another block, or with a witness that does not open',
    async () => {
      expect(await verifier.checkResult(view, result(0, 0, keys[1]!), leafData[0]!)).toEqual({
        valid: false,
        reason: "the leaf's prover key hash is not the revealer's key",
      });
      expect(await verifier.checkResult(view, result(1, 0, keys[0]!), mergeData)).toEqual({
        valid: false,
        reason: "the merge is folded under another key than the revealer's",
      });
      const other = { ...view, transcriptRoot: new Uint8Array(32) };
      expect(await verifier.checkResult(other, result(0, 0, keys[0]!), leafData[0]!)).toEqual({
        valid: false,
        reason: 'the leaf is proven for another block commitment',
      });
      const bad = leafData[0]!.slice();
      bad[bad.length - 40] ^= 1; // a low byte of the witness: still canonical, no longer opens Com(W)
      expect(await verifier.checkResult(view, result(0, 0, keys[0]!), bad)).toEqual({
        valid: false,
        reason: 'witness-commitment: Com(W) does not open to the witness',
      });
    },
    SLOW,
  );

  it(
    'results checked at about the same time are decided together, each with its own verdict and reason',
    async () => {
      const batches: number[] = [];
      const batched = new FoldingL1Verifier({ kernel: await testKernel(), onBatch: (n) => batches.push(n) });
      const badLeaf = leafData[1]!.slice();
      badLeaf[badLeaf.length - 40] ^= 1; // still canonical, no longer opens Com(W)
      const badMerge = mergeData.slice();
      badMerge[badMerge.length - 40] ^= 1; // an entry of the folded error vector: Com(E) no longer opens
      const verdicts = await Promise.all([
        batched.checkResult(view, result(0, 0, keys[0]!), leafData[0]!),
        batched.checkResult(view, result(0, 1, keys[1]!), badLeaf),
        batched.checkResult(view, result(1, 0, keys[2]!), mergeData),
        batched.checkResult(view, result(0, 1, keys[1]!), leafData[1]!),
        batched.checkResult(view, result(1, 0, keys[2]!), badMerge),
        batched.checkResult(view, result(1, 0, keys[0]!), mergeData), // refused before any decider
      ]);
      expect(verdicts).toEqual([
        { valid: true, instance: leafDigests[0] },
        { valid: false, reason: 'witness-commitment: Com(W) does not open to the witness' },
        { valid: true, instance: expect.stringMatching(/^[0-9a-f]{64}$/), children: leafDigests },
        { valid: true, instance: leafDigests[1] },
        { valid: false, reason: 'error-commitment: Com(E) does not open to the error vector' },
        { valid: false, reason: "the merge is folded under another key than the revealer's" },
      ]);
      expect(batches).toEqual([5]);
      // one at a time, the same verdicts
      expect(await batched.checkResult(view, result(1, 0, keys[2]!), badMerge)).toEqual(verdicts[4]);
      expect(batches).toEqual([5, 1]);
    },
    SLOW,
  );

  it(
    'refuses a proof for another transcript',
    async () => {
      const outcome = await verifier.verify({ ...view, transcriptRoot: new Uint8Array(32) }, proof);
      expect(outcome).toEqual({ valid: false, code: 'constants', reason: expect.stringMatching(/^constants:/) });
    },
    SLOW,
  );
});
