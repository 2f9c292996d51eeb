// The L1's read-only queries, shared by the HTTP API and the in-process client: one definition of
// what each read returns.
import { accountView, blockView, electionView, stakerView, statusView } from './views.js';
import type { AccountView, BlockView, ElectionView, StakerView, StatusView } from './views.js';
import type { L1State } from './state.js';

export function queryStatus(state: L1State): StatusView {
  return statusView(state);
}

export function queryStaker(state: L1State, account: string): StakerView | null {
  const s = state.stakers.get(account);
  return s ? stakerView(state, s) : null;
}

export function queryStakers(state: L1State): StakerView[] {
  return [...state.stakers.values()].map((s) => stakerView(state, s));
}

export function queryAccount(state: L1State, account: string): AccountView {
  return accountView(state, account);
}

/** The latest attempt at this number (a missed attempt is followed by a new one). */
export function queryBlock(state: L1State, number: number): BlockView | null {
  const records = state.blocks.filter((b) => b.number === number);
  return records.length ? blockView(records[records.length - 1]!) : null;
}

export function queryBlocks(state: L1State, from: number, limit: number): BlockView[] {
  return state.blocks.slice(from, from + limit).map(blockView);
}

export function queryElection(state: L1State, committeeSize: number): ElectionView {
  return electionView(state, committeeSize);
}
