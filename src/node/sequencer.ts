// The sequencer: holds the L2 state, takes transactions, builds a block when the L1 lets it
// post, commits it (header + transcript root) on the L1, serves the transcript, aggregates the
// committee's sign-off shares and posts M of N, covers the nodes nobody proved after a timeout
// (and at once the nodes no member is assigned), completes the tree, runs the decider on the
// root and submits the final proof. Its own proofs are never credited (it is not a committee
// member); the final tree is built on the assigned members' results where they exist.
import { bytesToHex } from '../protocol/bytes.js';
import {
  aggregateSignOff,
  allNodes,
  encodeHeader,
  verify,
  type AssignmentParams,
  type BlockHeader,
  type StateSnapshot,
  type TreeNode,
  stakingKeyFromSecret,
} from '../protocol/index.js';
import type { BlockView, StatusView } from '../l1/views.js';
import { encodeBlockProof } from '../proof/messages.js';
import { blockConstantsHash } from '../proof/rollup-statement.js';
import { buildBlock } from '../rollup/block-builder.js';
import type { RollupState } from '../rollup/state.js';
import { buildBlockTranscript, transcriptInclusionProof, type Transcript } from '../rollup/transcript.js';
import { type BlockBuildResult, headerSnapshot, type Transaction } from '../rollup/types.js';
import { BlockWork } from '../participant/block-work.js';
import {
  assembleFinalProof,
  assignedMembers,
  memberLeaves,
  type BlockVerifiedEvent,
  pinConflict,
  treeKey,
} from '../participant/final-proof.js';
import {
  blockAssignment,
  childNodes,
  kindOf,
  nodeKey,
  openBlockFromView,
  type Candidate,
} from '../participant/duties.js';
import { decodeResultAnnouncement, decodeSignOffShare, encodeResultAnnouncement } from '../participant/messages.js';
import { checkPayload, proveMergePayload } from '../participant/payloads.js';
import type { L1Client } from '../participant/ports/l1-client.js';
import type { Prover } from '../participant/ports/prover.js';
import { TOPICS, type GossipMessage, type PeerTransport } from '../participant/ports/transport.js';
import { encodeLeafProof } from '../proof/messages.js';
import { BASE_ROLLUP_SHAPE, type ShapeName } from '../proof/shape-catalog.js';
import { equalBytes } from '../protocol/bytes.js';
import { signResult } from '../protocol/index.js';

export type SequencerEvent =
  | { type: 'posted'; number: number; leaves: number; transactions: number; committee: string[]; assignment: string }
  | { type: 'signed-off'; number: number; signers: number }
  | { type: 'covered'; number: number; node: string; ms: number }
  | BlockVerifiedEvent
  | { type: 'missed'; number: number; reason: string }
  | { type: 'error'; number?: number; message: string };

export interface SequencerOptions {
  secretKey: Uint8Array;
  l1: L1Client;
  /** A started transport. */
  transport: PeerTransport;
  prover: Prover;
  /** The base-rollup shape of the state's rollup parameters [base-rollup]. */
  shape?: ShapeName;
  /** The canonical L2 state (advanced only when a block becomes canonical on the L1). */
  state: RollupState;
  /** Transactions for the next block (up to `max`). */
  takeTransactions: (max: number) => Transaction[];
  treeHeight: number;
  committeeSize: number;
  assignment: AssignmentParams;
  /** Post only once at least this many stakers can be elected to the committee [1]. */
  waitForCommittee?: number;
  /** M of the M-of-N sign-off [⌈n/2⌉, at most the committee]. */
  signOffThreshold?: number;
  /** After this long a creditable node nobody proved is covered by the sequencer [20 s]. */
  coverAfterMs?: number;
  pollMs?: number;
  /**
   * Submit the final proof once the tree is complete [true]. False is the devnet's withholding
   * drill: the tree is completed and announced, and a watching submitter must finish the block.
   */
  submitProof?: boolean;
  onEvent?: (e: SequencerEvent) => void;
}

interface Pending {
  number: number;
  header: BlockHeader;
  built: BlockBuildResult;
  after: RollupState;
  transcript: Transcript;
  txs: Transaction[];
  work: BlockWork;
  postedAt: number;
  shares: Map<number, Uint8Array>;
  signOffPosted: boolean;
  submitted: boolean;
  /** Final trees the L1 refused (node → prover, as JSON): none is sent again. */
  refusedTrees: Set<string>;
  busy: boolean;
}

/** How often the open block's announcements are re-sent (as the participants do). */
const REPUBLISH_MS = 3000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class Sequencer {
  readonly publicKey: Uint8Array;
  readonly publicKeyHex: string;
  private state: RollupState;
  private readonly shape: ShapeName;
  private pending: Pending | undefined;
  private returned: Transaction[] = [];
  private running = false;
  private loopDone: Promise<void> | undefined;
  private readonly unsubscribe: Array<() => void> = [];

  constructor(private readonly o: SequencerOptions) {
    const key = stakingKeyFromSecret(o.secretKey);
    this.publicKey = key.publicKey;
    this.publicKeyHex = bytesToHex(key.publicKey);
    this.state = o.state;
    this.shape = o.shape ?? BASE_ROLLUP_SHAPE;
    this.unsubscribe.push(
      o.transport.subscribe(TOPICS.results, (m: GossipMessage) => {
        try {
          this.pending?.work.addAnnouncement(decodeResultAnnouncement(m.data));
        } catch (e) {
          o.transport.reportPeer(m.from, 'invalid-message');
          this.emit({
            type: 'error',
            message: `dropped a result announcement from ${m.from}: ${(e as Error).message}`,
          });
        }
      }),
      o.transport.subscribe(TOPICS.signOffs, (m: GossipMessage) => this.onShare(m.data, m.from)),
    );
    const mine = (commitment: Uint8Array) =>
      this.pending && equalBytes(this.pending.work.block.commitment, commitment) ? this.pending.work : undefined;
    o.transport.serveChunks((r) => mine(r.commitment)?.chunks.get(r.index) ?? null);
    o.transport.servePayloads((r) => mine(r.commitment)?.payloads.get(`${r.level}/${r.index}`) ?? null);
  }

  /** The canonical L2 state's snapshot (header form). */
  snapshot(): StateSnapshot {
    return headerSnapshot(this.state.snapshot());
  }

  private emit(e: SequencerEvent): void {
    this.o.onEvent?.(e);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loopDone = (async () => {
      while (this.running) {
        try {
          await this.tick();
        } catch (e) {
          this.emit({ type: 'error', number: this.pending?.number, message: (e as Error).message });
        }
        await sleep(this.o.pollMs ?? 300);
      }
    })();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loopDone;
    for (const u of this.unsubscribe) u();
  }

  private onShare(message: Uint8Array, from: string): void {
    const p = this.pending;
    try {
      const share = decodeSignOffShare(message);
      if (!p || bytesToHex(share.blockCommitment) !== p.work.block.commitmentHex) return;
      const member = p.work.block.committee[share.rank];
      if (member === undefined) throw new Error(`rank ${share.rank} is outside the committee`);
      if (!verify(Buffer.from(member, 'hex'), 'sign-off', share.blockCommitment, share.signature))
        throw new Error(`the signature does not verify for rank ${share.rank}`);
      p.shares.set(share.rank, share.signature);
    } catch (e) {
      this.emit({ type: 'error', message: `dropped a sign-off share from ${from}: ${(e as Error).message}` });
    }
  }

  private async tick(): Promise<void> {
    const status = await this.o.l1.status();
    const p = this.pending;
    if (p && status.openBlock?.commitment.slice(2) === p.work.block.commitmentHex) {
      p.work.setPins(status.openBlock);
      // Gossip may drop what was sent before a peer's mesh formed: covers are re-sent.
      void p.work.republish(REPUBLISH_MS);
    }
    if (p && status.openBlock?.commitment.slice(2) !== p.work.block.commitmentHex) {
      await this.close(p);
      return;
    }
    if (!p && !status.openBlock) {
      await this.post(status);
      return;
    }
    if (p && !p.busy) {
      p.busy = true;
      try {
        await this.advance(p);
      } finally {
        p.busy = false;
      }
    }
  }

  private async close(p: Pending): Promise<void> {
    this.pending = undefined;
    const view = await this.o.l1.getBlock(p.number);
    if (view && view.status === 'canonical' && view.hash.slice(2) === p.work.block.commitmentHex) {
      this.state = p.after;
      return;
    }
    this.returned = [...p.txs, ...this.returned];
    this.emit({ type: 'missed', number: p.number, reason: view?.missReason ?? 'the block closed without this proof' });
  }

  private async post(status: StatusView): Promise<void> {
    const election = await this.o.l1.getElection(this.o.committeeSize);
    const n = election.committee.length;
    // Wait for the committee the devnet was started with (provers register, then activate).
    if (n === 0 || n < (this.o.waitForCommittee ?? 1)) return;
    const k = this.o.treeHeight;
    const take = 2 ** k;
    const txs = [...this.returned.splice(0, take)];
    if (txs.length < take) txs.push(...this.o.takeTransactions(take - txs.length));
    const after = this.state.clone();
    const built = buildBlock(after, txs, { height: k });
    const header: BlockHeader = {
      chainId: status.chainId,
      blockNumber: status.head.number + 1,
      slot: status.slot,
      prevBlockHash: Buffer.from(status.head.hash.slice(2), 'hex'),
      treeHeight: k,
      committeeSize: n,
      assignment: this.o.assignment,
      startState: headerSnapshot(built.start),
      signOffThreshold: Math.min(n, this.o.signOffThreshold ?? Math.ceil(n / 2)),
    };
    const headerBytes = encodeHeader(header);
    const transcript = buildBlockTranscript(headerBytes, built.leaves, this.state.params);
    const used = built.leaves.filter((l) => !l.isPadding).map((l) => l.tx);
    try {
      await this.o.l1.postBlock(this.o.secretKey, headerBytes, transcript.root);
    } catch (e) {
      // Typically the slot moved on between reading it and posting: try again next tick.
      this.returned = [...used, ...this.returned];
      this.emit({ type: 'error', message: `post failed: ${(e as Error).message}` });
      return;
    }
    const postedAt = performance.now();
    const open = (await this.o.l1.status()).openBlock;
    if (!open) throw new Error('the posted block is not open on the L1');
    const block = openBlockFromView(open);
    const work = new BlockWork(block, blockAssignment(block), this.o.transport, this.o.prover, this.shape, (e) =>
      this.emit({
        type: 'error',
        number: block.number,
        message: `payload from ${e.holder} for ${e.node}: ${e.reason}`,
      }),
    );
    transcript.chunks.forEach((chunk, i) =>
      work.chunks.set(i, { chunk, proof: transcriptInclusionProof(transcript, i) }),
    );
    this.pending = {
      number: block.number,
      header,
      built,
      after,
      transcript,
      txs: used,
      work,
      postedAt,
      shares: new Map(),
      signOffPosted: false,
      submitted: false,
      refusedTrees: new Set(),
      busy: false,
    };
    this.emit({
      type: 'posted',
      number: block.number,
      leaves: take,
      transactions: used.length,
      committee: [...block.committee],
      assignment: header.assignment.mode,
    });
  }

  private async advance(p: Pending): Promise<void> {
    const block = p.work.block;
    if (!p.signOffPosted && p.shares.size >= block.header.signOffThreshold) {
      const signOff = aggregateSignOff([...p.shares].map(([rank, signature]) => ({ rank, signature })));
      await this.o.l1.signOff(this.o.secretKey, block.number, signOff, block.committee.length);
      p.signOffPosted = true;
      this.emit({ type: 'signed-off', number: block.number, signers: signOff.signers.length });
    }
    if (p.submitted) return;
    // Cover or complete one node per tick, lowest level first.
    const k = block.header.treeHeight;
    const late = performance.now() - p.postedAt > (this.o.coverAfterMs ?? 20_000);
    const uncreditable = new Set(p.work.assignment.uncreditableNodes().map(nodeKey));
    const nodes = [...allNodes(k)].sort((a, b) => a.level - b.level || a.index - b.index);
    for (const node of nodes) {
      if (await p.work.usable(node)) continue;
      // Pinned to a member: only that result can be in the final proof, so covering it is wasted
      // work; its payload is fetched (usable above) until it arrives.
      const pinned = p.work.pins.get(nodeKey(node));
      if (pinned !== undefined && pinned !== this.publicKeyHex) continue;
      if (!late && !uncreditable.has(nodeKey(node))) continue;
      // Our own result is on its way (a merge waits for its children) unless its tree broke a pin.
      if (p.work.candidatesOf(node).some((c) => c.prover === this.publicKeyHex && !c.rejected && p.work.keepsPins(c)))
        continue;
      const covered = await this.cover(p, node);
      if (covered) return;
    }
    const root = await p.work.usable({ level: k, index: 0 });
    if (root && p.signOffPosted && this.o.submitProof !== false) await this.submit(p, root);
  }

  /** Proves `node` itself when its inputs are ready; false when they are not yet. */
  private async cover(p: Pending, node: TreeNode): Promise<boolean> {
    const t0 = performance.now();
    const block = p.work.block;
    let payload: Uint8Array;
    let children: [Uint8Array, Uint8Array] | undefined;
    if (node.level === 0) {
      payload = encodeLeafProof(
        await this.o.prover.proveRollupLeaf({
          chunk: p.transcript.chunks[1 + node.index]!,
          constantsHash: blockConstantsHash(block.header, block.transcriptRoot),
          proverKey: this.publicKey,
          shape: this.shape,
        }),
      );
    } else {
      const [l, r] = childNodes(node);
      const left = await p.work.usable(l);
      const right = await p.work.usable(r);
      if (!left || !right) return false;
      children = [left.digest, right.digest];
      payload = await proveMergePayload({
        prover: this.o.prover,
        shape: this.shape,
        left: { node: l, payload: left.payload! },
        right: { node: r, payload: right.payload! },
        mergerKey: this.publicKey,
      });
    }
    const own = p.work.addOwn(node, this.publicKeyHex, payload, children);
    this.emit({ type: 'covered', number: block.number, node: nodeKey(node), ms: Math.round(performance.now() - t0) });
    // Revealed as the gap fill where nobody is assigned (the L1 pins it); announced so members
    // waiting on this child can build on it. Never credited.
    const result = signResult(this.o.secretKey, {
      blockCommitment: block.commitment,
      node,
      kind: kindOf(node),
      proofDigest: own.digest,
      prover: this.publicKey,
    });
    // Announced first: a refused reveal (a child that is itself an unrevealed cover) must not hide
    // the node from members and watching submitters that build on it.
    await p.work.announce(
      TOPICS.results,
      encodeResultAnnouncement({ result, holder: this.o.transport.peerId, children }),
    );
    if (p.work.assignment.creditableProvers(node).length === 0) {
      try {
        await this.o.l1.revealResult(this.o.secretKey, result, payload);
      } catch (e) {
        this.emit({
          type: 'error',
          number: block.number,
          message: `gap fill ${nodeKey(node)} not pinned: ${(e as Error).message}`,
        });
      }
    }
    return true;
  }

  private async submit(p: Pending, root: Candidate): Promise<void> {
    const block = p.work.block;
    const { proof, tree } = await assembleFinalProof(p.work, root);
    // A tree that folded an unpinned cover where a member's result has since been pinned is
    // dropped from its top (covered again next tick).
    const conflict = pinConflict(tree, p.work.pins);
    if (conflict !== undefined) {
      for (const c of p.work.candidatesOf(root.node)) if (c.prover === this.publicKeyHex) c.rejected = 'off the pins';
      this.emit({
        type: 'error',
        number: block.number,
        message: `node ${conflict} is pinned to another prover: root redone`,
      });
      return;
    }
    const refusedKey = treeKey(tree);
    if (p.refusedTrees.has(refusedKey)) return;
    // The decider on the root (a member's root was checked when fetched; check our own here).
    if (root.prover === this.publicKeyHex) await checkPayload(this.o.prover, root.payload!, 'merge', this.shape);
    p.submitted = true;
    let receipt: Awaited<ReturnType<L1Client['submitProof']>>;
    try {
      receipt = await this.o.l1.submitProof(this.o.secretKey, block.number, encodeBlockProof(proof));
    } catch (e) {
      // Typically our cover of a node raced a member's reveal that the L1 pinned in between: the
      // next tick reads the new pin and builds on the member's result. The same tree is not sent
      // again.
      p.refusedTrees.add(refusedKey);
      p.submitted = false;
      this.emit({ type: 'error', number: block.number, message: `final proof refused: ${(e as Error).message}` });
      return;
    }
    const view = receipt.block as BlockView;
    this.emit({
      type: 'verified',
      number: block.number,
      leaves: 2 ** block.header.treeHeight,
      assignment: block.header.assignment.mode,
      msToVerified: Math.round(performance.now() - p.postedAt),
      tree,
      assignedMembers: assignedMembers(p.work),
      memberLeaves: memberLeaves(p.work),
      block: view,
    });
  }
}
