// Block rewards: B = B_seq + B_prov + B_sub, in integer units (bigint). Every division floors and
// every remainder is reported as `returned`, so paid + returned = B exactly.
//
// - Provers: each credited node earns B_prov · w(node) / W, with w = baseWeight for a leaf and
//   mergeWeight for a merge. W is the weight of every node the assignment makes creditable
//   ('assigned', the default: a node's price does not depend on whether others delivered, so
//   nobody gains when a peer fails), or of the credited nodes only ('credited').
//   Amounts are computed per key from its summed weight, which keeps rounding dust small.
// - Sequencer: B_seq · d / n, d = distinct credited committee members, n = the elected committee
//   size; an empty committee earns nothing.
// - Submitter: the first valid final proof submitted earns B_sub; with no submitter it is returned.
// What is returned goes back to the reward pool (the L1 decides: re-issue or burn).
import type { CreditableCounts } from './assignment.js';
import type { CreditReport } from './credit.js';
import { ParameterError } from './errors.js';

export interface RewardParams {
  readonly sequencerReward: bigint;
  readonly proverReward: bigint;
  readonly submitterReward: bigint;
  readonly baseWeight: bigint;
  readonly mergeWeight: bigint;
  readonly proverSplit?: 'assigned' | 'credited';
}

export type PayoutRole = 'prover' | 'sequencer' | 'submitter';

export interface Payout {
  readonly account: string;
  readonly role: PayoutRole;
  readonly amount: bigint;
}

export interface Settlement {
  readonly total: bigint;
  /** Non-zero payouts, one per (account, role), sorted by role then account. */
  readonly payouts: readonly Payout[];
  readonly paid: bigint;
  readonly returned: {
    readonly prover: bigint;
    readonly sequencer: bigint;
    readonly submitter: bigint;
    readonly total: bigint;
  };
}

export interface SettlementInput {
  readonly params: RewardParams;
  /** assignment.creditableCounts() */
  readonly creditable: CreditableCounts;
  readonly credit: CreditReport;
  readonly sequencer: string;
  readonly committeeSize: number;
  /** Account of the first valid final-proof submitter, or null. */
  readonly submitter: string | null;
}

function nonNegative(value: bigint, field: string): void {
  if (typeof value !== 'bigint' || value < 0n)
    throw new ParameterError(`${field} must be a non-negative bigint, got ${String(value)}`);
}

export function validateRewardParams(p: RewardParams): void {
  nonNegative(p.sequencerReward, 'sequencerReward');
  nonNegative(p.proverReward, 'proverReward');
  nonNegative(p.submitterReward, 'submitterReward');
  nonNegative(p.baseWeight, 'baseWeight');
  nonNegative(p.mergeWeight, 'mergeWeight');
  if (p.proverSplit !== undefined && p.proverSplit !== 'assigned' && p.proverSplit !== 'credited') {
    throw new ParameterError(`proverSplit must be "assigned" or "credited", got ${String(p.proverSplit)}`);
  }
}

export function blockReward(p: RewardParams): bigint {
  return p.sequencerReward + p.proverReward + p.submitterReward;
}

/** Per-key prover amounts; the sum never exceeds B_prov. */
export function proverShares(
  params: RewardParams,
  creditable: CreditableCounts,
  credit: CreditReport,
): Map<string, bigint> {
  validateRewardParams(params);
  const weight = (level: number) => (level === 0 ? params.baseWeight : params.mergeWeight);
  const counts = params.proverSplit === 'credited' ? credit.creditedCounts : creditable;
  if (credit.creditedCounts.base > creditable.base || credit.creditedCounts.merge > creditable.merge) {
    throw new ParameterError('more nodes credited than the assignment makes creditable');
  }
  const total = BigInt(counts.base) * params.baseWeight + BigInt(counts.merge) * params.mergeWeight;
  const byKey = new Map<string, bigint>();
  for (const c of credit.credited) byKey.set(c.prover, (byKey.get(c.prover) ?? 0n) + weight(c.node.level));
  const out = new Map<string, bigint>();
  if (total === 0n) return out;
  for (const [key, w] of byKey) {
    const amount = (params.proverReward * w) / total;
    if (amount > 0n) out.set(key, amount);
  }
  return out;
}

/** B_seq · d / n, floored. */
export function sequencerShare(sequencerReward: bigint, distinctContributors: number, committeeSize: number): bigint {
  nonNegative(sequencerReward, 'sequencerReward');
  if (!Number.isInteger(committeeSize) || committeeSize < 0)
    throw new ParameterError(`committee size must be a non-negative integer`);
  if (!Number.isInteger(distinctContributors) || distinctContributors < 0 || distinctContributors > committeeSize) {
    throw new ParameterError(
      `contributors (${distinctContributors}) must be between 0 and the committee size (${committeeSize})`,
    );
  }
  if (committeeSize === 0) return 0n;
  return (sequencerReward * BigInt(distinctContributors)) / BigInt(committeeSize);
}

export function settleBlock(input: SettlementInput): Settlement {
  const { params, creditable, credit, sequencer, committeeSize, submitter } = input;
  validateRewardParams(params);
  const payouts: Payout[] = [];
  const provers = proverShares(params, creditable, credit);
  let proverPaid = 0n;
  for (const [account, amount] of [...provers].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    payouts.push({ account, role: 'prover', amount });
    proverPaid += amount;
  }
  const seq = sequencerShare(params.sequencerReward, credit.contributors.length, committeeSize);
  if (seq > 0n) payouts.push({ account: sequencer, role: 'sequencer', amount: seq });
  const sub = submitter === null ? 0n : params.submitterReward;
  if (sub > 0n) payouts.push({ account: submitter!, role: 'submitter', amount: sub });
  const returned = {
    prover: params.proverReward - proverPaid,
    sequencer: params.sequencerReward - seq,
    submitter: params.submitterReward - sub,
    total: 0n,
  };
  returned.total = returned.prover + returned.sequencer + returned.submitter;
  return { total: blockReward(params), payouts, paid: proverPaid + seq + sub, returned };
}
