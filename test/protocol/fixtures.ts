// Shared inputs for the protocol tests.
import type { BlockHeader } from '../../src/protocol/index.js';

export const sampleHeader: BlockHeader = {
  chainId: 31337,
  blockNumber: 12,
  slot: 40,
  prevBlockHash: new Uint8Array(32).fill(0xab),
  treeHeight: 4,
  committeeSize: 32,
  assignment: { mode: 'binary-path', bitMode: 'low', openAfterSeconds: 30 },
  startState: { noteRoot: 123n, noteNextIndex: 64, nullifierRoot: (1n << 254n) + 5n, nullifierNextIndex: 65 },
  signOffThreshold: 22,
};

/** A 48-byte stand-in staking key for rules that only hash or compare key bytes (VRF, election). */
export function fakeKey(i: number): Uint8Array {
  const k = new Uint8Array(48);
  new DataView(k.buffer).setUint32(0, i);
  return k;
}
