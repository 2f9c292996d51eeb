// The block transcript commitment (DESIGN.md §5): the transcript is cut into chunks — chunk 0 is
// the header, chunk 1 + i is leaf i's LeafChunk encoding — and committed by a sha256 Merkle root,
// so a participant fetches only its chunks from untrusted peers and checks each one alone.
//
//   chunk hash  = sha256(0x00 ‖ chunk bytes)
//   inner node  = sha256(0x01 ‖ left ‖ right)
//   the tree has width = the next power of two ≥ count; missing leaves are 32 zero bytes
//   root        = sha256(0x02 ‖ u32 count ‖ tree root)
// The prefixes keep chunk hashes, inner nodes and the root apart; the count pins the chunk list.
//
// Inclusion proof encoding, version 1, big-endian:
//   u8 version = 1 · u32 chunkCount · u32 chunkIndex · log2(width) × 32 siblings (leaf level first)
import { equalBytes } from '@noble/curves/utils.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { RollupReader, RollupWriter } from './bytes.js';
import { DecodeError, TranscriptInclusionError } from './errors.js';
import { decodeLeafChunk, encodeLeafChunk, leafChunkOf } from './hints-codec.js';
import { DEFAULT_ROLLUP_PARAMS } from './params.js';
import type { LeafChunk, LeafWitness, RollupParams } from './types.js';

export const TRANSCRIPT_PROOF_VERSION = 1;
/** Header chunk plus 2^16 leaves at most. */
export const MAX_TRANSCRIPT_CHUNKS = (1 << 16) + 1;

export interface TranscriptInclusionProof {
  chunkCount: number;
  chunkIndex: number;
  siblings: Uint8Array[];
}

export interface Transcript {
  /** chunks[0] = header, chunks[1 + i] = leaf i. */
  chunks: Uint8Array[];
  root: Uint8Array;
  /** levels[0] = chunk hashes (padded to the width), last = [tree root]. */
  levels: Uint8Array[][];
}

const ZERO32 = new Uint8Array(32);

function tagged(tag: number, ...parts: Uint8Array[]): Uint8Array {
  const h = sha256.create().update(Uint8Array.of(tag));
  for (const p of parts) h.update(p);
  return h.digest();
}

export function transcriptChunkHash(chunk: Uint8Array): Uint8Array {
  return tagged(0x00, chunk);
}

function innerNode(left: Uint8Array, right: Uint8Array): Uint8Array {
  return tagged(0x01, left, right);
}

function rootFrom(count: number, treeRoot: Uint8Array): Uint8Array {
  return tagged(0x02, new RollupWriter().u32(count).finish(), treeRoot);
}

function widthFor(count: number): number {
  let w = 1;
  while (w < count) w *= 2;
  return w;
}

function checkCount(count: number): void {
  if (!Number.isInteger(count) || count < 1 || count > MAX_TRANSCRIPT_CHUNKS)
    throw new RangeError(`transcript chunk count ${count} is outside [1, ${MAX_TRANSCRIPT_CHUNKS}]`);
}

/** Commits to the given chunks (header first). */
export function commitTranscript(chunks: Uint8Array[]): Transcript {
  checkCount(chunks.length);
  const width = widthFor(chunks.length);
  let level = chunks.map(transcriptChunkHash);
  while (level.length < width) level.push(ZERO32);
  const levels = [level];
  while (level.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i < level.length; i += 2) next.push(innerNode(level[i]!, level[i + 1]!));
    levels.push(next);
    level = next;
  }
  return { chunks, root: rootFrom(chunks.length, level[0]!), levels };
}

/** The transcript of a built block: the header bytes (e.g. the encoded block header), then each leaf's chunk. */
export function buildBlockTranscript(
  headerChunk: Uint8Array,
  leaves: readonly LeafWitness[],
  params: RollupParams = DEFAULT_ROLLUP_PARAMS,
): Transcript {
  return commitTranscript([headerChunk, ...leaves.map((l) => encodeLeafChunk(leafChunkOf(l), params))]);
}

export function transcriptInclusionProof(t: Transcript, chunkIndex: number): TranscriptInclusionProof {
  if (!Number.isInteger(chunkIndex) || chunkIndex < 0 || chunkIndex >= t.chunks.length)
    throw new RangeError(`chunk index ${chunkIndex} is outside the transcript's ${t.chunks.length} chunks`);
  const siblings: Uint8Array[] = [];
  let idx = chunkIndex;
  for (let l = 0; l + 1 < t.levels.length; l++) {
    siblings.push(t.levels[l]![idx ^ 1]!);
    idx >>= 1;
  }
  return { chunkCount: t.chunks.length, chunkIndex, siblings };
}

/** Throws TranscriptInclusionError unless `chunk` is chunk `expectedIndex` of the transcript with `root`. */
export function checkTranscriptChunk(
  root: Uint8Array,
  expectedIndex: number,
  chunk: Uint8Array,
  proof: TranscriptInclusionProof,
): void {
  if (proof.chunkIndex !== expectedIndex)
    throw new TranscriptInclusionError(`proof is for chunk ${proof.chunkIndex}, expected chunk ${expectedIndex}`);
  if (!Number.isInteger(proof.chunkCount) || proof.chunkCount < 1 || proof.chunkCount > MAX_TRANSCRIPT_CHUNKS)
    throw new TranscriptInclusionError(`proof declares ${proof.chunkCount} chunks`);
  if (proof.chunkIndex < 0 || proof.chunkIndex >= proof.chunkCount)
    throw new TranscriptInclusionError(`chunk index ${proof.chunkIndex} is outside the ${proof.chunkCount} chunks`);
  const depth = Math.log2(widthFor(proof.chunkCount));
  if (proof.siblings.length !== depth || proof.siblings.some((s) => s.length !== 32))
    throw new TranscriptInclusionError(`proof needs ${depth} siblings of 32 bytes`);
  let acc = transcriptChunkHash(chunk);
  let idx = proof.chunkIndex;
  for (const s of proof.siblings) {
    acc = idx % 2 === 0 ? innerNode(acc, s) : innerNode(s, acc);
    idx >>= 1;
  }
  if (!equalBytes(rootFrom(proof.chunkCount, acc), root))
    throw new TranscriptInclusionError(`chunk ${expectedIndex} does not open under the transcript root`);
}

/**
 * A light participant's path for one fetched leaf chunk: check it against the transcript root
 * (chunk 1 + leafIndex), decode it strictly, and check it names the leaf asked for.
 */
export function openLeafChunk(
  root: Uint8Array,
  leafIndex: number,
  chunk: Uint8Array,
  proof: TranscriptInclusionProof,
  params: RollupParams = DEFAULT_ROLLUP_PARAMS,
): LeafChunk {
  checkTranscriptChunk(root, 1 + leafIndex, chunk, proof);
  const decoded = decodeLeafChunk(chunk, params);
  if (decoded.leafIndex !== leafIndex)
    throw new TranscriptInclusionError(
      `chunk at position ${1 + leafIndex} names leaf ${decoded.leafIndex}, expected ${leafIndex}`,
    );
  return decoded;
}

/** A transcript chunk with its inclusion proof (what the transcript protocol answers). */
export interface ProvenChunk {
  readonly chunk: Uint8Array;
  readonly proof: TranscriptInclusionProof;
}

/** The stored form of a proven chunk: u32 chunkLength ‖ chunk ‖ inclusion proof (its own version byte). */
export function encodeProvenChunk(c: ProvenChunk): Uint8Array {
  return new RollupWriter().u32(c.chunk.length).bytes(c.chunk).bytes(encodeInclusionProof(c.proof)).finish();
}

/** Decodes a stored proven chunk (DecodeError on any fault); it still has to be checked against its root. */
export function decodeProvenChunk(bytes: Uint8Array): ProvenChunk {
  const r = new RollupReader(bytes, 'stored transcript chunk');
  const chunk = r.take(r.u32('chunk length'), 'chunk');
  return { chunk, proof: decodeInclusionProof(r.take(r.remaining, 'inclusion proof')) };
}

export function encodeInclusionProof(proof: TranscriptInclusionProof): Uint8Array {
  const w = new RollupWriter().u8(TRANSCRIPT_PROOF_VERSION).u32(proof.chunkCount).u32(proof.chunkIndex);
  for (const s of proof.siblings) {
    if (s.length !== 32) throw new RangeError(`sibling of ${s.length} bytes, expected 32`);
    w.bytes(s);
  }
  return w.finish();
}

export function decodeInclusionProof(bytes: Uint8Array): TranscriptInclusionProof {
  const r = new RollupReader(bytes, 'transcript inclusion proof');
  const version = r.u8('version');
  if (version !== TRANSCRIPT_PROOF_VERSION)
    throw new DecodeError(
      'wrong-version',
      `transcript inclusion proof version ${version} is not supported (expected ${TRANSCRIPT_PROOF_VERSION})`,
    );
  const chunkCount = r.u32('chunk count');
  if (chunkCount < 1 || chunkCount > MAX_TRANSCRIPT_CHUNKS)
    throw new DecodeError(
      'bad-index',
      `transcript inclusion proof: chunk count ${chunkCount} is outside [1, ${MAX_TRANSCRIPT_CHUNKS}]`,
    );
  const chunkIndex = r.u32('chunk index');
  if (chunkIndex >= chunkCount)
    throw new DecodeError(
      'bad-index',
      `transcript inclusion proof: chunk index ${chunkIndex} is outside the ${chunkCount} chunks`,
    );
  const depth = Math.log2(widthFor(chunkCount));
  const siblings: Uint8Array[] = [];
  for (let i = 0; i < depth; i++) siblings.push(r.take(32, `sibling ${i}`));
  r.end();
  return { chunkCount, chunkIndex, siblings };
}
