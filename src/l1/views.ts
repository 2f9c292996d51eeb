// JSON views the L1 API returns (types shared with the typed client; builders used by the server).
import { elect, electWithSequencer } from '../protocol/index.js';
import type { SnapshotJson } from './commands.js';
import { toHex, fromHex } from './hex.js';
import { toJson } from './json.js';
import { snapshotToJson, type BlockRecord, type L1State, type Receipt, type StakerRecord } from './state.js';

export interface StakerView {
  publicKey: string;
  stake: string;
  missStreak: number;
  ejected: boolean;
  registeredEpoch: number;
  activeFromEpoch: number;
  exitEpoch: number | null;
  active: boolean;
  slashed: string;
}

export interface AccountView {
  publicKey: string;
  nextNonce: number;
  claimableRewards: string;
  claimableStake: string;
}

export interface HeadView {
  number: number;
  hash: string;
  slot: number;
  endState: SnapshotJson;
}

export interface OpenBlockView {
  number: number;
  commitment: string;
  sequencer: string;
  committee: string[];
  treeHeight: number;
  signOffThreshold: number;
  postedSlot: number;
  deadlineSlot: number;
  signers: number;
  header: string;
  transcriptRoot: string;
  /**
   * Nodes pinned so far (first timely reveal, or the sequencer's gap fill): a final proof must
   * carry these provers there. `digest`: the pinned result's proof digest, whose payload the L1
   * checked before pinning it.
   */
  pins: Array<{ level: number; index: number; prover: string; digest: string }>;
}

export interface StatusView {
  chainId: number;
  slot: number;
  epoch: number;
  epochSlots: number;
  randao: string;
  head: HeadView;
  openBlock: OpenBlockView | null;
  activeStakers: number;
  slashingPolicy: string;
  trainingWheel: boolean;
  totals: Record<string, string>;
}

export interface PayoutView {
  account: string;
  role: string;
  amount: string;
}

export interface BlockView {
  number: number;
  hash: string;
  status: 'canonical' | 'missed';
  headerSlot: number;
  postedSlot: number;
  closedSlot: number;
  sequencer: string;
  committee: string[];
  treeHeight: number;
  signOffThreshold: number;
  signers: number;
  contributors: string[];
  creditedNodes: number;
  /** Credited nodes and their provers (the pinned results of a canonical block). */
  credited: Array<{ level: number; index: number; prover: string }>;
  rejectedNodes: number;
  payouts: PayoutView[];
  returned: string;
  submitter: string | null;
  slashes: Array<{ account: string; amount: string; reason: string; ejected: boolean }>;
  missReason?: string;
}

export interface ElectionView {
  prevBlockHash: string;
  /** The slot a block posted now carries (part of the VRF input). */
  slot: number;
  sequencer: string;
  /** Ranked, lowest VRF first. */
  committee: string[];
}

/** Receipts as JSON: bigints as decimal strings. */
export type ReceiptView = Record<string, unknown> & { type: Receipt['type'] };

const pk = (account: string) => `0x${account}`;

export function stakerView(state: L1State, s: StakerRecord): StakerView {
  return {
    publicKey: pk(s.account),
    stake: s.stake.toString(),
    missStreak: s.missStreak,
    ejected: s.ejected,
    registeredEpoch: s.registeredEpoch,
    activeFromEpoch: s.registeredEpoch + state.params.activationDelayEpochs,
    exitEpoch: s.exitEpoch,
    active: state.isActive(s),
    slashed: s.slashed.toString(),
  };
}

export function accountView(state: L1State, account: string): AccountView {
  const c = state.claimable(account);
  return {
    publicKey: pk(account),
    nextNonce: state.nextNonce(account),
    claimableRewards: c.rewards.toString(),
    claimableStake: c.stake.toString(),
  };
}

export function blockView(r: BlockRecord): BlockView {
  return toJson({
    ...r,
    hash: `0x${r.hash}`,
    sequencer: pk(r.sequencer),
    committee: r.committee.map(pk),
    contributors: r.contributors.map(pk),
    credited: r.credited.map((c) => ({ level: c.node.level, index: c.node.index, prover: pk(c.prover) })),
    submitter: r.submitter === null ? null : pk(r.submitter),
    payouts: r.payouts.map((p) => ({ ...p, account: pk(p.account) })),
    slashes: r.slashes.map((s) => ({ ...s, account: pk(s.account) })),
  }) as BlockView;
}

export function statusView(state: L1State): StatusView {
  const p = state.pending;
  return {
    chainId: state.params.chainId,
    slot: state.slot,
    epoch: state.epoch,
    epochSlots: state.params.epochSlots,
    randao: toHex(state.randao),
    head: {
      number: state.head.blockNumber,
      hash: toHex(state.head.blockHash),
      slot: state.head.slot,
      endState: snapshotToJson(state.head.endState),
    },
    openBlock: p
      ? {
          number: p.number,
          commitment: toHex(p.commitment),
          sequencer: pk(p.sequencer),
          committee: p.committee.map(pk),
          treeHeight: p.header.treeHeight,
          signOffThreshold: p.header.signOffThreshold,
          postedSlot: p.postedSlot,
          deadlineSlot: p.deadlineSlot,
          signers: p.signers?.length ?? 0,
          header: toHex(p.headerBytes),
          transcriptRoot: toHex(p.transcriptRoot),
          pins: p.book.pinnedResults().map((pin) => ({ ...pin.node, prover: pk(pin.prover), digest: pk(pin.digest) })),
        }
      : null,
    activeStakers: state.activeAccounts().length,
    slashingPolicy: state.params.slashingPolicy,
    trainingWheel: state.params.trainingWheel,
    totals: toJson(state.totals) as Record<string, string>,
  };
}

export function electionView(state: L1State, committeeSize: number): ElectionView {
  // A block posted now must carry the current slot, which is part of the VRF input.
  const active = state.activeAccounts().map(fromHex);
  const input = { prevBlockHash: state.head.blockHash, slot: state.slot };
  const { sequencer } = state.planOptions();
  const e = sequencer
    ? electWithSequencer(active, input, committeeSize, sequencer)
    : elect(active, input, committeeSize);
  return {
    prevBlockHash: toHex(state.head.blockHash),
    slot: state.slot,
    sequencer: toHex(e.sequencer.publicKey),
    committee: e.committee.map((m) => toHex(m.publicKey)),
  };
}

export function receiptView(receipt: Receipt): ReceiptView {
  if (receipt.type === 'submitProof')
    return { type: receipt.type, number: receipt.number, block: blockView(receipt.record) };
  if (receipt.type === 'postBlock')
    return { ...receipt, commitment: `0x${receipt.commitment}`, committee: receipt.committee.map(pk) } as ReceiptView;
  return toJson(receipt) as ReceiptView;
}
