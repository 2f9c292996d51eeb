// Parameters of the simulated L1. Every number is a parameter; these are the devnet defaults.
import { DEFAULTS, type RewardParams, type StateSnapshot } from '../protocol/index.js';

export type SlashingPolicy = 'inactivity' | 'slash-all-on-miss';

export interface L1Params {
  readonly chainId: number;
  /** Slots per epoch: registration and exit take effect at epoch boundaries. */
  readonly epochSlots: number;
  readonly activationDelayEpochs: number;
  /** Stake below which a staker cannot register and is ejected. */
  readonly minStake: bigint;
  /**
   * Largest stake one key may register. Stake is declared, not transferred, on this simulated L1,
   * so without a bound one key could outweigh every other in elections and totals; also keeps
   * amounts far inside the ledger's integer range.
   */
  readonly maxStake: bigint;
  /** Amount one slash burns. */
  readonly slashAmount: bigint;
  /** Inactivity: consecutive elections without credit before a slash. */
  readonly maxMisses: number;
  readonly slashingPolicy: SlashingPolicy;
  /** Slots after a block commitment within which its final proof must land, or the block is missed. */
  readonly proofWindowSlots: number;
  /** Epochs after an exit (or ejection) takes effect before the remaining stake can be claimed. */
  readonly withdrawalDelayEpochs: number;
  readonly rewards: RewardParams;
  /** BLS validation training wheel: the committee must also sign the state transition. */
  readonly trainingWheel: boolean;
  /** End state of the genesis block (what block 1 starts from). */
  readonly genesisState: StateSnapshot;
  /**
   * Devnet only: the public key (lowercase hex) that posts every block instead of the elected
   * sequencer; the committee is drawn from the other stakers (protocol `electWithSequencer`).
   * null = the election of DESIGN.md §2.
   */
  readonly designatedSequencer: string | null;
}

export const DEFAULT_L1_PARAMS: L1Params = {
  chainId: 1337,
  epochSlots: 8,
  activationDelayEpochs: DEFAULTS.activationDelayEpochs,
  minStake: 32_000n,
  maxStake: 1_000_000_000_000n,
  slashAmount: 1_000n,
  maxMisses: DEFAULTS.maxMisses,
  slashingPolicy: 'inactivity',
  proofWindowSlots: 4,
  withdrawalDelayEpochs: 1,
  rewards: {
    sequencerReward: 400n,
    proverReward: 1_000n,
    submitterReward: 100n,
    baseWeight: DEFAULTS.baseWeight,
    mergeWeight: DEFAULTS.mergeWeight,
  },
  trainingWheel: false,
  genesisState: { noteRoot: 0n, noteNextIndex: 0, nullifierRoot: 0n, nullifierNextIndex: 0 },
  designatedSequencer: null,
};

export function l1Params(overrides: Partial<L1Params> = {}): L1Params {
  return { ...DEFAULT_L1_PARAMS, ...overrides, rewards: { ...DEFAULT_L1_PARAMS.rewards, ...overrides.rewards } };
}
