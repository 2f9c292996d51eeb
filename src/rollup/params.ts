// Default parameters (DESIGN.md §4) and their validation.
import { RollupParamsError } from './errors.js';
import type { RollupParams } from './types.js';

export const DEFAULT_ROLLUP_PARAMS: Readonly<RollupParams> = Object.freeze({
  noteHashTreeDepth: 20,
  nullifierTreeDepth: 20,
  maxNoteHashesPerTx: 2,
  maxNullifiersPerTx: 2,
  maxPayloadBytes: 32 * 1024,
});

/** Largest tree depth: every index and next index (≤ 2^depth) fits a u32 in the encodings. */
export const MAX_TREE_DEPTH = 31;

/** log2 of a power of two, or -1 when it is not one. */
export function log2Exact(n: number): number {
  if (!Number.isInteger(n) || n < 1) return -1;
  const l = Math.log2(n);
  return Number.isInteger(l) ? l : -1;
}

export function validateRollupParams(p: RollupParams): void {
  const depthOk = (d: number) => Number.isInteger(d) && d >= 1 && d <= MAX_TREE_DEPTH;
  if (!depthOk(p.noteHashTreeDepth))
    throw new RollupParamsError(
      `noteHashTreeDepth must be an integer in [1, ${MAX_TREE_DEPTH}], got ${p.noteHashTreeDepth}`,
    );
  if (!depthOk(p.nullifierTreeDepth))
    throw new RollupParamsError(
      `nullifierTreeDepth must be an integer in [1, ${MAX_TREE_DEPTH}], got ${p.nullifierTreeDepth}`,
    );
  const lk = log2Exact(p.maxNoteHashesPerTx);
  if (lk < 0 || lk >= p.noteHashTreeDepth || p.maxNoteHashesPerTx > 255)
    throw new RollupParamsError(
      `maxNoteHashesPerTx must be a power of two below 2^noteHashTreeDepth and at most 255, got ${p.maxNoteHashesPerTx}`,
    );
  if (!Number.isInteger(p.maxNullifiersPerTx) || p.maxNullifiersPerTx < 1 || p.maxNullifiersPerTx > 255)
    throw new RollupParamsError(`maxNullifiersPerTx must be an integer in [1, 255], got ${p.maxNullifiersPerTx}`);
  if (!Number.isInteger(p.maxPayloadBytes) || p.maxPayloadBytes < 0 || p.maxPayloadBytes > 0xffffffff)
    throw new RollupParamsError(`maxPayloadBytes must be an integer in [0, 2^32 − 1], got ${p.maxPayloadBytes}`);
}
