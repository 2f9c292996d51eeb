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
import { ProofRejectedError } from '../l1/errors.js';
import {
  buildSimulatedProof,
  checkSimulatedResult,
  simulatedResultData,
  verifySimulatedProof,
} from '../l1/simulated-proof.js';
import type { ResultCheck } from '../l1/verifier.js';
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

/**
 * The revealResult command `account` posts for a result (signature unchecked), with what the node
 * would have established from its data (`checkSimulatedResult`).
 */
export function revealResultCommand(account: string, e: ResultEnvelope, check: ResultCheck): SignedCommand {
  if (!check.valid) throw new Error(`the simulation built an invalid result: ${check.reason}`);
  return {
    type: 'revealResult',
    account,
    nonce: 0,
    result: toHex(encodeResult({ ...e, signature: UNCHECKED_SIGNATURE })),
    instance: check.instance,
    ...(check.children ? { children: [check.children[0], check.children[1]] as [string, string] } : {}),
  };
}

/** A simulated result for `node` by `prover`, built on the children's pinned results. */
export function simulatedResult(
  block: PendingBlock,
  node: TreeNode,
  prover: Uint8Array,
): { envelope: ResultEnvelope; check: ResultCheck } | null {
  const k = block.header.treeHeight;
  let children: [Uint8Array, Uint8Array] | undefined;
  if (node.level > 0) {
    const left = block.book.pinned({ level: node.level - 1, index: 2 * node.index });
    const right = block.book.pinned({ level: node.level - 1, index: 2 * node.index + 1 });
    if (!left || !right) return null; // nothing pinned to build on yet
    children = [hexToBytes(left.instance), hexToBytes(right.instance)];
  }
  const data = simulatedResultData(block.commitment, k, node, prover, children);
  const envelope: ResultEnvelope = {
    blockCommitment: block.commitment,
    node,
    kind: nodeKind(node),
    proofDigest: sha256(data),
    prover,
  };
  return { envelope, check: checkSimulatedResult(block, envelope, data) };
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
  /**
   * Nodes the submitter re-folds under another key in a first final proof (a re-targeted copy).
   * The L1 refuses such a proof when it touches a pinned node; the submitter then sends the
   * honest tree.
   */
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
  /** A final proof the L1 refused (the error it threw). */
  onProofRefused?(ctx: BlockContext, error: Error): void;
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

    // Proving, level by level (a merge needs its children's results): every proving member
    // commits to each of its nodes at this level, then reveals; arrival order is random (who
    // finishes first). The first timely reveal of a node pins it: merges above build on it and the
    // final proof must contain it. Then the sequencer covers the nodes of this level nobody is
    // assigned (uncredited), so the merges above them can be revealed too.
    const k = config.treeHeight;
    for (let level = 0; level <= k; level++) {
      const work: { w: RevealedNode; r: NonNullable<ReturnType<typeof simulatedResult>> }[] = [];
      committee.forEach((m, rank) => {
        if (!actions[rank]!.prove) return;
        for (const node of block.assignment.memberNodes(m.account)) {
          if (node.level !== level) continue;
          const r = simulatedResult(block, node, m.publicKey);
          if (r) work.push({ w: { node, prover: m }, r });
        }
      });
      for (const { w, r } of prng.shuffle(work)) apply(commitResultCommand(w.prover.account, r.envelope));
      for (const { w, r } of prng.shuffle(work)) apply(revealResultCommand(w.prover.account, r.envelope, r.check));
      if (!published) continue;
      for (let index = 0; index < 2 ** (k - level); index++) {
        const node = { level, index };
        if (block.book.pinned(node) || block.assignment.creditableProvers(node).length > 0) continue;
        const r = simulatedResult(block, node, sequencer.publicKey);
        if (r) apply(revealResultCommand(sequencer.account, r.envelope, r.check));
      }
    }
    const pinned: RevealedNode[] = block.book
      .pinnedResults()
      .map((p) => ({ node: p.node, prover: byAccount.get(p.prover)! }));
    const move = hooks.afterReveals?.(ctx, pinned, apply) ?? {};

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
      // The final proof: each pinned node by its pinned result, every other node by the sequencer
      // (who covers what is missing).
      const endState = {
        ...header.startState,
        noteNextIndex: header.startState.noteNextIndex + 2 ** config.treeHeight,
      };
      const submitter = move.submitter ?? relayer;
      const submit = (overrides?: ReadonlyMap<number, SimStaker>) => {
        const proverOf = (node: TreeNode) =>
          overrides?.get(nodeId(k, node))?.publicKey ??
          hexToBytes(block.book.pinned(node)?.prover ?? sequencer.account);
        const proof = buildSimulatedProof(block.commitment, k, endState, proverOf);
        const outcome = verifySimulatedProof(block, proof);
        if (!outcome.valid) throw new Error(`simulated proof rejected: ${outcome.reason}`);
        apply({
          type: 'submitProof',
          account: submitter.account,
          nonce: 0,
          blockNumber: header.blockNumber,
          proofDigest: toHex(sha256(proof)),
          outcome: verifiedOutcomeToJson(outcome),
        });
      };
      if (move.proverOverrides?.size) {
        try {
          submit(move.proverOverrides);
        } catch (e) {
          if (!(e instanceof ProofRejectedError)) throw e;
          hooks.onProofRefused?.(ctx, e);
        }
      }
      if (state.pending) submit();
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
