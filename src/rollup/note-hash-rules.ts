// Pure rule for the append-only note-hash tree: append one transaction's K slots as a subtree.
import { InvalidLeafWitnessError } from './errors.js';
import type { FieldHasher } from './hasher.js';
import { isFieldElement } from './field.js';
import { computeMerkleRoot, merkleRootOfLeaves, zeroHashes } from './merkle.js';
import { log2Exact } from './params.js';
import type { NoteHashAppendHint, TreeSnapshot } from './types.js';

/**
 * Appends `slots` (exactly K = 2^s values, zeros for empty slots) at `start.nextIndex`:
 * the K slots are one subtree at subtree index nextIndex / K. The hint's path must open the empty
 * subtree under the start root; the same path with the filled subtree gives the new root.
 */
export function applyNoteHashAppend(
  hasher: FieldHasher,
  depth: number,
  start: TreeSnapshot,
  slots: readonly bigint[],
  hint: NoteHashAppendHint,
): TreeSnapshot {
  const k = slots.length;
  const subtreeHeight = log2Exact(k);
  if (subtreeHeight < 0) throw new InvalidLeafWitnessError(`note-hash slot count ${k} is not a power of two`);
  const pathLength = depth - subtreeHeight;
  if (hint.subtreeSiblingPath.length !== pathLength)
    throw new InvalidLeafWitnessError(
      `note-hash subtree path has ${hint.subtreeSiblingPath.length} siblings, expected ${pathLength}`,
    );
  if (!hint.subtreeSiblingPath.every(isFieldElement) || !slots.every(isFieldElement) || !isFieldElement(start.root))
    throw new InvalidLeafWitnessError('note-hash append input holds a non-canonical field element');
  if (!Number.isInteger(start.nextIndex) || start.nextIndex < 0)
    throw new InvalidLeafWitnessError(`note-hash tree next index ${start.nextIndex} is not a non-negative integer`);
  if (start.nextIndex % k !== 0)
    throw new InvalidLeafWitnessError(`note-hash tree next index ${start.nextIndex} is not a multiple of K = ${k}`);
  const subtreeIndex = start.nextIndex / k;
  if (subtreeIndex >= 2 ** pathLength)
    throw new InvalidLeafWitnessError(`note-hash tree is full: next index ${start.nextIndex}, capacity ${2 ** depth}`);
  const emptySubtree = zeroHashes(hasher, subtreeHeight)[subtreeHeight]!;
  if (computeMerkleRoot(hasher, emptySubtree, subtreeIndex, hint.subtreeSiblingPath) !== start.root)
    throw new InvalidLeafWitnessError(
      `note-hash subtree path does not open an empty subtree at index ${subtreeIndex} under the start root`,
    );
  const filled = merkleRootOfLeaves(hasher, slots);
  return {
    root: computeMerkleRoot(hasher, filled, subtreeIndex, hint.subtreeSiblingPath),
    nextIndex: start.nextIndex + k,
  };
}
