// What the staker's dashboard shows, as plain data built from what the tab observes: the L1's
// status, account, staker record and closed blocks; the participant's events; the transport's
// relay and peers; the store's jobs. Pure (no DOM, no I/O, the clock passed in), so every rule
// here is unit-tested; dashboard-view.ts draws it and session.ts feeds it.
import type { AccountView, BlockView, StakerView, StatusView } from '../l1/views.js';
import type { ParticipantEvent } from '../participant/participant.js';
import { blockAssignment, dutyOf, nodeKey, openBlockFromView, pinsOf } from '../participant/duties.js';
import type { JobRecord } from '../participant/ports/store.js';
import { bytesToHex, hexToBytes } from '../protocol/bytes.js';
import { allNodes, vrf } from '../protocol/index.js';
import type { NodeState, ProofTreeView, TreeNodeView } from './proof-tree.js';

/** Consecutive elections without participating that get a staker slashed (DESIGN.md §2). */
export const SLASH_AFTER_MISSES = 3;
const MAX_BLOCKS = 12;
const MAX_LOG = 200;

const unprefix = (h: string) => (h.startsWith('0x') ? h.slice(2) : h).toLowerCase();
export const shortKey = (hex: string) => unprefix(hex).slice(0, 8);

export type LinkState = 'connecting' | 'up' | 'down';

export interface LinkView {
  state: LinkState;
  /** Words for the staker: what is wrong and what the tab does about it. */
  detail: string;
  /** When the state last changed (ms since the epoch). */
  since: number;
}

export interface BlockCard {
  number: number;
  commitment: string;
  postedSlot: number;
  deadlineSlot: number;
  treeHeight: number;
  sequencer: string;
  committee: string[];
  /** This key's VRF output for the block (hex, 64 digits): computed by anyone, for anyone. */
  myVrf: string;
  /** Committee rank (0 = lowest VRF), -1 when not elected. */
  rank: number;
  role: 'sequencer' | 'committee' | 'not elected';
  /** Node keys this key is assigned. */
  assigned: string[];
  /** Members (hex) assigned to each node key. */
  assignees: Record<string, string[]>;
  /** Node key → who proved it on the L1 (pins of the open block, credits of the closed one). */
  provedBy: Record<string, string>;
  /** Node key → this tab's own progress on it. */
  mine: Record<string, 'proving' | 'proved' | 'revealed'>;
  chunks: { needed: number; fetched: number };
  signedOff: boolean;
  status: 'open' | 'canonical' | 'missed';
  /** Paid to this key for the block (canonical blocks). */
  earned: bigint;
  missReason?: string;
}

export interface LogEntry {
  at: number;
  tone: 'info' | 'good' | 'warn' | 'bad';
  text: string;
}

export interface DashboardState {
  publicKey: string;
  l1: LinkView & { slot: number | null; url: string };
  /** The first and the latest slot change seen, to estimate the slot time (the API does not give it). */
  slots: { first: { slot: number; at: number } | null; last: { slot: number; at: number } | null };
  relay: LinkView & { addresses: string[] };
  peers: string[];
  linkedPeers: number;
  staker: StakerView | null;
  account: AccountView | null;
  proving: boolean;
  blocks: BlockCard[];
  jobs: JobRecord[];
  /** Measured proof times on this device (ms), by kind. */
  proofMs: { leaf: number[]; merge: number[] };
  claimed: bigint;
  log: LogEntry[];
}

export function initialState(
  publicKeyHex: string,
  l1Url: string,
  relays: readonly string[],
  now: number,
): DashboardState {
  return {
    publicKey: unprefix(publicKeyHex),
    l1: { state: 'connecting', detail: `Connecting to the L1 at ${l1Url}…`, since: now, slot: null, url: l1Url },
    slots: { first: null, last: null },
    relay: {
      state: relays.length ? 'connecting' : 'down',
      detail: relays.length
        ? 'Joining the network through the relay…'
        : 'No relay address: the server that serves this page did not name one.',
      since: now,
      addresses: [...relays],
    },
    peers: [],
    linkedPeers: 0,
    staker: null,
    account: null,
    proving: true,
    blocks: [],
    jobs: [],
    proofMs: { leaf: [], merge: [] },
    claimed: 0n,
    log: [],
  };
}

export function log(s: DashboardState, at: number, tone: LogEntry['tone'], text: string): void {
  s.log.unshift({ at, tone, text });
  s.log.length = Math.min(s.log.length, MAX_LOG);
}

function setLink<T extends LinkView>(link: T, state: LinkState, detail: string, now: number): boolean {
  const changed = link.state !== state;
  if (changed) link.since = now;
  link.state = state;
  link.detail = detail;
  return changed;
}

/** One answer of the L1 (the participant's status polls pass through here). */
export function onL1Status(s: DashboardState, status: StatusView, now: number): void {
  const was = s.l1.state;
  if (setLink(s.l1, 'up', `The L1 at ${s.l1.url} answers.`, now) && was === 'down')
    log(s, now, 'good', 'The L1 answers again; the tab carries on.');
  if (s.l1.slot !== status.slot) {
    // Only a change marks a slot boundary (to within the polling interval).
    if (s.l1.slot !== null) {
      s.slots.first ??= { slot: status.slot, at: now };
      s.slots.last = { slot: status.slot, at: now };
    }
    s.l1.slot = status.slot;
  }
  const open = status.openBlock;
  if (!open) return;
  let card = s.blocks.find((b) => b.number === open.number && b.commitment === unprefix(open.commitment));
  if (!card) {
    card = newCard(s, open);
    s.blocks = [card, ...s.blocks.filter((b) => b.number !== open.number)].slice(0, MAX_BLOCKS);
    log(
      s,
      now,
      card.rank >= 0 ? 'good' : 'info',
      card.rank >= 0
        ? `Block ${card.number}: elected, rank ${card.rank} of ${card.committee.length}; assigned ${card.assigned.join(', ') || 'nothing (the sequencer covers)'}.`
        : `Block ${card.number}: ${card.role === 'sequencer' ? 'sequencer' : 'not elected'} (committee of ${card.committee.length}).`,
    );
  }
  for (const [node, prover] of pinsOf(open)) card.provedBy[node] = prover;
}

function newCard(s: DashboardState, open: NonNullable<StatusView['openBlock']>): BlockCard {
  const block = openBlockFromView(open);
  const assignment = blockAssignment(block);
  const duty = dutyOf(block, assignment, s.publicKey);
  const assignees: Record<string, string[]> = {};
  for (const node of allNodes(block.header.treeHeight))
    assignees[nodeKey(node)] = assignment.creditableProvers(node).map(unprefix);
  const myVrf = vrf(hexToBytes(s.publicKey), block.header.prevBlockHash, block.header.slot);
  return {
    number: block.number,
    commitment: block.commitmentHex,
    postedSlot: block.postedSlot,
    deadlineSlot: block.deadlineSlot,
    treeHeight: block.header.treeHeight,
    sequencer: block.sequencer,
    committee: [...block.committee],
    myVrf: myVrf.toString(16).padStart(64, '0'),
    rank: duty.rank,
    role: block.sequencer === s.publicKey ? 'sequencer' : duty.rank >= 0 ? 'committee' : 'not elected',
    assigned: duty.nodes.map(nodeKey),
    assignees,
    provedBy: {},
    mine: {},
    chunks: { needed: duty.chunks.length, fetched: 0 },
    signedOff: false,
    status: 'open',
    earned: 0n,
  };
}

/** The L1 did not answer. */
export function onL1Down(s: DashboardState, reason: string, now: number): void {
  if (
    setLink(
      s.l1,
      'down',
      `The L1 at ${s.l1.url} does not answer (${reason}). Retrying every few seconds; proving resumes when it is back.`,
      now,
    )
  )
    log(s, now, 'bad', `Lost the L1: ${reason}. Retrying.`);
}

/** A closed block as the L1 reports it: credits, payouts, slashes. */
export function onBlockClosed(s: DashboardState, view: BlockView, now: number): void {
  const card = s.blocks.find((b) => b.number === view.number);
  if (card?.status !== 'open') return;
  card.status = view.status;
  card.missReason = view.missReason;
  for (const c of view.credited) card.provedBy[`${c.level}/${c.index}`] = unprefix(c.prover);
  card.earned = view.payouts
    .filter((p) => unprefix(p.account) === s.publicKey)
    .reduce((sum, p) => sum + BigInt(p.amount), 0n);
  const mine = view.credited.filter((c) => unprefix(c.prover) === s.publicKey).length;
  if (view.status === 'canonical')
    log(
      s,
      now,
      card.earned > 0n ? 'good' : 'info',
      `Block ${view.number} is canonical: ${view.creditedNodes} nodes credited, ${mine} of them mine; earned ${card.earned}.`,
    );
  else log(s, now, 'warn', `Block ${view.number} was missed${view.missReason ? `: ${view.missReason}` : ''}.`);
  if (card.rank >= 0 && card.assigned.length > 0 && !card.assigned.some((n) => card.provedBy[n] === s.publicKey))
    log(
      s,
      now,
      'warn',
      `Missed duty in block ${view.number}: none of ${card.assigned.join(', ')} counted for this key.`,
    );
  for (const slash of view.slashes)
    if (unprefix(slash.account) === s.publicKey)
      log(
        s,
        now,
        'bad',
        `Slashed ${slash.amount} in block ${view.number}: ${slash.reason}${slash.ejected ? ' (ejected)' : ''}.`,
      );
}

export function onParticipantEvent(s: DashboardState, e: ParticipantEvent, now: number): void {
  const card = 'number' in e && e.number !== undefined ? s.blocks.find((b) => b.number === e.number) : undefined;
  switch (e.type) {
    case 'block':
      log(
        s,
        now,
        'info',
        `Block ${e.number}: fetching ${e.chunks.length} transcript chunks for ${e.nodes.join(', ')}.`,
      );
      return;
    case 'chunk':
      if (card) card.chunks.fetched++;
      log(
        s,
        now,
        'info',
        e.stored
          ? `Block ${e.number}: chunk ${e.index} checked, from this browser's store (fetched before the reload).`
          : `Block ${e.number}: chunk ${e.index} checked, from ${shortPeer(e.from)}.`,
      );
      return;
    case 'chunk-rejected':
      log(s, now, 'warn', `Block ${e.number}: chunk ${e.index} from ${shortPeer(e.from)} refused: ${e.reason}`);
      return;
    case 'signed-off':
      if (card) card.signedOff = true;
      log(s, now, 'info', `Block ${e.number}: signed off (holds its chunks).`);
      return;
    case 'proving':
      if (card) card.mine[e.node] = 'proving';
      log(s, now, 'info', `Block ${e.number}: proving ${e.node} on the worker pool.`);
      return;
    case 'proved': {
      if (card) card.mine[e.node] = 'proved';
      (e.node.startsWith('0/') ? s.proofMs.leaf : s.proofMs.merge).push(e.ms);
      log(s, now, 'good', `Block ${e.number}: proved ${e.node} in ${(e.ms / 1000).toFixed(1)} s.`);
      return;
    }
    case 'resumed':
      if (card) card.mine[e.node] = e.state === 'published' ? 'revealed' : 'proved';
      log(
        s,
        now,
        'good',
        `Block ${e.number}: ${e.node} resumed from this browser's store (${e.state === 'published' ? 'already published' : 'already proved, publishing'}).`,
      );
      return;
    case 'revealed':
      if (card) card.mine[e.node] = 'revealed';
      log(
        s,
        now,
        e.outcome === 'pinned' ? 'good' : 'warn',
        `Block ${e.number}: revealed ${e.node} on the L1 (${e.outcome}).`,
      );
      return;
    case 'payload-rejected':
      log(s, now, 'warn', `Block ${e.number}: payload of ${e.node} from ${shortPeer(e.holder)} refused: ${e.reason}`);
      return;
    case 'claimed':
      s.claimed += BigInt(e.amount);
      log(s, now, 'good', `Claimed ${e.amount} in rewards.`);
      return;
    case 'pruned':
      log(s, now, 'info', `Freed storage of older blocks: ${e.jobs} jobs, ${e.chunks} chunks, ${e.results} results.`);
      return;
    case 'error':
      log(s, now, 'bad', e.number === undefined ? e.message : `Block ${e.number}: ${e.message}`);
      return;
  }
}

const shortPeer = (peer: string) => (peer.length > 12 ? `…${peer.slice(-8)}` : peer);

/** The transport's view of the network: the relay connection and the direct peers. */
export function onNetwork(
  s: DashboardState,
  net: { relayConnected: boolean; peers: string[]; linkedPeers: number },
  now: number,
): void {
  s.peers = net.peers;
  s.linkedPeers = net.linkedPeers;
  if (s.relay.addresses.length === 0) return;
  if (net.relayConnected) {
    const was = s.relay.state;
    if (setLink(s.relay, 'up', `Connected to the relay; ${net.peers.length} direct WebRTC peers.`, now))
      log(s, now, 'good', was === 'down' ? 'Reconnected to the relay.' : 'Joined the network through the relay.');
    else s.relay.detail = `Connected to the relay; ${net.peers.length} direct WebRTC peers.`;
  } else if (
    setLink(
      s.relay,
      'down',
      `The relay does not answer; reconnecting every second. ${net.peers.length} direct peers still connected.`,
      now,
    )
  )
    log(s, now, 'bad', 'Lost the relay; reconnecting.');
}

export function onStaker(s: DashboardState, staker: StakerView | null, account: AccountView, now: number): void {
  const before = s.staker;
  s.staker = staker;
  s.account = account;
  if (staker && before && staker.missStreak > before.missStreak)
    log(s, now, 'warn', `Missed an election's duty: ${staker.missStreak} of ${SLASH_AFTER_MISSES} in a row.`);
  if (staker && before && !before.active && staker.active)
    log(s, now, 'good', 'The stake is active: this key can be elected.');
}

/** Warnings the staker must see: missed duties, slashing, ejection, connection trouble. */
export function warnings(s: DashboardState): string[] {
  const out: string[] = [];
  const st = s.staker;
  if (st?.ejected) out.push('This key was ejected (stake below the minimum after slashing): it is no longer elected.');
  else if (st && st.missStreak > 0)
    out.push(
      `Slashing warning: ${st.missStreak} of ${SLASH_AFTER_MISSES} consecutive elections without participating. Keep this tab proving.`,
    );
  if (st && BigInt(st.slashed) > 0n) out.push(`Slashed so far: ${st.slashed}.`);
  const missed = s.blocks.filter(
    (b) => b.status !== 'open' && b.assigned.length > 0 && !b.assigned.some((n) => b.provedBy[n] === s.publicKey),
  );
  if (missed.length > 0)
    out.push(`Missed duties in block${missed.length > 1 ? 's' : ''} ${missed.map((b) => b.number).join(', ')}.`);
  if (!s.proving) out.push('Proving is stopped: if this key is elected it will miss its duty.');
  return out;
}

/** The proof tree of a block as the picture draws it. */
export function treeView(s: DashboardState, card: BlockCard): ProofTreeView {
  const nodes: TreeNodeView[] = [];
  for (const node of allNodes(card.treeHeight)) {
    const key = nodeKey(node);
    const by = card.provedBy[key];
    const own = card.mine[key];
    const assignees = card.assignees[key] ?? [];
    const mine = card.assigned.includes(key) || own !== undefined || by === s.publicKey;
    let state: NodeState;
    if (card.status === 'canonical') state = by !== undefined ? 'credited' : 'lost';
    else if (card.status === 'missed') state = 'lost';
    else if (by !== undefined) state = 'pinned';
    else if (own === 'proving') state = 'proving';
    else if (own === 'proved' || own === 'revealed') state = 'proved';
    else state = assignees.length > 0 ? 'assigned' : 'open';
    const who =
      by !== undefined
        ? name(s, card, by)
        : own !== undefined
          ? 'me'
          : assignees.length > 0
            ? assignees.map((a) => name(s, card, a)).join(', ')
            : 'sequencer';
    nodes.push({ ...node, state, mine, who });
  }
  return { treeHeight: card.treeHeight, nodes };
}

/** A key as the dashboard names it: me, the sequencer, a committee rank, or a short key. */
export function name(s: DashboardState, card: Pick<BlockCard, 'sequencer' | 'committee'>, keyHex: string): string {
  const k = unprefix(keyHex);
  if (k === s.publicKey) return 'me';
  if (k === card.sequencer) return 'sequencer';
  const rank = card.committee.indexOf(k);
  return rank >= 0 ? `rank ${rank}` : shortKey(k);
}

/** Rewards: earned in the blocks seen, claimable on the L1 now, claimed from this tab. */
export function rewards(s: DashboardState): { earned: bigint; claimable: bigint; claimed: bigint } {
  return {
    earned: s.blocks.reduce((sum, b) => sum + b.earned, 0n),
    claimable: s.account ? BigInt(s.account.claimableRewards) : 0n,
    claimed: s.claimed,
  };
}

/** Milliseconds per slot as observed, or null before two slot changes were seen. */
export function slotMs(s: DashboardState): number | null {
  const { first, last } = s.slots;
  if (!first || !last || last.slot <= first.slot) return null;
  return (last.at - first.at) / (last.slot - first.slot);
}

const median = (xs: readonly number[]) => (xs.length ? [...xs].sort((a, b) => a - b)[xs.length >> 1]! : null);

export interface CapacityView {
  /** How much faster a 16-thread device of the same speed per thread would be (1 when this one has 16+). */
  targetSpeedup: number;
  /** Median leaf proof on this device (ms), when one was measured. */
  leafMs: number | null;
  mergeMs: number | null;
  /** Leaves this device could prove within a block's proof window, and that as a share of the block. */
  leavesPerWindow: number | null;
  share: number | null;
  words: string;
}

/**
 * The share of a block this device can carry: with its pool of `poolSize` workers and its median
 * leaf time, how many of the block's 2^k leaves it proves within the block's proof window.
 */
export function capacity(s: DashboardState, device: { poolSize: number; targetThreads: number }): CapacityView {
  const leafMs = median(s.proofMs.leaf);
  const mergeMs = median(s.proofMs.merge);
  const targetSpeedup = Math.max(1, device.targetThreads / Math.max(1, device.poolSize));
  const block = s.blocks[0];
  const ms = slotMs(s);
  const slower =
    targetSpeedup > 1
      ? ` A ${device.targetThreads}-thread device of the same speed per thread would be about ${targetSpeedup.toFixed(1)}× faster.`
      : '';
  if (leafMs === null || !block || ms === null)
    return {
      targetSpeedup,
      leafMs,
      mergeMs,
      leavesPerWindow: null,
      share: null,
      words: `Measured after this device's first leaf proof.${slower}`,
    };
  const windowMs = Math.max(1, block.deadlineSlot - block.postedSlot) * ms;
  const leaves = 2 ** block.treeHeight;
  const leavesPerWindow = Math.floor((device.poolSize * windowMs) / leafMs);
  const share = Math.min(1, leavesPerWindow / leaves);
  return {
    targetSpeedup,
    leafMs,
    mergeMs,
    leavesPerWindow,
    share,
    words:
      `${Math.round(share * 100)} % of a ${leaves}-leaf block: about ${leavesPerWindow} leaf proofs ` +
      `(${(leafMs / 1000).toFixed(1)} s each on ${device.poolSize} worker${device.poolSize === 1 ? '' : 's'}) ` +
      `within its ${(windowMs / 1000).toFixed(0)} s proof window.${slower}`,
  };
}

export { bytesToHex };
