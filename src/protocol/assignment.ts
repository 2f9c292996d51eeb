// The assignment a block header prescribes: dispatches to the two options (binary path, sorted
// rounds); their common interface is ./assignment-types.ts.
import { binaryPathAssignment } from './binary-path.js';
import type { AssignmentParams } from './header.js';
import { sortedRoundsAssignment } from './sorted-rounds.js';
import type { Assignment } from './assignment-types.js';
import type { VrfEntry } from './vrf.js';

export type { Assignment, CreditableCounts } from './assignment-types.js';

/** The assignment a block header prescribes for an elected committee. */
export function buildAssignment(
  params: AssignmentParams,
  committee: readonly VrfEntry[],
  treeHeight: number,
): Assignment {
  return params.mode === 'binary-path'
    ? binaryPathAssignment(committee, treeHeight, params.bitMode, params.openAfterSeconds)
    : sortedRoundsAssignment(committee, treeHeight, params.subtreeHeight, params.redundancy);
}
