// A staker's duties as one loop over the ports: follow the L1's open block; compute the committee's
// VRFs, this key's rank and its assignment; fetch only the transcript chunks it needs and check
// each against the L1's transcript root (failing over between peers); sign off once it holds
// them; prove its leaves and the merges its assignment allows, building on checked payloads from
// whoever holds them; commit, then reveal on the L1, and announce on gossip; serve its chunks and
// payloads; claim rewards once blocks close. The decisions are the pure functions of ./duties.ts.
// Each node's proof is a job in the participant's store (./jobs.ts), leased while it runs and kept
// when done, and each published result is kept too: a participant restarted on the same store
// (a reloaded tab, a restarted process) resumes the open block without proving a node twice.
import { bytesToHex } from '../protocol/bytes.js';
import {
  signBlockCommitment,
  signResult,
  signResultCommitment,
  stakingKeyFromSecret,
  type ResultEnvelope,
  type TreeNode,
} from '../protocol/index.js';
import { blockConstantsHash } from '../proof/rollup-statement.js';
import { checkTranscriptChunk, decodeProvenChunk, encodeProvenChunk, openLeafChunk } from '../rollup/transcript.js';
import { encodeLeafProof } from '../proof/messages.js';
import { BASE_ROLLUP_SHAPE, type ShapeName } from '../proof/shape-catalog.js';
import { DEFAULT_ROLLUP_PARAMS } from '../rollup/params.js';
import type { RollupParams } from '../rollup/types.js';
import { equalBytes } from '../protocol/bytes.js';
import { BlockWork } from './block-work.js';
import {
  blockAssignment,
  type Candidate,
  childNodes,
  dutyOf,
  kindOf,
  nodeKey,
  openBlockFromView,
  type Duty,
  type OpenBlock,
} from './duties.js';
import { FetchFailedError } from './errors.js';
import { decodeResultAnnouncement, encodeResultAnnouncement, encodeSignOffShare } from './messages.js';
import { decodeNodeJobOutput, encodeNodeJobOutput, nodeJobSpec, type NodeJobOutput } from './jobs.js';
import { proveMergePayload } from './payloads.js';
import { l1Unanswered, type L1Client } from './ports/l1-client.js';
import { MemoryStore } from './ports/memory-store.js';
import { LeaseLostError, type ParticipantStore } from './ports/store.js';
import type { Prover } from './ports/prover.js';
import { TOPICS, type ChunkResponse, type GossipMessage, type PeerTransport } from './ports/transport.js';

export type ParticipantEvent =
  | { type: 'block'; number: number; rank: number; nodes: string[]; chunks: number[] }
  /** A checked chunk, from a peer or (stored: true, from: 'store') kept in the store before a restart. */
  | { type: 'chunk'; number: number; index: number; from: string; stored?: boolean }
  | { type: 'chunk-rejected'; number: number; index: number; from: string; reason: string }
  | { type: 'signed-off'; number: number }
  | { type: 'proving'; number: number; node: string }
  | { type: 'proved'; number: number; node: string; ms: number }
  /** A node found in the store from before a restart: already proved, or already published too. */
  | { type: 'resumed'; number: number; node: string; state: 'proved' | 'published' }
  | { type: 'revealed'; number: number; node: string; outcome: string }
  | { type: 'payload-rejected'; number: number; node: string; holder: string; reason: string }
  | { type: 'claimed'; amount: string }
  /** The store let go of the jobs, chunks and results of blocks before the last few. */
  | { type: 'pruned'; jobs: number; chunks: number; results: number }
  | { type: 'error'; number?: number; message: string };

export interface ParticipantOptions {
  secretKey: Uint8Array;
  l1: L1Client;
  /** A started transport. */
  transport: PeerTransport;
  prover: Prover;
  rollupParams?: RollupParams;
  /** The base-rollup shape for these rollup parameters [base-rollup]. */
  shape?: ShapeName;
  /** How often the L1 is polled [300 ms]. */
  pollMs?: number;
  /** Claim once this much is claimable [1]. */
  claimAtLeast?: bigint;
  /** Claim on its own when a block closes [true]; the tab leaves it to the staker's button (`claimNow`). */
  autoClaim?: boolean;
  onEvent?: (event: ParticipantEvent) => void;
  /** Where jobs and published results are kept [a MemoryStore: nothing survives the process]. */
  store?: ParticipantStore;
  /** How long a node job's lease holds; renewed every third of it while the proof runs [30 s]. */
  leaseMs?: number;
  /** The clock for leases [Date.now]. */
  now?: () => number;
  /** How many of the latest blocks seen (at least the open one) keep their jobs, chunks and results in the store [3]. */
  keepBlocks?: number;
}

/** How often announcements of the open block are re-sent (gossip may drop early messages). */
const REPUBLISH_MS = 3000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class Participant {
  readonly publicKey: Uint8Array;
  readonly publicKeyHex: string;
  private readonly pollMs: number;
  private readonly params: RollupParams;
  private readonly shape: ShapeName;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running = false;
  private current: { work: BlockWork; duty: Duty; closed: boolean } | undefined;
  private readonly unsubscribe: () => void;
  /** Signed L1 calls share the account nonce: one at a time. */
  private l1Queue: Promise<unknown> = Promise.resolve();
  private claiming = false;
  private readonly store: ParticipantStore;
  private readonly leaseMs: number;
  private readonly now: () => number;
  /** The latest blocks seen, newest last: pruning keeps their records. */
  private readonly recentBlocks: Uint8Array[] = [];

  constructor(private readonly o: ParticipantOptions) {
    const key = stakingKeyFromSecret(o.secretKey);
    this.publicKey = key.publicKey;
    this.publicKeyHex = bytesToHex(key.publicKey);
    this.pollMs = o.pollMs ?? 300;
    this.params = o.rollupParams ?? DEFAULT_ROLLUP_PARAMS;
    this.shape = o.shape ?? BASE_ROLLUP_SHAPE;
    this.store = o.store ?? new MemoryStore();
    this.leaseMs = o.leaseMs ?? 30_000;
    this.now = o.now ?? Date.now;
    this.unsubscribe = o.transport.subscribe(TOPICS.results, (m) => this.onResult(m));
    const mine = (commitment: Uint8Array) =>
      this.current && equalBytes(this.current.work.block.commitment, commitment) ? this.current.work : undefined;
    o.transport.serveChunks((r) => mine(r.commitment)?.chunks.get(r.index) ?? null);
    o.transport.servePayloads((r) => mine(r.commitment)?.payloads.get(`${r.level}/${r.index}`) ?? null);
  }

  private emit(e: ParticipantEvent): void {
    this.o.onEvent?.(e);
  }

  private signed<T>(call: () => Promise<T>): Promise<T> {
    const p = this.l1Queue.then(call, call);
    this.l1Queue = p.catch(() => {});
    return p;
  }

  /**
   * A signed call sent again while the L1 does not answer (the network dropped), every few
   * seconds until it answers or `closed()`: a short outage costs the block nothing. Safe to repeat:
   * each attempt signs with a fresh nonce, and a result commitment or reveal the L1 already took
   * is taken once (a second commitment is a 'duplicate', the same reveal is the same pin).
   */
  private async signedUntilAnswered<T>(call: () => Promise<T>, closed: () => boolean): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.signed(call);
      } catch (e) {
        if (!l1Unanswered(e) || closed()) throw e;
        await sleep(Math.min(5_000, this.pollMs * 2 ** attempt));
      }
    }
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    const loop = async () => {
      if (!this.running) return;
      try {
        await this.tick();
      } catch (e) {
        this.emit({ type: 'error', message: `L1 poll failed: ${(e as Error).message}` });
      }
      if (this.running) this.timer = setTimeout(loop, this.pollMs);
    };
    void loop();
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    if (this.current) this.current.closed = true;
    this.unsubscribe();
  }

  private onResult(m: GossipMessage): void {
    try {
      this.current?.work.addAnnouncement(decodeResultAnnouncement(m.data));
    } catch (e) {
      this.o.transport.reportPeer(m.from, 'invalid-message');
      this.emit({ type: 'error', message: `dropped a result announcement from ${m.from}: ${(e as Error).message}` });
    }
  }

  /** One look at the L1: a new open block starts its duty; a closed one ends it. */
  private async tick(): Promise<void> {
    const status = await this.o.l1.status();
    const open = status.openBlock;
    if (this.current && open && open.commitment.slice(2) === this.current.work.block.commitmentHex) {
      this.current.work.setPins(open);
      void this.current.work.republish(REPUBLISH_MS);
    }
    let closed = false;
    if (this.current && (!open || open.commitment.slice(2) !== this.current.work.block.commitmentHex)) {
      this.current.closed = true;
      this.current = undefined;
      if (this.o.autoClaim ?? true) void this.claimIfDue();
      closed = true;
    }
    if (open && !this.current) {
      const block = openBlockFromView(open);
      this.recentBlocks.push(block.commitment);
      this.recentBlocks.splice(0, this.recentBlocks.length - Math.max(1, this.o.keepBlocks ?? 3));
      const assignment = blockAssignment(block);
      const duty = dutyOf(block, assignment, this.publicKeyHex);
      const work = new BlockWork(block, assignment, this.o.transport, this.o.prover, this.shape, (e) =>
        this.emit({ type: 'payload-rejected', ...e, number: block.number }),
      );
      const current = { work, duty, closed: false };
      this.current = current;
      if (duty.rank >= 0) {
        this.emit({
          type: 'block',
          number: block.number,
          rank: duty.rank,
          nodes: duty.nodes.map(nodeKey),
          chunks: [...duty.chunks],
        });
        void this.runDuty(current).catch((e: unknown) => {
          if (!current.closed) this.emit({ type: 'error', number: block.number, message: (e as Error).message });
        });
      }
    }
    // After the next block (if any) is among the recent ones, so its records are never pruned.
    if (closed) void this.prune();
  }

  /** Lets the store go of every block but the latest few (a long-running tab would otherwise fill its disk). */
  private async prune(): Promise<void> {
    try {
      const removed = await this.store.pruneBlocks(this.recentBlocks);
      if (removed.jobs + removed.chunks + removed.results > 0) this.emit({ type: 'pruned', ...removed });
    } catch (e) {
      this.emit({ type: 'error', message: `could not prune the store: ${(e as Error).message}` });
    }
  }

  private async claimIfDue(): Promise<void> {
    if (this.claiming) return;
    this.claiming = true;
    try {
      const account = await this.o.l1.getAccount(this.publicKey);
      const amount = BigInt(account.claimableRewards);
      if (amount >= (this.o.claimAtLeast ?? 1n)) {
        await this.signed(() => this.o.l1.claim(this.o.secretKey));
        this.emit({ type: 'claimed', amount: amount.toString() });
      }
    } catch (e) {
      this.emit({ type: 'error', message: `claim failed: ${(e as Error).message}` });
    } finally {
      this.claiming = false;
    }
  }

  /**
   * Claims every claimable reward now, through the same queue as the participant's other signed
   * calls (they share the account nonce); resolves with the amount claimed (0 when there was none).
   */
  async claimNow(): Promise<bigint> {
    const account = await this.o.l1.getAccount(this.publicKey);
    const amount = BigInt(account.claimableRewards);
    if (amount === 0n) return 0n;
    await this.signed(() => this.o.l1.claim(this.o.secretKey));
    this.emit({ type: 'claimed', amount: amount.toString() });
    return amount;
  }

  private async runDuty(current: { work: BlockWork; duty: Duty; closed: boolean }): Promise<void> {
    const { work, duty } = current;
    const block = work.block;
    // 1. The chunks this duty needs, each checked against the transcript root.
    for (const index of duty.chunks) {
      if (current.closed) return;
      work.chunks.set(index, await this.fetchChunk(block, index, () => current.closed));
    }
    // 2. Holding them, sign off the block commitment (the sequencer aggregates M of N).
    await work.announce(
      TOPICS.signOffs,
      encodeSignOffShare({
        blockCommitment: block.commitment,
        rank: duty.rank,
        signature: signBlockCommitment(this.o.secretKey, block.commitment),
      }),
    );
    this.emit({ type: 'signed-off', number: block.number });
    // 3. Every node of the duty, bottom-up; a merge waits for usable children. Each node is a job
    // in the store: one already done (before a restart) is not proved again, one already
    // published is only announced again.
    const constantsHash = blockConstantsHash(block.header, block.transcriptRoot);
    for (const node of duty.nodes) {
      if (current.closed) return;
      const key = { commitment: block.commitment, level: node.level, index: node.index };
      const published = await this.store.getResult(key);
      let output: NodeJobOutput | undefined;
      if (published) {
        const job = await this.store.getJob(nodeJobSpec(block.commitment, node).id);
        output = job?.output ? decodeNodeJobOutput(job.output) : { payload: published };
        work.addOwn(node, this.publicKeyHex, output.payload, output.children);
        this.emit({ type: 'resumed', number: block.number, node: nodeKey(node), state: 'published' });
        continue;
      }
      // A merge waits for usable children before it takes its job's lease (unless it is done).
      let children: [Candidate, Candidate] | undefined;
      if (node.level > 0 && (await this.store.getJob(nodeJobSpec(block.commitment, node).id))?.state !== 'done') {
        const [l, r] = childNodes(node);
        const left = await this.waitUsable(work, l, () => current.closed);
        const right = await this.waitUsable(work, r, () => current.closed);
        if (!left || !right) return;
        children = [left, right];
      }
      output = await this.nodeJob(current, node, async () => {
        this.emit({ type: 'proving', number: block.number, node: nodeKey(node) });
        const t0 = performance.now();
        let out: NodeJobOutput;
        if (node.level === 0) {
          const chunk = work.chunks.get(1 + node.index)!.chunk;
          const proof = await this.o.prover.proveRollupLeaf({
            chunk,
            constantsHash,
            proverKey: this.publicKey,
            shape: this.shape,
          });
          out = { payload: encodeLeafProof(proof) };
        } else {
          const [left, right] = children!;
          const payload = await proveMergePayload({
            prover: this.o.prover,
            shape: this.shape,
            left: { node: left.node, payload: left.payload! },
            right: { node: right.node, payload: right.payload! },
            mergerKey: this.publicKey,
          });
          out = { payload, children: [left.digest, right.digest] };
        }
        this.emit({
          type: 'proved',
          number: block.number,
          node: nodeKey(node),
          ms: Math.round(performance.now() - t0),
        });
        return out;
      });
      if (!output || current.closed) return;
      await this.publishResult(current, node, output.payload, output.children);
      await this.store.putResult(key, output.payload);
    }
  }

  /**
   * Runs one node's job under a lease from the store and keeps its output; a job done before (by
   * an earlier run of this participant) returns its output without running. While another holder
   * (the run before a restart, still finishing) keeps the lease live, waits: it either completes
   * the job or its lease runs out and this run takes it. Undefined when the block closed first or
   * the job failed for good.
   */
  private async nodeJob(
    current: { work: BlockWork; closed: boolean },
    node: TreeNode,
    run: () => Promise<NodeJobOutput>,
  ): Promise<NodeJobOutput | undefined> {
    const block = current.work.block;
    const spec = nodeJobSpec(block.commitment, node);
    let job = await this.store.addJob(spec);
    for (;;) {
      if (job.state === 'done') {
        this.emit({ type: 'resumed', number: block.number, node: nodeKey(node), state: 'proved' });
        return decodeNodeJobOutput(job.output!);
      }
      if (job.state === 'failed') {
        this.emit({
          type: 'error',
          number: block.number,
          message: `node ${nodeKey(node)} failed after ${job.attempts} attempts: ${job.error}`,
        });
        return undefined;
      }
      if (current.closed) return undefined;
      const leased = await this.store.leaseJob({ now: this.now(), leaseMs: this.leaseMs, ids: [spec.id] });
      if (leased) return this.runLeased(spec.id, leased.lease!.token, run);
      await sleep(this.pollMs);
      job = (await this.store.getJob(spec.id)) ?? (await this.store.addJob(spec));
    }
  }

  private async runLeased(id: string, token: string, run: () => Promise<NodeJobOutput>): Promise<NodeJobOutput> {
    // The heartbeat keeps the lease while the proof runs, even past stop(): the work in flight is
    // finished and kept, so a restart on the same store takes its output instead of redoing it.
    const heartbeat = setInterval(() => {
      void this.store.renewLease(id, token, { now: this.now(), leaseMs: this.leaseMs }).catch(() => {});
    }, this.leaseMs / 3);
    try {
      let out: NodeJobOutput;
      try {
        out = await run();
      } catch (e) {
        await this.store.failJob(id, token, (e as Error).message).catch(() => {});
        throw e;
      }
      try {
        await this.store.completeJob(id, token, encodeNodeJobOutput(out));
      } catch (e) {
        if (!(e instanceof LeaseLostError)) throw e;
        // The lease ran out and another holder took the job: its output, if done, is as good.
        const job = await this.store.getJob(id);
        if (job?.state === 'done') return decodeNodeJobOutput(job.output!);
      }
      return out;
    } finally {
      clearInterval(heartbeat);
    }
  }

  /** Commit, then reveal, on the L1; then announce on gossip and serve the payload. */
  private async publishResult(
    current: { work: BlockWork; closed: boolean },
    node: TreeNode,
    payload: Uint8Array,
    children?: readonly [Uint8Array, Uint8Array],
  ): Promise<void> {
    const work = current.work;
    const closed = () => current.closed;
    const own = work.addOwn(node, this.publicKeyHex, payload, children);
    const envelope: ResultEnvelope = {
      blockCommitment: work.block.commitment,
      node,
      kind: kindOf(node),
      proofDigest: own.digest,
      prover: this.publicKey,
    };
    await this.signedUntilAnswered(
      () => this.o.l1.commitResult(this.o.secretKey, signResultCommitment(this.o.secretKey, envelope)),
      closed,
    );
    const result = signResult(this.o.secretKey, envelope);
    const receipt = await this.signedUntilAnswered(
      () => this.o.l1.revealResult(this.o.secretKey, result, payload),
      closed,
    );
    this.emit({
      type: 'revealed',
      number: work.block.number,
      node: nodeKey(node),
      outcome: String((receipt as { outcome?: unknown }).outcome),
    });
    await work.announce(
      TOPICS.results,
      encodeResultAnnouncement({ result, holder: this.o.transport.peerId, children }),
    );
  }

  private async waitUsable(work: BlockWork, node: TreeNode, closed: () => boolean) {
    for (;;) {
      if (closed()) return undefined;
      const c = await work.usable(node);
      if (c) return c;
      await sleep(this.pollMs);
    }
  }

  /** Throws unless `c` is chunk `index` of the block's transcript (the header: the very header the L1 holds). */
  private checkChunk(block: OpenBlock, index: number, c: ChunkResponse): void {
    if (index === 0) {
      checkTranscriptChunk(block.transcriptRoot, 0, c.chunk, c.proof);
      if (!equalBytes(c.chunk, block.headerBytes))
        throw new FetchFailedError('the header chunk is not the header the L1 holds');
    } else openLeafChunk(block.transcriptRoot, index - 1, c.chunk, c.proof, this.params);
  }

  /** A chunk kept before a restart, checked again; a record that does not check is reported and fetched anew. */
  private async storedChunk(block: OpenBlock, index: number): Promise<ChunkResponse | null> {
    try {
      const bytes = await this.store.getChunk(block.commitment, index);
      if (!bytes) return null;
      const c = decodeProvenChunk(bytes);
      this.checkChunk(block, index, c);
      this.emit({ type: 'chunk', number: block.number, index, from: 'store', stored: true });
      return c;
    } catch (e) {
      this.emit({
        type: 'error',
        number: block.number,
        message: `the stored chunk ${index} is unusable (${(e as Error).message}); fetching it again`,
      });
      return null;
    }
  }

  /**
   * One chunk: from the store when kept before a restart, else from whichever peer serves it,
   * checked against the transcript root and kept. A peer that serves a wrong chunk is reported (and
   * so banned) and the next one asked.
   */
  private async fetchChunk(block: OpenBlock, index: number, closed: () => boolean): Promise<ChunkResponse> {
    const stored = await this.storedChunk(block, index);
    if (stored) return stored;
    for (let round = 0; !closed(); round++) {
      let got: ChunkResponse & { from: string };
      try {
        got = await this.o.transport.fetchChunk({ commitment: block.commitment, index });
      } catch (e) {
        this.emit({ type: 'chunk-rejected', number: block.number, index, from: '-', reason: (e as Error).message });
        await sleep(this.pollMs * Math.min(4, round + 1));
        continue;
      }
      try {
        this.checkChunk(block, index, got);
      } catch (e) {
        this.o.transport.reportPeer(got.from, 'bad-chunk');
        this.emit({
          type: 'chunk-rejected',
          number: block.number,
          index,
          from: got.from,
          reason: (e as Error).message,
        });
        continue;
      }
      this.emit({ type: 'chunk', number: block.number, index, from: got.from });
      const proven = { chunk: got.chunk, proof: got.proof };
      // Kept so a restart does not fetch it again; a store that fails costs only that.
      await this.store.putChunk(block.commitment, index, encodeProvenChunk(proven)).catch((e: unknown) =>
        this.emit({
          type: 'error',
          number: block.number,
          message: `could not keep chunk ${index}: ${(e as Error).message}`,
        }),
      );
      return proven;
    }
    throw new FetchFailedError(`block ${block.number} closed before chunk ${index} could be fetched`);
  }
}
