// The pull-model reward ledger's arithmetic: rewards accrue per account and each account claims
// its own. Immutable: every operation returns a new ledger. Balances never go negative.
import { LedgerError } from './errors.js';
import type { Settlement } from './rewards.js';

export type Ledger = ReadonlyMap<string, bigint>;

export function emptyLedger(): Ledger {
  return new Map();
}

export function balanceOf(ledger: Ledger, account: string): bigint {
  return ledger.get(account) ?? 0n;
}

export function totalOwed(ledger: Ledger): bigint {
  let sum = 0n;
  for (const v of ledger.values()) sum += v;
  return sum;
}

export function accrue(ledger: Ledger, account: string, amount: bigint): Ledger {
  if (typeof amount !== 'bigint' || amount < 0n)
    throw new LedgerError(`accrued amount must be a non-negative bigint, got ${String(amount)}`);
  if (typeof account !== 'string' || account.length === 0) throw new LedgerError('account must be a non-empty string');
  if (amount === 0n) return ledger;
  const next = new Map(ledger);
  next.set(account, balanceOf(ledger, account) + amount);
  return next;
}

export function accrueSettlement(ledger: Ledger, settlement: Settlement): Ledger {
  let next = ledger;
  for (const p of settlement.payouts) next = accrue(next, p.account, p.amount);
  return next;
}

/** Claims `amount` (default: the whole balance). Throws LedgerError when it exceeds the balance. */
export function claim(ledger: Ledger, account: string, amount?: bigint): { ledger: Ledger; claimed: bigint } {
  const balance = balanceOf(ledger, account);
  const want = amount ?? balance;
  if (typeof want !== 'bigint' || want < 0n)
    throw new LedgerError(`claim amount must be a non-negative bigint, got ${String(want)}`);
  if (want > balance) throw new LedgerError(`claim of ${want} exceeds the balance of ${balance}`);
  if (want === 0n) return { ledger, claimed: 0n };
  const next = new Map(ledger);
  if (want === balance) next.delete(account);
  else next.set(account, balance - want);
  return { ledger: next, claimed: want };
}
