import { sha256 } from '@noble/hashes/sha2.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildBlock } from '../../src/rollup/block-builder.js';
import { type DecodeError, TranscriptInclusionError } from '../../src/rollup/errors.js';
import type { FieldHasher } from '../../src/rollup/hasher.js';
import { encodeLeafChunk, leafChunkOf } from '../../src/rollup/hints-codec.js';
import { verifyLeafTransition } from '../../src/rollup/leaf-verifier.js';
import { RollupState } from '../../src/rollup/state.js';
import {
  buildBlockTranscript,
  checkTranscriptChunk,
  commitTranscript,
  decodeInclusionProof,
  encodeInclusionProof,
  openLeafChunk,
  transcriptInclusionProof,
  type Transcript,
} from '../../src/rollup/transcript.js';
import type { BlockBuildResult } from '../../src/rollup/types.js';
import { expectDecodeError, loadKernelHasher } from './helpers.js';

const header = new TextEncoder().encode('header bytes');
let hasher: FieldHasher;
let block: BlockBuildResult;
let transcript: Transcript;

beforeAll(async () => {
  hasher = await loadKernelHasher();
  block = buildBlock(
    RollupState.genesis(hasher),
    [
      { noteHashes: [1n, 2n], nullifiers: [3n], fee: 1n, payload: new Uint8Array([1]) },
      { noteHashes: [4n], nullifiers: [5n, 6n], fee: 2n, payload: new Uint8Array([2]) },
    ],
    { height: 2 },
  );
  transcript = buildBlockTranscript(header, block.leaves);
});

describe('transcript commitment', () => {
  it('has a header chunk and one chunk per leaf, and the documented root', () => {
    expect(transcript.chunks).toHaveLength(5);
    expect(transcript.chunks[0]).toEqual(header);
    expect(transcript.chunks[3]).toEqual(encodeLeafChunk(leafChunkOf(block.leaves[2]!)));
    // Recompute the root by the documented rules: width 8, zero leaves, tags 0/1/2, count.
    const tag = (t: number, ...p: Uint8Array[]) => sha256(Uint8Array.from([t, ...p.flatMap((x) => [...x])]));
    let level = transcript.chunks.map((c) => tag(0, c));
    while (level.length < 8) level.push(new Uint8Array(32));
    while (level.length > 1) level = level.flatMap((_, i) => (i % 2 ? [] : [tag(1, level[i]!, level[i + 1]!)]));
    expect(transcript.root).toEqual(tag(2, Uint8Array.of(0, 0, 0, 5), level[0]!));
  });

  it('every chunk opens under the root with its proof, through the encoding', () => {
    transcript.chunks.forEach((chunk, i) => {
      const proof = decodeInclusionProof(encodeInclusionProof(transcriptInclusionProof(transcript, i)));
      expect(() => checkTranscriptChunk(transcript.root, i, chunk, proof)).not.toThrow();
    });
  });

  it('a light participant opens its leaf chunk and verifies the leaf from it alone', () => {
    const proof = transcriptInclusionProof(transcript, 2);
    const chunk = openLeafChunk(transcript.root, 1, transcript.chunks[2]!, proof);
    expect(verifyLeafTransition(hasher, chunk.start, chunk.tx, chunk.hints).end).toEqual(block.leaves[1]!.end);
  });

  it('rejects a tampered chunk, a proof for another position, a tampered sibling, another root', () => {
    const proof = transcriptInclusionProof(transcript, 2);
    const tampered = Uint8Array.from(transcript.chunks[2]!);
    tampered[tampered.length - 1]! ^= 1;
    expect(() => openLeafChunk(transcript.root, 1, tampered, proof)).toThrow(TranscriptInclusionError);
    expect(() => openLeafChunk(transcript.root, 2, transcript.chunks[2]!, proof)).toThrow(
      /proof is for chunk 2, expected chunk 3/,
    );
    const badSibling = { ...proof, siblings: proof.siblings.map((s, i) => (i === 1 ? Uint8Array.from(s).fill(7) : s)) };
    expect(() => openLeafChunk(transcript.root, 1, transcript.chunks[2]!, badSibling)).toThrow(
      /does not open under the transcript root/,
    );
    const other = commitTranscript([...transcript.chunks.slice(0, 4)]);
    expect(() => openLeafChunk(other.root, 1, transcript.chunks[2]!, transcriptInclusionProof(other, 2))).not.toThrow();
    expect(() => openLeafChunk(transcript.root, 1, transcript.chunks[2]!, transcriptInclusionProof(other, 2))).toThrow(
      /does not open/,
    );
  });

  it('a chunk placed at the wrong position is caught by its own leaf index', () => {
    // A transcript whose position 2 holds leaf 2's chunk: it opens at 2 but names leaf 2, not 1.
    const shuffled = commitTranscript([
      header,
      transcript.chunks[1]!,
      transcript.chunks[3]!,
      transcript.chunks[2]!,
      transcript.chunks[4]!,
    ]);
    expect(() => openLeafChunk(shuffled.root, 1, shuffled.chunks[2]!, transcriptInclusionProof(shuffled, 2))).toThrow(
      /names leaf 2, expected 1/,
    );
  });

  it('the proof decoder rejects bad versions, counts, indices, truncation and trailing bytes', () => {
    const bytes = encodeInclusionProof(transcriptInclusionProof(transcript, 4));
    const cases: [Uint8Array, DecodeError['code'], RegExp][] = [
      [Uint8Array.from([2, ...bytes.subarray(1)]), 'wrong-version', /version 2/],
      [Uint8Array.from([1, 0, 0, 0, 0, 0, 0, 0, 0]), 'bad-index', /chunk count 0/],
      [Uint8Array.from([1, 0, 0, 0, 5, 0, 0, 0, 5]), 'bad-index', /chunk index 5 is outside the 5 chunks/],
      [bytes.subarray(0, bytes.length - 1), 'truncated', /sibling 2 needs 32 bytes/],
      [Uint8Array.from([...bytes, 0]), 'trailing-bytes', /1 trailing bytes/],
    ];
    for (const [input, code, message] of cases) expectDecodeError(() => decodeInclusionProof(input), code, message);
  });
});
