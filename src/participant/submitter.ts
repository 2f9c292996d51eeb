// A watching submitter: anyone may submit a block's final proof and earn the submitter reward.
// It follows the L1's open block and the result announcements on gossip, and once the tree's root
// has a usable payload, the block's sign-off is posted and `graceMs` have passed (the sequencer,
// which holds the tree already, usually submits first), it assembles the final proof from the
// announced payloads, checks the root with the decider and submits it. It proves nothing itself.
import { stakingKeyFromSecret } from '../protocol/index.js';
import type { BlockView } from '../l1/views.js';
import { encodeBlockProof } from '../proof/messages.js';
import { BASE_ROLLUP_SHAPE, type ShapeName } from '../proof/shape-catalog.js';
import { BlockWork } from './block-work.js';
import { blockAssignment, openBlockFromView } from './duties.js';
import {
  assembleFinalProof,
  assignedMembers,
  type BlockVerifiedEvent,
  memberLeaves,
  pinConflict,
  treeKey,
} from './final-proof.js';
import { decodeResultAnnouncement } from './messages.js';
import { checkPayload } from './payloads.js';
import type { L1Client } from './ports/l1-client.js';
import type { Prover } from './ports/prover.js';
import { TOPICS, type GossipMessage, type PeerTransport } from './ports/transport.js';

export type SubmitterEvent =
  | { type: 'root-seen'; number: number; prover: string }
  /** The submission was the first valid one: the block is canonical (msToVerified from this submitter's first sight of the open block). */
  | (BlockVerifiedEvent & {
      /** From the root's first usable payload to the receipt (grace included). */
      msFromRoot: number;
    })
  | { type: 'refused'; number: number; reason: string }
  | { type: 'claimed'; amount: string }
  | { type: 'error'; number?: number; message: string };

export interface SubmitterOptions {
  secretKey: Uint8Array;
  l1: L1Client;
  /** A started transport. */
  transport: PeerTransport;
  /** Runs the decider on the root before submitting (a bad root would waste the submission). */
  prover: Prover;
  shape?: ShapeName;
  /** Wait this long after the root becomes usable before submitting [0]. */
  graceMs?: number;
  /** How often the L1 is polled [300 ms]. */
  pollMs?: number;
  /** Claim once this much is claimable [1]. */
  claimAtLeast?: bigint;
  onEvent?: (event: SubmitterEvent) => void;
}

interface Watched {
  work: BlockWork;
  seenAt: number;
  rootSeenAt?: number;
  /** Set once a submission was accepted. */
  done: boolean;
  /** Final trees the L1 refused (node → prover, as JSON): none is sent again. */
  refusedTrees: Set<string>;
}

export class Submitter {
  readonly publicKey: Uint8Array;
  private readonly shape: ShapeName;
  private running = false;
  private busy = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private watched: Watched | undefined;
  private readonly unsubscribe: () => void;

  constructor(private readonly o: SubmitterOptions) {
    this.publicKey = stakingKeyFromSecret(o.secretKey).publicKey;
    this.shape = o.shape ?? BASE_ROLLUP_SHAPE;
    this.unsubscribe = o.transport.subscribe(TOPICS.results, (m: GossipMessage) => {
      try {
        this.watched?.work.addAnnouncement(decodeResultAnnouncement(m.data));
      } catch (e) {
        o.transport.reportPeer(m.from, 'invalid-message');
        this.emit({ type: 'error', message: `dropped a result announcement from ${m.from}: ${(e as Error).message}` });
      }
    });
  }

  private emit(e: SubmitterEvent): void {
    this.o.onEvent?.(e);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    const loop = async () => {
      if (!this.running) return;
      if (!this.busy) {
        this.busy = true;
        try {
          await this.tick();
        } catch (e) {
          this.emit({ type: 'error', number: this.watched?.work.block.number, message: (e as Error).message });
        } finally {
          this.busy = false;
        }
      }
      if (this.running) this.timer = setTimeout(loop, this.o.pollMs ?? 300);
    };
    void loop();
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    this.unsubscribe();
  }

  private async tick(): Promise<void> {
    const status = await this.o.l1.status();
    const open = status.openBlock;
    const w = this.watched;
    if (w && (!open || open.commitment.slice(2) !== w.work.block.commitmentHex)) {
      this.watched = undefined;
      await this.claimIfDue();
    }
    if (!open) return;
    if (!this.watched) {
      const block = openBlockFromView(open);
      this.watched = {
        work: new BlockWork(block, blockAssignment(block), this.o.transport, this.o.prover, this.shape),
        seenAt: performance.now(),
        done: false,
        refusedTrees: new Set(),
      };
    }
    const watched = this.watched;
    watched.work.setPins(open);
    if (watched.done || open.signers < open.signOffThreshold) return;
    const k = watched.work.block.header.treeHeight;
    const root = await watched.work.usable({ level: k, index: 0 });
    if (!root) return;
    if (watched.rootSeenAt === undefined) {
      watched.rootSeenAt = performance.now();
      this.emit({ type: 'root-seen', number: watched.work.block.number, prover: root.prover });
    }
    if (performance.now() - watched.rootSeenAt < (this.o.graceMs ?? 0)) return;
    await this.submit(watched, root);
  }

  private async submit(watched: Watched, root: NonNullable<Awaited<ReturnType<BlockWork['usable']>>>) {
    const block = watched.work.block;
    const { proof, tree } = await assembleFinalProof(watched.work, root);
    const conflict = pinConflict(tree, watched.work.pins);
    if (conflict !== undefined) {
      // Another root will be announced (the sequencer redoes it); wait for it.
      root.rejected = `node ${conflict} is pinned to another prover`;
      return;
    }
    const refusedKey = treeKey(tree);
    if (watched.refusedTrees.has(refusedKey)) return;
    // usable() fetched the root's payload and checked its digest; the decider is the check
    // that it satisfies the relation, so a submission never carries a root that fails.
    await checkPayload(this.o.prover, root.payload!, 'merge', this.shape);
    let receipt: Awaited<ReturnType<L1Client['submitProof']>>;
    try {
      receipt = await this.o.l1.submitProof(this.o.secretKey, block.number, encodeBlockProof(proof));
    } catch (e) {
      // A pin that arrived after our last look may make another tree the valid one: that one is
      // still submitted; this one never again.
      watched.refusedTrees.add(refusedKey);
      this.emit({ type: 'refused', number: block.number, reason: (e as Error).message });
      return;
    }
    watched.done = true;
    const now = performance.now();
    this.emit({
      type: 'verified',
      number: block.number,
      leaves: 2 ** block.header.treeHeight,
      assignment: block.header.assignment.mode,
      msToVerified: Math.round(now - watched.seenAt),
      msFromRoot: Math.round(now - watched.rootSeenAt!),
      tree,
      assignedMembers: assignedMembers(watched.work),
      memberLeaves: memberLeaves(watched.work),
      block: receipt.block as BlockView,
    });
  }

  private async claimIfDue(): Promise<void> {
    try {
      const account = await this.o.l1.getAccount(this.publicKey);
      const amount = BigInt(account.claimableRewards);
      if (amount >= (this.o.claimAtLeast ?? 1n)) {
        await this.o.l1.claim(this.o.secretKey);
        this.emit({ type: 'claimed', amount: amount.toString() });
      }
    } catch (e) {
      this.emit({ type: 'error', message: `claim failed: ${(e as Error).message}` });
    }
  }
}
