// The base-rollup circuit at non-default parameters (smaller trees, as a devnet may use), named
// by shape, proven from transcript chunks on the pool and checked through the L1 hook.
import { describe, expect, it } from 'vitest';
import { blockCommitment, type BlockHeader } from '../../src/protocol/header.js';
import { FoldingL1Verifier } from '../../src/node/folding-l1-verifier.js';
import { encodeBlockProof } from '../../src/proof/messages.js';
import { proveRollupBlockOnPool } from '../../src/proof/pool-prover.js';
import { blockConstantsHash } from '../../src/proof/rollup-statement.js';
import {
  BASE_ROLLUP_SHAPE,
  baseRollupShapeName,
  buildShape,
  rollupParamsOf,
  UnknownShapeError,
} from '../../src/proof/shape-catalog.js';
import { buildBlock } from '../../src/rollup/block-builder.js';
import { kernelFieldHasher } from '../../src/rollup/hasher.js';
import { encodeLeafChunk, leafChunkOf } from '../../src/rollup/hints-codec.js';
import { DEFAULT_ROLLUP_PARAMS } from '../../src/rollup/params.js';
import { RollupState } from '../../src/rollup/state.js';
import type { RollupParams } from '../../src/rollup/types.js';
import { blsPublicKey } from './keys.js';
import { headerSnapshot as snap, SLOW, suitePool, testKernel } from './support.js';

const SMALL: RollupParams = { ...DEFAULT_ROLLUP_PARAMS, noteHashTreeDepth: 8, nullifierTreeDepth: 6 };
const keys = Array.from({ length: 7 }, (_, i) => blsPublicKey(80 + i));
const keyOf = ({ level, index }: { level: number; index: number }) => keys[(level * 4 + index) % 7];

describe('shape names for rollup parameters', () => {
  it('round-trip, with the defaults named base-rollup', () => {
    expect(baseRollupShapeName(DEFAULT_ROLLUP_PARAMS)).toBe(BASE_ROLLUP_SHAPE);
    expect(baseRollupShapeName(SMALL)).toBe('base-rollup-8-6-2-2');
    expect(rollupParamsOf('base-rollup-8-6-2-2')).toEqual(SMALL);
    expect(rollupParamsOf(BASE_ROLLUP_SHAPE)).toEqual(DEFAULT_ROLLUP_PARAMS);
  });

  it('refuse names that are not base-rollup shapes or break the parameter rules', () => {
    expect(() => rollupParamsOf('toy')).toThrow(UnknownShapeError);
    expect(() => rollupParamsOf('base-rollup-8-6-3-2')).toThrow(/maxNoteHashesPerTx must be a power of two/);
    expect(() => buildShape('base-rollup-0-6-2-2')).toThrow(UnknownShapeError);
  });
});

describe('a block at depths 8/6 proven from chunks on the pool', () => {
  const pool = suitePool();

  it(
    'is accepted by a verifier for that shape and refused by one for the defaults',
    async () => {
      const kernel = await testKernel();
      const shape = baseRollupShapeName(SMALL);
      const state = RollupState.genesis(kernelFieldHasher(kernel), SMALL);
      const start = state.snapshot();
      const built = buildBlock(
        state,
        [{ noteHashes: [3n, 4n], nullifiers: [8n], fee: 2n, payload: new Uint8Array(3) }],
        { height: 2 },
      );
      const header: BlockHeader = {
        chainId: 9,
        blockNumber: 2,
        slot: 3,
        prevBlockHash: new Uint8Array(32),
        treeHeight: 2,
        committeeSize: 4,
        assignment: { mode: 'binary-path', bitMode: 'low', openAfterSeconds: 30 },
        startState: snap(start),
        signOffThreshold: 2,
      };
      const transcriptRoot = new Uint8Array(32).fill(5);
      const chunks = built.leaves.map((l) => encodeLeafChunk(leafChunkOf(l), SMALL));
      const proof = await proveRollupBlockOnPool(
        pool(),
        buildShape(shape),
        chunks,
        blockConstantsHash(header, transcriptRoot),
        keyOf,
        shape,
      );
      const view = {
        number: 2,
        header,
        transcriptRoot,
        commitment: blockCommitment(header, transcriptRoot),
        sequencer: '',
        committee: [],
      };
      const bytes = encodeBlockProof(proof);
      expect(await new FoldingL1Verifier({ kernel, shape }).verify(view, bytes)).toMatchObject({
        valid: true,
        endState: snap(built.end),
      });
      const outcome = await new FoldingL1Verifier({ kernel }).verify(view, bytes);
      expect(outcome).toEqual({
        valid: false,
        code: 'instance-mismatch',
        reason: expect.stringMatching(/^instance-mismatch:/),
      });
    },
    SLOW,
  );
});
