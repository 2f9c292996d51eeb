// Canonical encodings of a leaf's hints and of a leaf's transcript chunk: both travel between
// untrusted peers, so decoding is strict (version, parameters, lengths, canonical fields, indices).
//
// LeafHints, version 1, big-endian:
//   u8  version (= 1)
//   u8  noteHashTreeDepth, u8 nullifierTreeDepth, u8 maxNoteHashesPerTx, u8 maxNullifiersPerTx
//       (must equal the decoder's parameters)
//   (noteHashTreeDepth − log2 K) × 32  note-hash subtree sibling path
//   maxNullifiersPerTx × {
//     32 lowLeaf.value · u32 lowLeaf.nextIndex · 32 lowLeaf.nextValue · u32 lowLeafIndex ·
//     nullifierTreeDepth × 32 lowLeafSiblingPath · nullifierTreeDepth × 32 newLeafSiblingPath }
//
// LeafChunk, version 1, big-endian:
//   u8  version (= 1) · u32 leafIndex
//   32 noteHashTree.root · u32 noteHashTree.nextIndex · 32 nullifierTree.root · u32 nullifierTree.nextIndex
//   32 accumulatedFeeStart
//   u32 transaction length · transaction encoding · u32 hints length · hints encoding
import { RollupReader, RollupWriter } from './bytes.js';
import { DecodeError } from './errors.js';
import { DEFAULT_ROLLUP_PARAMS, log2Exact, validateRollupParams } from './params.js';
import { decodeTransaction, encodeTransaction, maxTransactionEncodedLength } from './transaction.js';
import type {
  LeafChunk,
  LeafHints,
  LeafWitness,
  NullifierInsertionHint,
  RollupParams,
  StateSnapshot,
} from './types.js';

export const LEAF_HINTS_ENCODING_VERSION = 1;
export const LEAF_CHUNK_ENCODING_VERSION = 1;

function noteHashPathLength(params: RollupParams): number {
  return params.noteHashTreeDepth - log2Exact(params.maxNoteHashesPerTx);
}

/** Byte length of every version-1 hints encoding under `params` (the format is fixed-size). */
export function leafHintsEncodedLength(params: RollupParams = DEFAULT_ROLLUP_PARAMS): number {
  const perNullifier = 32 + 4 + 32 + 4 + 2 * 32 * params.nullifierTreeDepth;
  return 5 + 32 * noteHashPathLength(params) + params.maxNullifiersPerTx * perNullifier;
}

function checkIndexFits(index: number, bound: number, what: string): void {
  if (!Number.isInteger(index) || index < 0 || index > bound)
    throw new RangeError(`${what} ${index} is outside [0, ${bound}]`);
}

export function encodeLeafHints(hints: LeafHints, params: RollupParams = DEFAULT_ROLLUP_PARAMS): Uint8Array {
  validateRollupParams(params);
  const w = new RollupWriter()
    .u8(LEAF_HINTS_ENCODING_VERSION)
    .u8(params.noteHashTreeDepth)
    .u8(params.nullifierTreeDepth)
    .u8(params.maxNoteHashesPerTx)
    .u8(params.maxNullifiersPerTx);
  const path = hints.noteHashAppend.subtreeSiblingPath;
  if (path.length !== noteHashPathLength(params))
    throw new RangeError(`note-hash subtree path has ${path.length} siblings, expected ${noteHashPathLength(params)}`);
  path.forEach((x) => w.field(x));
  if (hints.nullifierInsertions.length !== params.maxNullifiersPerTx)
    throw new RangeError(`${hints.nullifierInsertions.length} nullifier hints, expected ${params.maxNullifiersPerTx}`);
  const maxIndex = 2 ** params.nullifierTreeDepth - 1;
  for (const h of hints.nullifierInsertions) {
    checkIndexFits(h.lowLeaf.nextIndex, maxIndex, 'low leaf next index');
    checkIndexFits(h.lowLeafIndex, maxIndex, 'low leaf index');
    for (const p of [h.lowLeafSiblingPath, h.newLeafSiblingPath])
      if (p.length !== params.nullifierTreeDepth)
        throw new RangeError(`nullifier path has ${p.length} siblings, expected ${params.nullifierTreeDepth}`);
    w.field(h.lowLeaf.value).u32(h.lowLeaf.nextIndex).field(h.lowLeaf.nextValue).u32(h.lowLeafIndex);
    h.lowLeafSiblingPath.forEach((x) => w.field(x));
    h.newLeafSiblingPath.forEach((x) => w.field(x));
  }
  return w.finish();
}

function readIndex(r: RollupReader, bound: number, what: string, structure: string): number {
  const v = r.u32(what);
  if (v > bound) throw new DecodeError('bad-index', `${structure}: ${what} ${v} exceeds ${bound}`);
  return v;
}

function readPath(r: RollupReader, length: number, what: string): bigint[] {
  const out: bigint[] = [];
  for (let i = 0; i < length; i++) out.push(r.field(`${what}[${i}]`));
  return out;
}

function readLeafHints(r: RollupReader, params: RollupParams): LeafHints {
  const version = r.u8('version');
  if (version !== LEAF_HINTS_ENCODING_VERSION)
    throw new DecodeError(
      'wrong-version',
      `leaf hints encoding version ${version} is not supported (expected ${LEAF_HINTS_ENCODING_VERSION})`,
    );
  const declared = [
    ['noteHashTreeDepth', r.u8('noteHashTreeDepth'), params.noteHashTreeDepth],
    ['nullifierTreeDepth', r.u8('nullifierTreeDepth'), params.nullifierTreeDepth],
    ['maxNoteHashesPerTx', r.u8('maxNoteHashesPerTx'), params.maxNoteHashesPerTx],
    ['maxNullifiersPerTx', r.u8('maxNullifiersPerTx'), params.maxNullifiersPerTx],
  ] as const;
  for (const [name, got, want] of declared)
    if (got !== want) throw new DecodeError('bad-params', `leaf hints declare ${name} = ${got}, expected ${want}`);

  const subtreeSiblingPath = readPath(r, noteHashPathLength(params), 'note-hash subtree path');
  const maxIndex = 2 ** params.nullifierTreeDepth - 1;
  const nullifierInsertions: NullifierInsertionHint[] = [];
  for (let i = 0; i < params.maxNullifiersPerTx; i++) {
    const value = r.field(`nullifier hint ${i} low leaf value`);
    const nextIndex = readIndex(r, maxIndex, `nullifier hint ${i} low leaf next index`, 'leaf hints');
    const nextValue = r.field(`nullifier hint ${i} low leaf next value`);
    const lowLeafIndex = readIndex(r, maxIndex, `nullifier hint ${i} low leaf index`, 'leaf hints');
    const lowLeafSiblingPath = readPath(r, params.nullifierTreeDepth, `nullifier hint ${i} low-leaf path`);
    const newLeafSiblingPath = readPath(r, params.nullifierTreeDepth, `nullifier hint ${i} new-leaf path`);
    nullifierInsertions.push({
      lowLeaf: { value, nextIndex, nextValue },
      lowLeafIndex,
      lowLeafSiblingPath,
      newLeafSiblingPath,
    });
  }
  return { noteHashAppend: { subtreeSiblingPath }, nullifierInsertions };
}

export function decodeLeafHints(bytes: Uint8Array, params: RollupParams = DEFAULT_ROLLUP_PARAMS): LeafHints {
  validateRollupParams(params);
  const r = new RollupReader(bytes, 'leaf hints');
  const hints = readLeafHints(r, params);
  r.end();
  return hints;
}

/** The part of a built leaf that travels to its prover (the end state is derived, never sent). */
export function leafChunkOf(leaf: LeafWitness): LeafChunk {
  return {
    leafIndex: leaf.leafIndex,
    start: leaf.start,
    accumulatedFeeStart: leaf.accumulatedFeeStart,
    tx: leaf.tx,
    hints: leaf.hints,
  };
}

export function encodeLeafChunk(chunk: LeafChunk, params: RollupParams = DEFAULT_ROLLUP_PARAMS): Uint8Array {
  const tx = encodeTransaction(chunk.tx, params);
  const hints = encodeLeafHints(chunk.hints, params);
  checkIndexFits(chunk.leafIndex, 0xffffffff, 'leaf index');
  checkIndexFits(chunk.start.noteHashTree.nextIndex, 2 ** params.noteHashTreeDepth, 'note-hash next index');
  checkIndexFits(chunk.start.nullifierTree.nextIndex, 2 ** params.nullifierTreeDepth, 'nullifier next index');
  return new RollupWriter()
    .u8(LEAF_CHUNK_ENCODING_VERSION)
    .u32(chunk.leafIndex)
    .field(chunk.start.noteHashTree.root)
    .u32(chunk.start.noteHashTree.nextIndex)
    .field(chunk.start.nullifierTree.root)
    .u32(chunk.start.nullifierTree.nextIndex)
    .field(chunk.accumulatedFeeStart)
    .u32(tx.length)
    .bytes(tx)
    .u32(hints.length)
    .bytes(hints)
    .finish();
}

export function decodeLeafChunk(bytes: Uint8Array, params: RollupParams = DEFAULT_ROLLUP_PARAMS): LeafChunk {
  validateRollupParams(params);
  const r = new RollupReader(bytes, 'leaf chunk');
  const version = r.u8('version');
  if (version !== LEAF_CHUNK_ENCODING_VERSION)
    throw new DecodeError(
      'wrong-version',
      `leaf chunk encoding version ${version} is not supported (expected ${LEAF_CHUNK_ENCODING_VERSION})`,
    );
  const leafIndex = r.u32('leaf index');
  const noteRoot = r.field('note-hash root');
  const noteNext = readIndex(r, 2 ** params.noteHashTreeDepth, 'note-hash next index', 'leaf chunk');
  const nullRoot = r.field('nullifier root');
  const nullNext = readIndex(r, 2 ** params.nullifierTreeDepth, 'nullifier next index', 'leaf chunk');
  const start: StateSnapshot = {
    noteHashTree: { root: noteRoot, nextIndex: noteNext },
    nullifierTree: { root: nullRoot, nextIndex: nullNext },
  };
  const accumulatedFeeStart = r.field('accumulated fee');
  const txLength = r.u32('transaction length');
  // Bound the declared length before slicing.
  const maxTx = maxTransactionEncodedLength(params);
  if (txLength > maxTx)
    throw new DecodeError(
      'oversized-payload',
      `leaf chunk: transaction length ${txLength} exceeds the ${maxTx}-byte maximum`,
    );
  const tx = decodeTransaction(r.take(txLength, 'transaction'), params);
  const hintsLength = r.u32('hints length');
  const expected = leafHintsEncodedLength(params);
  if (hintsLength !== expected)
    throw new DecodeError('bad-params', `leaf chunk: hints length ${hintsLength}, expected ${expected}`);
  const hints = decodeLeafHints(r.take(hintsLength, 'hints'), params);
  r.end();
  return { leafIndex, start, accumulatedFeeStart, tx, hints };
}
