// The L1 state machine: staking registry, slot clock and randao, block commitments, sign-off
// and commit–reveal bookkeeping, final proofs, the reward ledger and claims. Every rule comes
// from src/protocol; this file only keeps state and decides what to call when.
//
// `apply` is synchronous and deterministic: signatures and proofs were checked before a command
// reached it (see node.ts), so replaying the command log rebuilds exactly the same state. A
// command that breaks a rule throws before it mutates anything.
import {
  CommitRevealBook,
  accrueSettlement,
  applyInactivity,
  applySlashAllOnMiss,
  assertHeaderExtends,
  balanceOf,
  blockCommitment,
  claim as claimFromLedger,
  creditBlock,
  decodeHeader,
  decodeResult,
  decodeResultCommitment,
  decodeSignOff,
  emptyLedger,
  isActiveAt,
  planBlock,
  proverHex,
  settleBlock,
  totalOwed,
  type Assignment,
  type BlockHeader,
  type Election,
  type Ledger,
  type ParentBlock,
  type Payout,
  type ProvedNode,
  type SlashEvent,
  type StakerState,
  type StateSnapshot,
  type CommitOutcome,
  type RevealOutcome,
  type RevealCheck,
  type CreditedNode,
  nodeId,
} from '../protocol/index.js';
import type { L1Command, SignedCommand, SnapshotJson, SubmitProofCommand } from './commands.js';
import { NonceError, ProofRejectedError, StateRuleError } from './errors.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { equalBytes, fromHex, hashParts, uintBytes } from './hex.js';
import type { L1Params } from './params.js';

export interface StakerRecord {
  readonly account: string;
  stake: bigint;
  missStreak: number;
  /** Ejected below the minimum stake. */
  ejected: boolean;
  registeredEpoch: number;
  /** First epoch in which the staker is no longer active (exit or ejection), if any. */
  exitEpoch: number | null;
  /** Remaining stake moved to the claimable balance. */
  released: boolean;
  slashed: bigint;
}

export interface PendingBlock {
  readonly number: number;
  readonly header: BlockHeader;
  readonly headerBytes: Uint8Array;
  readonly transcriptRoot: Uint8Array;
  readonly commitment: Uint8Array;
  readonly sequencer: string;
  /** Committee accounts by rank (rank 0 = lowest VRF). */
  readonly committee: readonly string[];
  readonly election: Election;
  readonly assignment: Assignment;
  readonly book: CommitRevealBook;
  readonly postedSlot: number;
  readonly deadlineSlot: number;
  /** Ranks of the best recorded M-of-N sign-off. */
  signers: readonly number[] | null;
}

export type BlockStatus = 'canonical' | 'missed';

export interface BlockRecord {
  readonly number: number;
  readonly hash: string;
  readonly status: BlockStatus;
  readonly headerSlot: number;
  readonly postedSlot: number;
  readonly closedSlot: number;
  readonly sequencer: string;
  readonly committee: readonly string[];
  readonly treeHeight: number;
  readonly signOffThreshold: number;
  readonly signers: number;
  readonly contributors: readonly string[];
  readonly creditedNodes: number;
  /** The credited (node, prover) pairs, root first. */
  readonly credited: readonly CreditedNode[];
  readonly rejectedNodes: number;
  readonly payouts: readonly Payout[];
  readonly returned: bigint;
  readonly submitter: string | null;
  readonly slashes: readonly SlashEvent[];
  readonly missReason?: string;
}

export type L1Event =
  | { type: 'registered'; account: string; stake: bigint; activeFromEpoch: number }
  | { type: 'exitRequested'; account: string; exitEpoch: number }
  | { type: 'blockPosted'; number: number; sequencer: string; committee: readonly string[]; commitment: string }
  | { type: 'signedOff'; number: number; signers: number }
  | { type: 'blockCanonical'; record: BlockRecord }
  | { type: 'blockMissed'; record: BlockRecord }
  | { type: 'slashed'; event: SlashEvent; number: number }
  | { type: 'stakeReleased'; account: string; amount: bigint }
  | { type: 'claimed'; account: string; rewards: bigint; stake: bigint };

export type Receipt =
  | { type: 'advance'; slot: number; missed: number | null }
  | { type: 'register'; account: string; activeFromEpoch: number }
  | { type: 'exit'; account: string; exitEpoch: number }
  | { type: 'postBlock'; number: number; commitment: string; committee: readonly string[]; deadlineSlot: number }
  | { type: 'signOff'; number: number; signers: number }
  | { type: 'commitResult'; outcome: CommitOutcome }
  | { type: 'revealResult'; outcome: RevealOutcome }
  | { type: 'submitProof'; number: number; record: BlockRecord }
  | { type: 'claim'; rewards: bigint; stake: bigint };

export function snapshotFromJson(s: SnapshotJson): StateSnapshot {
  return {
    noteRoot: BigInt(s.noteRoot),
    noteNextIndex: s.noteNextIndex,
    nullifierRoot: BigInt(s.nullifierRoot),
    nullifierNextIndex: s.nullifierNextIndex,
  };
}

export function snapshotToJson(s: StateSnapshot): SnapshotJson {
  return {
    noteRoot: s.noteRoot.toString(),
    noteNextIndex: s.noteNextIndex,
    nullifierRoot: s.nullifierRoot.toString(),
    nullifierNextIndex: s.nullifierNextIndex,
  };
}

/** What the block verifier established, in the command log's JSON form. */
export function verifiedOutcomeToJson(outcome: {
  endState: StateSnapshot;
  provedNodes: readonly ProvedNode[];
}): SubmitProofCommand['outcome'] {
  return {
    endState: snapshotToJson(outcome.endState),
    provedNodes: outcome.provedNodes.map((n) => ({
      level: n.node.level,
      index: n.node.index,
      prover: proverHex(n.prover),
      ...(n.instance === undefined ? {} : { instance: n.instance.toLowerCase() }),
    })),
  };
}

export function genesisBlockHash(chainId: number): Uint8Array {
  return hashParts('fernet-l1/genesis-block', uintBytes(chainId, 4));
}

/** Value flows the L1 has seen, in base units. */
export interface L1Totals {
  issued: bigint;
  returned: bigint;
  burned: bigint;
  claimedRewards: bigint;
  claimedStake: bigint;
  staked: bigint;
}

export class L1State {
  // Every field is private: reads go through the getters below (read-only types), writes only
  // through apply(command), so what the log replays is all that ever changes the state.
  #slot = 0;
  #randao: Uint8Array;
  #head: ParentBlock;
  #pending: PendingBlock | null = null;
  readonly #stakers = new Map<string, StakerRecord>();
  readonly #blocks: BlockRecord[] = [];
  /** Next expected nonce per account (stakers and anyone else who signs calls). */
  private readonly nonces = new Map<string, number>();
  #ledger: Ledger = emptyLedger();
  readonly #releasedStake = new Map<string, bigint>();
  readonly #totals: L1Totals = {
    issued: 0n,
    returned: 0n,
    burned: 0n,
    claimedRewards: 0n,
    claimedStake: 0n,
    staked: 0n,
  };
  private readonly listeners: Array<(event: L1Event) => void> = [];

  get slot(): number {
    return this.#slot;
  }
  get randao(): Uint8Array {
    return this.#randao.slice();
  }
  get head(): Readonly<ParentBlock> {
    return this.#head;
  }
  /** The open block, if any. */
  get pending(): Readonly<PendingBlock> | null {
    return this.#pending;
  }
  get stakers(): ReadonlyMap<string, Readonly<StakerRecord>> {
    return this.#stakers;
  }
  /** Closed blocks (canonical and missed), in closing order. */
  get blocks(): readonly BlockRecord[] {
    return this.#blocks;
  }
  get ledger(): Readonly<Ledger> {
    return this.#ledger;
  }
  get releasedStake(): ReadonlyMap<string, bigint> {
    return this.#releasedStake;
  }
  get totals(): Readonly<L1Totals> {
    return this.#totals;
  }

  constructor(readonly params: L1Params) {
    this.#randao = hashParts('fernet-l1/genesis-randao', uintBytes(params.chainId, 4));
    this.#head = {
      chainId: params.chainId,
      blockNumber: 0,
      blockHash: genesisBlockHash(params.chainId),
      slot: 0,
      endState: params.genesisState,
    };
  }

  onEvent(listener: (event: L1Event) => void): void {
    this.listeners.push(listener);
  }

  private emit(event: L1Event): void {
    for (const l of this.listeners) l(event);
  }

  get epoch(): number {
    return Math.floor(this.#slot / this.params.epochSlots);
  }

  nextNonce(account: string): number {
    return this.nonces.get(account) ?? 0;
  }

  /** Stakers that take part in elections now, in registration order. */
  activeAccounts(epoch = this.epoch): string[] {
    const out: string[] = [];
    for (const s of this.#stakers.values()) if (this.isActive(s, epoch)) out.push(s.account);
    return out;
  }

  isActive(s: StakerRecord, epoch = this.epoch): boolean {
    return (
      !s.ejected &&
      isActiveAt(s.registeredEpoch, epoch, this.params.activationDelayEpochs) &&
      (s.exitEpoch === null || epoch < s.exitEpoch)
    );
  }

  claimable(account: string): { rewards: bigint; stake: bigint } {
    return { rewards: balanceOf(this.#ledger, account), stake: this.#releasedStake.get(account) ?? 0n };
  }

  totalOwed(): bigint {
    return totalOwed(this.#ledger);
  }

  apply(command: L1Command): Receipt {
    if (command.type === 'advance') return this.advance(command.slot);
    this.checkNonce(command);
    const receipt = this.applySigned(command);
    // Only a command that passed every rule consumes its nonce.
    this.nonces.set(command.account, command.nonce + 1);
    return receipt;
  }

  /** Throws NonceError when `account` already used `nonce` (a replay). */
  assertNonceUnused(account: string, nonce: number): void {
    const expected = this.nextNonce(account);
    if (nonce < expected)
      throw new NonceError(
        `nonce ${nonce} was already used by this account (replay?); next is ${expected}`,
        expected,
        nonce,
      );
  }

  private checkNonce(command: SignedCommand): void {
    this.assertNonceUnused(command.account, command.nonce);
    const expected = this.nextNonce(command.account);
    if (command.nonce !== expected)
      throw new NonceError(
        `nonce ${command.nonce} is ahead of the account's next nonce ${expected}`,
        expected,
        command.nonce,
      );
  }

  private applySigned(c: SignedCommand): Receipt {
    switch (c.type) {
      case 'register':
        return this.register(c.account, BigInt(c.stake));
      case 'exit':
        return this.exit(c.account);
      case 'postBlock':
        return this.postBlock(c.account, fromHex(c.header), fromHex(c.transcriptRoot));
      case 'signOff':
        return this.signOff(c.blockNumber, fromHex(c.signOff));
      case 'commitResult':
        return this.commitResult(c.account, fromHex(c.commitment));
      case 'revealResult':
        return this.revealResult(c.account, fromHex(c.result), { instance: c.instance, children: c.children });
      case 'submitProof':
        return this.submitProof(c);
      case 'claim':
        return this.claim(c.account);
      default:
        // Only reachable from a log written by another version.
        throw new StateRuleError(`unknown command type "${String((c as { type: unknown }).type)}"`);
    }
  }

  // --- clock -----------------------------------------------------------------------------------

  private advance(slot: number): Receipt {
    if (!Number.isSafeInteger(slot) || slot <= this.#slot)
      throw new StateRuleError(`the clock only moves forward: slot ${slot} is not after ${this.#slot}`);
    // Simulated randao: a hash chain over the slots the clock stopped at (deterministic on replay).
    this.#randao = hashParts('fernet-l1/randao', this.#randao, uintBytes(slot, 8));
    this.#slot = slot;
    let missed: number | null = null;
    if (this.#pending && slot >= this.#pending.deadlineSlot) {
      missed = this.#pending.number;
      this.missPending('no valid final proof with an M-of-N sign-off before the deadline');
    }
    this.releaseStakes();
    return { type: 'advance', slot, missed };
  }

  private releaseStakes(): void {
    for (const s of this.#stakers.values()) {
      if (s.released || s.exitEpoch === null || this.epoch < s.exitEpoch + this.params.withdrawalDelayEpochs) continue;
      s.released = true;
      if (s.stake > 0n) this.#releasedStake.set(s.account, (this.#releasedStake.get(s.account) ?? 0n) + s.stake);
      this.emit({ type: 'stakeReleased', account: s.account, amount: s.stake });
      this.#totals.staked -= s.stake;
      s.stake = 0n;
    }
  }

  // --- registry --------------------------------------------------------------------------------

  /** Throws StateRuleError unless `account` may register with `stake` now. */
  assertRegistrable(account: string, stake: bigint): void {
    if (this.#stakers.has(account)) throw new StateRuleError('this key is already registered (a key registers once)');
    if (stake < this.params.minStake)
      throw new StateRuleError(`stake ${stake} is below the minimum stake ${this.params.minStake}`);
    if (stake > this.params.maxStake)
      throw new StateRuleError(`stake ${stake} is above the maximum stake ${this.params.maxStake}`);
  }

  private register(account: string, stake: bigint): Receipt {
    this.assertRegistrable(account, stake);
    const registeredEpoch = this.epoch;
    this.#stakers.set(account, {
      account,
      stake,
      missStreak: 0,
      ejected: false,
      registeredEpoch,
      exitEpoch: null,
      released: false,
      slashed: 0n,
    });
    this.#totals.staked += stake;
    const activeFromEpoch = registeredEpoch + this.params.activationDelayEpochs;
    this.emit({ type: 'registered', account, stake, activeFromEpoch });
    return { type: 'register', account, activeFromEpoch };
  }

  private exit(account: string): Receipt {
    const s = this.#stakers.get(account);
    if (!s) throw new StateRuleError('not a registered staker');
    if (s.exitEpoch !== null)
      throw new StateRuleError(s.ejected ? 'this staker was ejected' : 'exit already requested');
    s.exitEpoch = this.epoch + 1;
    this.emit({ type: 'exitRequested', account, exitEpoch: s.exitEpoch });
    return { type: 'exit', account, exitEpoch: s.exitEpoch };
  }

  // --- blocks ----------------------------------------------------------------------------------

  private postBlock(account: string, headerBytes: Uint8Array, transcriptRoot: Uint8Array): Receipt {
    if (this.#pending)
      throw new StateRuleError(`block ${this.#pending.number} is still open until slot ${this.#pending.deadlineSlot}`);
    const header = decodeHeader(headerBytes);
    if (header.slot !== this.#slot)
      throw new StateRuleError(`header slot ${header.slot} is not the current slot ${this.#slot}`);
    const active = this.activeAccounts().map((a) => hexToBytes(a));
    if (this.params.designatedSequencer !== null && !this.#stakers.has(account))
      throw new StateRuleError('the designated sequencer must be a registered staker');
    const plan = planBlock(header, active, this.planOptions());
    assertHeaderExtends(header, this.#head, hexToBytes(account), plan.election);
    const commitment = blockCommitment(header, transcriptRoot);
    const committee = plan.election.committee.map((m) => bytesToHex(m.publicKey));
    this.#pending = {
      number: header.blockNumber,
      header,
      headerBytes,
      transcriptRoot,
      commitment,
      sequencer: account,
      committee,
      election: plan.election,
      assignment: plan.assignment,
      // Signatures and result data were checked by the node before logging.
      book: new CommitRevealBook(commitment, header.treeHeight, {
        verifySignatures: false,
        assignment: plan.assignment,
        sequencer: account,
      }),
      postedSlot: this.#slot,
      deadlineSlot: this.#slot + this.params.proofWindowSlots,
      signers: null,
    };
    const commitmentHex = bytesToHex(commitment);
    this.emit({
      type: 'blockPosted',
      number: header.blockNumber,
      sequencer: account,
      committee,
      commitment: commitmentHex,
    });
    return {
      type: 'postBlock',
      number: header.blockNumber,
      commitment: commitmentHex,
      committee,
      deadlineSlot: this.#pending.deadlineSlot,
    };
  }

  /** How this chain picks the sequencer: elected, or designated (devnet). */
  planOptions(): { sequencer?: Uint8Array } {
    const d = this.params.designatedSequencer;
    return d === null ? {} : { sequencer: hexToBytes(d) };
  }

  /** The open block with this number, or a StateRuleError saying why there is none. */
  openBlock(blockNumber: number): PendingBlock {
    const p = this.#pending;
    if (!p) throw new StateRuleError(`no block is open (block ${blockNumber} was never posted or is already closed)`);
    if (p.number !== blockNumber)
      throw new StateRuleError(`block ${blockNumber} is not open; the open block is ${p.number}`);
    return p;
  }

  private openBlockFor(blockCommitmentBytes: Uint8Array): PendingBlock {
    const p = this.#pending;
    if (!p || !equalBytes(p.commitment, blockCommitmentBytes))
      throw new StateRuleError('the message is for a block commitment that is not open');
    return p;
  }

  private signOff(blockNumber: number, bytes: Uint8Array): Receipt {
    const p = this.openBlock(blockNumber);
    const { committeeSize, signOff } = decodeSignOff(bytes);
    if (committeeSize !== p.committee.length)
      throw new StateRuleError(
        `sign-off names a committee of ${committeeSize}; block ${blockNumber} has ${p.committee.length}`,
      );
    if (signOff.signers.length < p.header.signOffThreshold) {
      throw new StateRuleError(
        `sign-off has ${signOff.signers.length} signers; block ${blockNumber} needs ${p.header.signOffThreshold}`,
      );
    }
    if (!p.signers || signOff.signers.length > p.signers.length) p.signers = signOff.signers;
    this.emit({ type: 'signedOff', number: blockNumber, signers: p.signers.length });
    return { type: 'signOff', number: blockNumber, signers: p.signers.length };
  }

  private commitResult(account: string, bytes: Uint8Array): Receipt {
    const c = decodeResultCommitment(bytes);
    if (bytesToHex(c.prover) !== account) throw new StateRuleError('a result commitment must be posted by its prover');
    const p = this.openBlockFor(c.blockCommitment);
    return { type: 'commitResult', outcome: p.book.recordCommitment(c) };
  }

  private revealResult(account: string, bytes: Uint8Array, check: RevealCheck): Receipt {
    const r = decodeResult(bytes);
    if (bytesToHex(r.prover) !== account) throw new StateRuleError('a result must be revealed by its prover');
    const p = this.openBlockFor(r.blockCommitment);
    return { type: 'revealResult', outcome: p.book.recordReveal(r, check) };
  }

  /**
   * A final proof must contain, at every pinned node, the pinned result: the same prover key and
   * (when the verifier reports instances) the same instance. One that re-folds such a node under
   * another key is refused, so a submitter can neither take nor deny that node's credit.
   */
  private assertBuildsOnPins(p: PendingBlock, provedNodes: readonly ProvedNode[]): void {
    const k = p.header.treeHeight;
    const byId = new Map(provedNodes.map((n) => [nodeId(k, n.node), n]));
    for (const pin of p.book.pinnedResults()) {
      const at = `(${pin.node.level}, ${pin.node.index})`;
      const got = byId.get(nodeId(k, pin.node));
      const prover = got ? proverHex(got.prover) : '(none)';
      if (prover !== pin.prover)
        throw new ProofRejectedError(
          'pinned-result',
          `node ${at} is proved under ${prover.slice(0, 16)}…, not on the timely revealed result of ${pin.prover.slice(0, 16)}…`,
          { block: p.number },
        );
      if (got?.instance !== undefined && got.instance.toLowerCase() !== pin.instance)
        throw new ProofRejectedError(
          'pinned-result',
          `node ${at} is not the timely revealed result of ${pin.prover.slice(0, 16)}… (another instance)`,
          { block: p.number },
        );
    }
  }

  /** Checks that a final proof could be accepted now (everything but the proof itself). */
  assertReadyForProof(blockNumber: number): PendingBlock {
    const p = this.openBlock(blockNumber);
    if (!p.signers)
      throw new StateRuleError(`block ${blockNumber} has no M-of-N sign-off yet, so it cannot become canonical`);
    return p;
  }

  private submitProof(c: SubmitProofCommand): Receipt {
    const p = this.assertReadyForProof(c.blockNumber);
    if (this.params.trainingWheel) {
      if (!c.transitionSignOff) throw new StateRuleError('the training wheel is on: a transition sign-off is required');
      const { signOff } = decodeSignOff(fromHex(c.transitionSignOff));
      if (signOff.signers.length < p.header.signOffThreshold)
        throw new StateRuleError('transition sign-off is below the threshold');
    }
    const provedNodes = c.outcome.provedNodes.map((n) => ({
      node: { level: n.level, index: n.index },
      prover: n.prover,
      instance: n.instance,
    }));
    this.assertBuildsOnPins(p, provedNodes);
    // Credit comes from the pinned results (which the proof was just shown to contain), not from
    // whoever assembled the tree.
    const credit = creditBlock(p.assignment, p.book.pinnedResults(), (node, prover) => p.book.isTimely(node, prover));
    const settlement = settleBlock({
      params: this.params.rewards,
      creditable: p.assignment.creditableCounts(),
      credit,
      sequencer: p.sequencer,
      committeeSize: p.committee.length,
      submitter: c.account,
    });
    this.#ledger = accrueSettlement(this.#ledger, settlement);
    this.#totals.issued += settlement.paid;
    this.#totals.returned += settlement.returned.total;
    const slashes = this.applySlashing(p, false);
    const record: BlockRecord = {
      ...this.recordBase(p),
      status: 'canonical',
      signers: p.signers!.length,
      contributors: credit.contributors,
      creditedNodes: credit.credited.length,
      credited: credit.credited,
      rejectedNodes: credit.rejected.length,
      payouts: settlement.payouts,
      returned: settlement.returned.total,
      submitter: c.account,
      slashes,
    };
    this.#head = {
      chainId: this.params.chainId,
      blockNumber: p.number,
      blockHash: p.commitment,
      slot: p.header.slot,
      endState: snapshotFromJson(c.outcome.endState),
    };
    this.closeBlock(record);
    this.emit({ type: 'blockCanonical', record });
    return { type: 'submitProof', number: p.number, record };
  }

  private missPending(reason: string): void {
    const p = this.#pending!;
    const slashes = this.applySlashing(p, true);
    const record: BlockRecord = {
      ...this.recordBase(p),
      status: 'missed',
      signers: p.signers?.length ?? 0,
      contributors: [],
      creditedNodes: 0,
      credited: [],
      rejectedNodes: 0,
      payouts: [],
      returned: 0n,
      submitter: null,
      slashes,
      missReason: reason,
    };
    this.closeBlock(record);
    this.emit({ type: 'blockMissed', record });
  }

  private recordBase(p: PendingBlock) {
    return {
      number: p.number,
      hash: bytesToHex(p.commitment),
      headerSlot: p.header.slot,
      postedSlot: p.postedSlot,
      closedSlot: this.#slot,
      sequencer: p.sequencer,
      committee: p.committee,
      treeHeight: p.header.treeHeight,
      signOffThreshold: p.header.signOffThreshold,
    };
  }

  private closeBlock(record: BlockRecord): void {
    this.#blocks.push(record);
    this.#pending = null;
  }

  /** The configured slashing policy for a closed block; returns what it slashed. */
  private applySlashing(p: PendingBlock, missed: boolean): SlashEvent[] {
    const involved = new Set([p.sequencer, ...p.committee]);
    const table = new Map<string, StakerState>();
    for (const account of involved) {
      const s = this.#stakers.get(account)!;
      table.set(account, { stake: s.stake, missStreak: s.missStreak, active: !s.ejected });
    }
    const slashing = {
      slashAmount: this.params.slashAmount,
      minStake: this.params.minStake,
      maxMisses: this.params.maxMisses,
    };
    const outcome =
      this.params.slashingPolicy === 'inactivity'
        ? // Participation, not credit: a timely valid reveal of an assigned node, even in a missed block.
          applyInactivity(table, { committee: p.committee, participants: p.book.participants() }, slashing)
        : applySlashAllOnMiss(table, { sequencer: p.sequencer, committee: p.committee, proofMissed: missed }, slashing);
    for (const [account, next] of outcome.table) {
      const s = this.#stakers.get(account)!;
      s.stake = next.stake;
      s.missStreak = next.missStreak;
      if (!next.active && !s.ejected) {
        s.ejected = true;
        if (s.exitEpoch === null || s.exitEpoch > this.epoch) s.exitEpoch = this.epoch;
      }
    }
    for (const e of outcome.events) {
      this.#stakers.get(e.account)!.slashed += e.amount;
      this.emit({ type: 'slashed', event: e, number: p.number });
    }
    this.#totals.burned += outcome.burned;
    this.#totals.staked -= outcome.burned;
    return [...outcome.events];
  }

  // --- claims ----------------------------------------------------------------------------------

  private claim(account: string): Receipt {
    const { rewards, stake } = this.claimable(account);
    if (rewards === 0n && stake === 0n) throw new StateRuleError('nothing to claim for this account');
    this.#ledger = claimFromLedger(this.#ledger, account).ledger;
    this.#releasedStake.delete(account);
    this.#totals.claimedRewards += rewards;
    this.#totals.claimedStake += stake;
    this.emit({ type: 'claimed', account, rewards, stake });
    return { type: 'claim', rewards, stake };
  }
}
