// The simulation engine: simulated stakers drive the real L1 state machine (in memory) block by
// block, with the real protocol rules (election, assignment, commit–reveal crediting, rewards,
// sign-off threshold, slashing). It runs below the L1's signature layer: commands are applied as
// the node would apply them after checking signatures, so signatures here are placeholders (the
// L1 tests cover the cryptography). Final proofs are simulated proofs checked by their verifier.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import {
  elect,
  encodeHeader,
  encodeResult,
  encodeResultCommitment,
  encodeSignOff,
  generateStakingKey,
  nodeId,
  nodeKind,
  resultCommitment,
  type Assignment,
  type AssignmentParams,
  type BlockHeader,
  type ResultEnvelope,
  type TreeNode,
} from '../protocol/index.js';
import type { SignedCommand } from '../l1/commands.js';
import { toHex } from '../l1/hex.js';
import { l1Params, type L1Params } from '../l1/params.js';
import { buildSimulatedProof, verifySimulatedProof } from '../l1/simulated-proof.js';
import { L1State, verifiedOutcomeToJson, type BlockRecord, type L1Event, type PendingBlock } from '../l1/state.js';
import { Prng } from './prng.js';

/** Placeholder for signatures the simulation does not check (see the header comment). */
const UNCHECKED_SIGNATURE = new Uint8Array(96);

/** The commitResult command `account` posts for a result (signature unchecked). */
export function commitResultCommand(account: string, e: ResultEnvelope): SignedCommand {
  const c = {
    blockCommitment: e.blockCommitment,
    node: e.node,
    prover: e.prover,
    commitment: resultCommitment(e),
    signature: UNCHECKED_SIGNATURE,
  };
  return { type: 'commitResult', account, nonce: 0, commitment: toHex(encodeResultCommitment(c)) };
}

/** The revealResult command `account` posts for a result (signature unchecked). */
export function revealResultCommand(account: string, e: ResultEnvelope): SignedCommand {
  return {
    type: 'revealResult',
    account,
    nonce: 0,
    result: toHex(encodeResult({ ...e, signature: UNCHECKED_SIGNATURE })),
  };
}

export interface SimStaker {
  readonly index: number;
  readonly account: string;
  readonly publicKey: Uint8Array;
  readonly behaviour: string;
}

export interface SimConfig {
  readonly seed: string;
  readonly stakers: number;
  /** Block attempts (a missed block is an attempt too). */
  readonly blocks: number;
  readonly committeeSize: number;
  readonly treeHeight: number;
  /** M of the M-of-N sign-off. */
  readonly threshold: number;
  readonly assignment: AssignmentParams;
  readonly stake: bigint;
  readonly l1: Partial<L1Params>;
}

export interface BlockContext {
  readonly attempt: number;
  readonly state: L1State;
  readonly block: PendingBlock;
  readonly sequencer: SimStaker;
  /** By committee rank. */
  readonly committee: readonly SimStaker[];
  readonly assignment: Assignment;
  readonly prng: Prng;
  readonly stakers: ReadonlyMap<string, SimStaker>;
}

export interface MemberAction {
  readonly prove: boolean;
  readonly signOff: boolean;
}

export interface RevealedNode {
  readonly node: TreeNode;
  readonly prover: SimStaker;
}

export interface ThirdPartyMove {
  /** Nodes whose proof in the final tree names this staker instead (a re-targeted copy). */
  readonly proverOverrides?: ReadonlyMap<number, SimStaker>;
  /** Who wins the race to submit the final proof. */
  readonly submitter?: SimStaker;
}

/** What a scenario changes about the honest default. */
export interface ScenarioHooks {
  behaviourOf(index: number, prng: Prng): string;
  /** Does the sequencer give the committee the transcript? Default: yes. */
  sequencerPublishes?(ctx: BlockContext): boolean;
  /** Default when the data is out: prove and sign off. */
  memberAction?(member: SimStaker, rank: number, ctx: BlockContext): MemberAction;
  /** Runs after honest reveals, before sign-off and submission (thieves, watchers). */
  afterReveals?(
    ctx: BlockContext,
    revealed: readonly RevealedNode[],
    apply: (c: SignedCommand) => unknown,
  ): ThirdPartyMove | undefined;
  onClosed?(ctx: BlockContext, record: BlockRecord): void;
}

export interface SimRun {
  readonly config: SimConfig;
  readonly params: L1Params;
  readonly stakers: readonly SimStaker[];
  readonly relayer: SimStaker;
  readonly state: L1State;
  readonly events: readonly L1Event[];
  readonly records: readonly BlockRecord[];
  /** Attempt number of each closed block record (parallel to `records`). */
  readonly attempts: readonly number[];
  readonly stoppedEarly?: string;
}

function makeStaker(index: number, prng: Prng, behaviour: string): SimStaker {
  const { publicKey } = generateStakingKey(prng.bytes(48));
  return { index, account: bytesToHex(publicKey), publicKey, behaviour };
}

export function runSimulation(config: SimConfig, hooks: ScenarioHooks): SimRun {
  const prng = new Prng(config.seed);
  const params = l1Params(config.l1);
  const state = new L1State(params);
  const events: L1Event[] = [];
  state.onEvent((e) => events.push(e));
  const stakers = Array.from({ length: config.stakers }, (_, i) => makeStaker(i, prng, hooks.behaviourOf(i, prng)));
  const relayer = makeStaker(-1, prng, 'relayer');
  const byAccount = new Map(stakers.map((s) => [s.account, s]));
  byAccount.set(relayer.account, relayer);

  const apply = (c: SignedCommand) => state.apply({ ...c, nonce: state.nextNonce(c.account) });
  for (const s of stakers) apply({ type: 'register', account: s.account, nonce: 0, stake: config.stake.toString() });
  state.apply({ type: 'advance', slot: params.epochSlots * params.activationDelayEpochs });

  const records: BlockRecord[] = [];
  const attempts: number[] = [];
  let stoppedEarly: string | undefined;

  for (let attempt = 0; attempt < config.blocks; attempt++) {
    state.apply({ type: 'advance', slot: state.slot + 1 });
    const active = state.activeAccounts();
    if (active.length < 2) {
      stoppedEarly = `only ${active.length} active staker(s) left at attempt ${attempt}`;
      break;
    }
    const committeeSize = Math.min(config.committeeSize, active.length - 1);
    const election = elect(
      active.map((a) => hexToBytes(a)),
      { prevBlockHash: state.head.blockHash, slot: state.slot },
      committeeSize,
    );
    const sequencer = byAccount.get(bytesToHex(election.sequencer.publicKey))!;
    const header: BlockHeader = {
      chainId: params.chainId,
      blockNumber: state.head.blockNumber + 1,
      slot: state.slot,
      prevBlockHash: state.head.blockHash,
      treeHeight: config.treeHeight,
      committeeSize,
      assignment: config.assignment,
      startState: state.head.endState,
      signOffThreshold: Math.min(config.threshold, committeeSize),
    };
    const transcriptRoot = sha256(prng.bytes(32));
    apply({
      type: 'postBlock',
      account: sequencer.account,
      nonce: 0,
      header: toHex(encodeHeader(header)),
      transcriptRoot: toHex(transcriptRoot),
    });
    const block = state.pending!;
    const committee = block.committee.map((a) => byAccount.get(a)!);
    const ctx: BlockContext = {
      attempt,
      state,
      block,
      sequencer,
      committee,
      assignment: block.assignment,
      prng,
      stakers: byAccount,
    };

    const published = hooks.sequencerPublishes?.(ctx) ?? true;
    const actions = committee.map((m, rank) =>
      published
        ? (hooks.memberAction?.(m, rank, ctx) ?? { prove: true, signOff: true })
        : { prove: false, signOff: false },
    );

    // Proving: every proving member commits to each of its nodes, then reveals; arrival order is
    // random (who finishes first). The first timely reveal of a node is the one built upon.
    const work: RevealedNode[] = [];
    committee.forEach((m, rank) => {
      if (!actions[rank]!.prove) return;
      for (const node of block.assignment.memberNodes(m.account)) work.push({ node, prover: m });
    });
    const envelope = (w: RevealedNode): ResultEnvelope => ({
      blockCommitment: block.commitment,
      node: w.node,
      kind: nodeKind(w.node),
      proofDigest: sha256(new TextEncoder().encode(`${attempt}/${w.node.level}/${w.node.index}/${w.prover.account}`)),
      prover: w.prover.publicKey,
    });
    for (const w of prng.shuffle(work)) apply(commitResultCommand(w.prover.account, envelope(w)));
    const firstReveal = new Map<number, RevealedNode>();
    for (const w of prng.shuffle(work)) {
      apply(revealResultCommand(w.prover.account, envelope(w)));
      const id = nodeId(config.treeHeight, w.node);
      if (!firstReveal.has(id)) firstReveal.set(id, w);
    }
    const move = hooks.afterReveals?.(ctx, [...firstReveal.values()], apply) ?? {};

    const signers = committee.map((_, rank) => rank).filter((rank) => actions[rank]!.signOff);
    if (signers.length >= header.signOffThreshold) {
      const signOff = encodeSignOff({ signers, aggregateSignature: UNCHECKED_SIGNATURE }, committee.length);
      apply({
        type: 'signOff',
        account: committee[signers[0]!]!.account,
        nonce: 0,
        blockNumber: header.blockNumber,
        signOff: toHex(signOff),
      });
      // The final proof: each node by its first revealer, else by the sequencer (who covers gaps).
      const proverOf = (node: TreeNode) => {
        const id = nodeId(config.treeHeight, node);
        return (move.proverOverrides?.get(id) ?? firstReveal.get(id)?.prover ?? sequencer).publicKey;
      };
      const endState = {
        ...header.startState,
        noteNextIndex: header.startState.noteNextIndex + 2 ** config.treeHeight,
      };
      const proof = buildSimulatedProof(block.commitment, config.treeHeight, endState, proverOf);
      const outcome = verifySimulatedProof(block, proof);
      if (!outcome.valid) throw new Error(`simulated proof rejected: ${outcome.reason}`);
      const submitter = move.submitter ?? relayer;
      apply({
        type: 'submitProof',
        account: submitter.account,
        nonce: 0,
        blockNumber: header.blockNumber,
        proofDigest: toHex(sha256(proof)),
        outcome: verifiedOutcomeToJson(outcome),
      });
    } else {
      state.apply({ type: 'advance', slot: block.deadlineSlot });
    }
    const record = state.blocks[state.blocks.length - 1]!;
    records.push(record);
    attempts.push(attempt);
    hooks.onClosed?.(ctx, record);
  }
  return { config, params, stakers, relayer, state, events, records, attempts, stoppedEarly };
}
