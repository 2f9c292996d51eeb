import { beforeAll, describe, expect, it } from 'vitest';
import { buildBlock } from '../../src/rollup/block-builder.js';
import { DecodeError } from '../../src/rollup/errors.js';
import { FR_MODULUS, fieldToBytesBE } from '../../src/rollup/field.js';
import {
  decodeLeafChunk,
  decodeLeafHints,
  encodeLeafChunk,
  encodeLeafHints,
  leafChunkOf,
  leafHintsEncodedLength,
} from '../../src/rollup/hints-codec.js';
import { verifyLeafTransition } from '../../src/rollup/leaf-verifier.js';
import { DEFAULT_ROLLUP_PARAMS } from '../../src/rollup/params.js';
import { RollupState } from '../../src/rollup/state.js';
import { encodeTransaction } from '../../src/rollup/transaction.js';
import type { FieldHasher } from '../../src/rollup/hasher.js';
import type { LeafChunk, LeafWitness } from '../../src/rollup/types.js';
import { SMALL_PARAMS, expectDecodeError, loadKernelHasher } from './helpers.js';

let hasher: FieldHasher;
let leaf: LeafWitness;
let chunk: LeafChunk;
beforeAll(async () => {
  hasher = await loadKernelHasher();
  const state = RollupState.genesis(hasher);
  const block = buildBlock(
    state,
    [
      { noteHashes: [1n], nullifiers: [7n], fee: 3n, payload: new Uint8Array([1]) },
      { noteHashes: [2n, 3n], nullifiers: [9n, 8n], fee: 4n, payload: new Uint8Array(100).fill(7) },
    ],
    { height: 1 },
  );
  leaf = block.leaves[1]!;
  chunk = leafChunkOf(leaf);
});

describe('leaf hints encoding', () => {
  it('is fixed-size and round-trips', () => {
    const bytes = encodeLeafHints(leaf.hints);
    expect(bytes.length).toBe(leafHintsEncodedLength());
    // 5 header bytes, 19 note-hash siblings, 2 × (72 + 2 × 20 × 32) bytes of nullifier hints.
    expect(bytes.length).toBe(5 + 19 * 32 + 2 * (72 + 1280));
    expect(decodeLeafHints(bytes)).toEqual(leaf.hints);
  });

  it('rejects a wrong version, other parameters, truncation and trailing bytes', () => {
    const bytes = encodeLeafHints(leaf.hints);
    const v2 = Uint8Array.from(bytes);
    v2[0] = 2;
    expectDecodeError(() => decodeLeafHints(v2), 'wrong-version', /leaf hints encoding version 2/);
    expectDecodeError(
      () => decodeLeafHints(bytes, { ...DEFAULT_ROLLUP_PARAMS, nullifierTreeDepth: 21 }),
      'bad-params',
      /nullifierTreeDepth = 20, expected 21/,
    );
    expectDecodeError(
      () => decodeLeafHints(bytes.subarray(0, bytes.length - 1)),
      'truncated',
      /new-leaf path\[19\] needs 32 bytes/,
    );
    expectDecodeError(() => decodeLeafHints(new Uint8Array([...bytes, 1, 2])), 'trailing-bytes', /2 trailing bytes/);
  });

  it('rejects non-canonical siblings and out-of-range indices', () => {
    const bytes = encodeLeafHints(leaf.hints);
    const badField = Uint8Array.from(bytes);
    badField.set(fieldToBytesBE(FR_MODULUS), 5 + 32 * 3);
    expectDecodeError(() => decodeLeafHints(badField), 'non-canonical-field', /note-hash subtree path\[3\]/);
    const badIndex = Uint8Array.from(bytes);
    // first nullifier hint: value (32) then u32 next index
    new DataView(badIndex.buffer).setUint32(5 + 19 * 32 + 32, 1 << 20, false);
    expectDecodeError(() => decodeLeafHints(badIndex), 'bad-index', /low leaf next index 1048576 exceeds 1048575/);
  });

  it('encode refuses hints of the wrong shape', () => {
    const short = structuredClone(leaf.hints);
    short.noteHashAppend.subtreeSiblingPath.pop();
    expect(() => encodeLeafHints(short)).toThrow(/expected 19/);
    expect(() => encodeLeafHints(leaf.hints, SMALL_PARAMS)).toThrow(RangeError);
  });
});

describe('leaf chunk encoding', () => {
  it('round-trips and the decoded chunk verifies to the same end state', () => {
    const decoded = decodeLeafChunk(encodeLeafChunk(chunk));
    expect(decoded).toEqual(chunk);
    expect(decoded.accumulatedFeeStart).toBe(3n);
    expect(verifyLeafTransition(hasher, decoded.start, decoded.tx, decoded.hints).end).toEqual(leaf.end);
  });

  it('rejects a wrong version, truncation anywhere, trailing bytes', () => {
    const bytes = encodeLeafChunk(chunk);
    const v0 = Uint8Array.from(bytes);
    v0[0] = 0;
    expectDecodeError(() => decodeLeafChunk(v0), 'wrong-version', /leaf chunk encoding version 0/);
    for (const n of [0, 1, 5, 40, 120, 150, bytes.length - 1])
      expect(() => decodeLeafChunk(bytes.subarray(0, n)), `length ${n}`).toThrow(DecodeError);
    expectDecodeError(
      () => decodeLeafChunk(new Uint8Array([...bytes, 0])),
      'trailing-bytes',
      /leaf chunk: 1 trailing bytes/,
    );
  });

  it('rejects a declared transaction or hints length that does not match', () => {
    const bytes = encodeLeafChunk(chunk);
    const txLengthOffset = 1 + 4 + 36 + 36 + 32;
    const txLength = encodeTransaction(chunk.tx).length;
    const huge = Uint8Array.from(bytes);
    new DataView(huge.buffer).setUint32(txLengthOffset, 0xffffffff, false);
    expectDecodeError(() => decodeLeafChunk(huge), 'oversized-payload', /transaction length 4294967295 exceeds/);
    const shortTx = Uint8Array.from(bytes);
    new DataView(shortTx.buffer).setUint32(txLengthOffset, txLength - 1, false);
    expectDecodeError(() => decodeLeafChunk(shortTx), 'truncated', /transaction truncated: payload needs 100 bytes/);
    const badHints = Uint8Array.from(bytes);
    new DataView(badHints.buffer).setUint32(txLengthOffset + 4 + txLength, 12, false);
    expectDecodeError(() => decodeLeafChunk(badHints), 'bad-params', /hints length 12, expected/);
  });

  it('rejects a start next index beyond the tree and a malformed inner transaction', () => {
    const bytes = encodeLeafChunk(chunk);
    const badNext = Uint8Array.from(bytes);
    new DataView(badNext.buffer).setUint32(1 + 4 + 32, 2 ** 20 + 1, false);
    expectDecodeError(() => decodeLeafChunk(badNext), 'bad-index', /note-hash next index 1048577 exceeds 1048576/);
    const badTx = Uint8Array.from(bytes);
    badTx[1 + 4 + 36 + 36 + 32 + 4] = 9; // transaction version
    expectDecodeError(() => decodeLeafChunk(badTx), 'wrong-version', /transaction encoding version 9/);
  });
});
