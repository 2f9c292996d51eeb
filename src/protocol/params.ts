// Default values of every bracketed number in DESIGN.md §2. Every one is a parameter: callers pass
// their own values; these are only the defaults.

export const DEFAULTS = {
  /** Registration activates after this many epochs. */
  activationDelayEpochs: 1,
  /** Option 1: which k bits of the VRF make the path. */
  bitMode: 'low' as const,
  /** Option 1: seconds after the block commitment before uncovered nodes open to any member. */
  openAfterSeconds: 30,
  /** Option 2: subtree height per round. */
  subtreeHeight: 2,
  /** Option 2: redundancy (members per task). */
  redundancy: 2,
  /** Inactivity: consecutive elections without a credited contribution before a slash. */
  maxMisses: 3,
  /** Reward weights of a base node and a merge node. */
  baseWeight: 1n,
  mergeWeight: 1n,
} as const;

/** A registration made in `registeredEpoch` takes part in elections from the returned epoch on. */
export function activationEpoch(registeredEpoch: number, delayEpochs: number = DEFAULTS.activationDelayEpochs): number {
  return registeredEpoch + delayEpochs;
}

export function isActiveAt(
  registeredEpoch: number,
  epoch: number,
  delayEpochs: number = DEFAULTS.activationDelayEpochs,
): boolean {
  return epoch >= activationEpoch(registeredEpoch, delayEpochs);
}
