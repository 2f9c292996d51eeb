// Fixtures for the base-rollup circuit tests: blocks from the rollup block builder, hashed with
// poseidon-lite (an implementation independent of the circuit's own Poseidon).
import { poseidon2 as litePoseidon2 } from 'poseidon-lite';
import { buildBlock, RollupState } from '../../../src/rollup/index.js';
import type { FieldHasher } from '../../../src/rollup/hasher.js';
import type { BlockBuildResult, RollupParams, Transaction } from '../../../src/rollup/types.js';

export const liteHasher: FieldHasher = { hash2: (a, b) => litePoseidon2([a, b]) };

/** Small trees keep the tests quick; K as in the defaults. */
export const SMALL: RollupParams = {
  noteHashTreeDepth: 6,
  nullifierTreeDepth: 5,
  maxNoteHashesPerTx: 2,
  maxNullifiersPerTx: 2,
  maxPayloadBytes: 64,
};

export const CTX = { constantsHash: 0xc0ffeen, proverKeyHash: 0xbeefn };

export function tx(
  noteHashes: bigint[],
  nullifiers: bigint[],
  fee = 1n,
  payload = new Uint8Array([1, 2, 3]),
): Transaction {
  return { noteHashes, nullifiers, fee, payload };
}

export function block(
  params: RollupParams,
  txs: Transaction[],
  height: number,
  state = RollupState.genesis(liteHasher, params),
): {
  state: RollupState;
  result: BlockBuildResult;
} {
  const result = buildBlock(state, txs, { height });
  return { state, result };
}
