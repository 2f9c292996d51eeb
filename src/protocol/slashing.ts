// Slashing as pure state transitions over a staker table (account → stake, miss streak, active).
// Slashed stake is burned; stake before = stake after + burned, exactly.
//
// - Inactivity (default policy): a committee member elected for `maxMisses` [3] consecutive
//   elections without participating is slashed `slashAmount` and its streak restarts.
//   Participating = a timely commitment and a valid reveal for a node its assignment gave it,
//   credited or not: the redundant prover under ρ and the second of two colliding paths are
//   active (amended: counting only credit slashed honest provers for being second).
//   Blocks in which it is not elected neither count nor reset the streak. A staker whose stake
//   falls below `minStake` is ejected (inactive).
// - Slash-all-on-miss (the forum's alternative): whenever a block's proof is missed, the sequencer
//   and every committee member are slashed `slashAmount`, with the same ejection rule.
import { ParameterError } from './errors.js';
import { DEFAULTS } from './params.js';

export interface StakerState {
  readonly stake: bigint;
  readonly missStreak: number;
  readonly active: boolean;
}

export type StakerTable = ReadonlyMap<string, StakerState>;

export interface SlashingParams {
  readonly slashAmount: bigint;
  readonly minStake: bigint;
  readonly maxMisses?: number;
}

export type SlashReason = 'inactivity' | 'missed-proof';

export interface SlashEvent {
  readonly account: string;
  readonly amount: bigint;
  readonly reason: SlashReason;
  readonly ejected: boolean;
}

export interface SlashingOutcome {
  readonly table: StakerTable;
  readonly events: readonly SlashEvent[];
  readonly burned: bigint;
}

function checkParams(p: SlashingParams): number {
  if (typeof p.slashAmount !== 'bigint' || p.slashAmount < 0n)
    throw new ParameterError('slashAmount must be a non-negative bigint');
  if (typeof p.minStake !== 'bigint' || p.minStake < 0n)
    throw new ParameterError('minStake must be a non-negative bigint');
  const maxMisses = p.maxMisses ?? DEFAULTS.maxMisses;
  if (!Number.isInteger(maxMisses) || maxMisses < 1)
    throw new ParameterError(`maxMisses must be a positive integer, got ${maxMisses}`);
  return maxMisses;
}

function lookup(table: StakerTable, account: string): StakerState {
  const s = table.get(account);
  if (!s) throw new ParameterError(`unknown staker ${account.slice(0, 16)}…`);
  return s;
}

function slash(state: StakerState, p: SlashingParams): { state: StakerState; amount: bigint; ejected: boolean } {
  const amount = state.stake < p.slashAmount ? state.stake : p.slashAmount;
  const stake = state.stake - amount;
  const ejected = state.active && stake < p.minStake;
  return { state: { stake, missStreak: 0, active: state.active && !ejected }, amount, ejected };
}

export function applyInactivity(
  table: StakerTable,
  block: { readonly committee: readonly string[]; readonly participants: readonly string[] },
  params: SlashingParams,
): SlashingOutcome {
  const maxMisses = checkParams(params);
  const participated = new Set(block.participants);
  const next = new Map(table);
  const events: SlashEvent[] = [];
  let burned = 0n;
  for (const account of new Set(block.committee)) {
    const s = lookup(table, account);
    if (participated.has(account)) {
      next.set(account, { ...s, missStreak: 0 });
      continue;
    }
    const missed = { ...s, missStreak: s.missStreak + 1 };
    if (missed.missStreak < maxMisses) {
      next.set(account, missed);
      continue;
    }
    const r = slash(missed, params);
    next.set(account, r.state);
    events.push({ account, amount: r.amount, reason: 'inactivity', ejected: r.ejected });
    burned += r.amount;
  }
  return { table: next, events, burned };
}

export function applySlashAllOnMiss(
  table: StakerTable,
  block: { readonly sequencer: string; readonly committee: readonly string[]; readonly proofMissed: boolean },
  params: SlashingParams,
): SlashingOutcome {
  checkParams(params);
  if (!block.proofMissed) return { table, events: [], burned: 0n };
  const next = new Map(table);
  const events: SlashEvent[] = [];
  let burned = 0n;
  for (const account of new Set([block.sequencer, ...block.committee])) {
    const r = slash(lookup(table, account), params);
    next.set(account, r.state);
    events.push({ account, amount: r.amount, reason: 'missed-proof', ejected: r.ejected });
    burned += r.amount;
  }
  return { table: next, events, burned };
}

export function totalStake(table: StakerTable): bigint {
  let sum = 0n;
  for (const s of table.values()) sum += s.stake;
  return sum;
}
