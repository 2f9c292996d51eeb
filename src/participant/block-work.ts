// One open block's results as one node sees them: announcements from gossip, payloads fetched
// from their holders and checked (digest, then the decider), this node's own results, and the
// chunks and payloads it serves. The participant and the sequencer share it.
import { bytesToHex, equalBytes } from '../protocol/bytes.js';
import { isNodeInTree, proofDigest, type Assignment, type TreeNode } from '../protocol/index.js';
import type { ShapeName } from '../proof/shape-catalog.js';
import type { ProvenChunk } from '../rollup/transcript.js';
import {
  childNodes,
  kindOf,
  nodeKey,
  pickCandidate,
  pinnedDigestsOf,
  pinsOf,
  type Candidate,
  type OpenBlock,
} from './duties.js';
import { PayloadRejectedError } from './errors.js';
import type { ResultAnnouncement } from './messages.js';
import { checkPayload } from './payloads.js';
import type { Prover } from './ports/prover.js';
import type { PeerTransport, Topic } from './ports/transport.js';

export type PayloadRejection = { node: string; holder: string; reason: string };

export class BlockWork {
  private seq = 0;
  private readonly outbox: Array<{ topic: Topic; data: Uint8Array }> = [];
  private lastRepublish = Date.now();
  private readonly candidates = new Map<string, Candidate[]>();
  private readonly fetching = new Map<Candidate, Promise<boolean>>();
  /** Chunks this node holds and serves (index → chunk with its inclusion proof). */
  readonly chunks = new Map<number, ProvenChunk>();
  /** The L1's pins (node key → prover hex), refreshed by the owner from each status poll (setPins). */
  pins = new Map<string, string>();
  /** The pinned results' proof digests (node key → hex). */
  pinnedDigests = new Map<string, string>();
  /** Payloads taken without running the decider here: the L1 had checked those very bytes. */
  checkedByL1 = 0;
  /** Payloads this node serves, by node key: its own results (an announcement names its prover as holder). */
  readonly payloads = new Map<string, Uint8Array>();

  constructor(
    readonly block: OpenBlock,
    readonly assignment: Assignment,
    private readonly transport: PeerTransport,
    private readonly prover: Prover,
    private readonly shape: ShapeName,
    private readonly onReject: (r: PayloadRejection) => void = () => {},
  ) {}

  /** Takes the L1's pins from a status poll's open block. */
  setPins(view: { pins?: ReadonlyArray<{ level: number; index: number; prover: string; digest?: string }> }): void {
    this.pins = pinsOf(view);
    this.pinnedDigests = pinnedDigestsOf(view);
  }

  /** Records an announcement for this block; false when it is for another block, outside the tree, or known. */
  addAnnouncement(a: ResultAnnouncement): boolean {
    const r = a.result;
    if (!equalBytes(r.blockCommitment, this.block.commitment)) return false;
    if (!isNodeInTree(this.block.header.treeHeight, r.node)) return false;
    const key = nodeKey(r.node);
    const list = this.candidates.get(key) ?? [];
    const prover = bytesToHex(r.prover);
    if (list.some((c) => c.prover === prover && equalBytes(c.digest, r.proofDigest))) return false;
    list.push({ node: r.node, prover, digest: r.proofDigest, holder: a.holder, children: a.children, seq: this.seq++ });
    this.candidates.set(key, list);
    return true;
  }

  /** This node's own result: usable at once and served. */
  addOwn(node: TreeNode, prover: string, payload: Uint8Array, children?: readonly [Uint8Array, Uint8Array]): Candidate {
    const key = nodeKey(node);
    const c: Candidate = {
      node,
      prover,
      digest: proofDigest(payload),
      holder: this.transport.peerId,
      children,
      seq: this.seq++,
      payload,
    };
    this.candidates.set(key, [...(this.candidates.get(key) ?? []), c]);
    this.payloads.set(key, payload);
    return c;
  }

  /**
   * Publishes a gossip message and keeps it: gossip may drop a message sent before the mesh
   * formed, so everything this node announced for the open block is re-sent by `republish`
   * (receivers ignore what they already hold).
   */
  async announce(topic: Topic, data: Uint8Array): Promise<void> {
    this.outbox.push({ topic, data });
    await this.transport.publish(topic, data);
  }

  /** Re-sends this node's announcements at most every `everyMs`. */
  async republish(everyMs: number): Promise<void> {
    const now = Date.now();
    if (now - this.lastRepublish < everyMs) return;
    this.lastRepublish = now;
    for (const m of this.outbox) await this.transport.publish(m.topic, m.data).catch(() => {});
  }

  candidatesOf(node: TreeNode): readonly Candidate[] {
    return this.candidates.get(nodeKey(node)) ?? [];
  }

  /** Fetches and checks one candidate's payload once; true when it is usable. */
  ensurePayload(c: Candidate): Promise<boolean> {
    if (c.payload) return Promise.resolve(true);
    if (c.rejected) return Promise.resolve(false);
    let p = this.fetching.get(c);
    if (!p) {
      p = this.fetchAndCheck(c);
      this.fetching.set(c, p);
    }
    return p;
  }

  private async fetchAndCheck(c: Candidate): Promise<boolean> {
    const reject = (reason: string) => {
      c.rejected = reason;
      this.onReject({ node: nodeKey(c.node), holder: c.holder, reason });
      return false;
    };
    let payload: Uint8Array;
    try {
      const got = await this.transport.fetchPayload(
        { commitment: this.block.commitment, level: c.node.level, index: c.node.index },
        { peer: c.holder },
      );
      payload = got.bytes;
    } catch (e) {
      // Not reachable now (not yet connected, or gone): asked again on a later call.
      c.lastFetchError = (e as Error).message;
      this.fetching.delete(c);
      return false;
    }
    if (!equalBytes(proofDigest(payload), c.digest)) {
      this.transport.reportPeer(c.holder, 'bad-payload');
      return reject('payload does not match the signed digest');
    }
    try {
      // The L1 ran these checks on exactly these bytes before pinning them (it checks every
      // reveal's data): a payload hashing to the pinned digest needs only to decode.
      const checkedByL1 = this.pinnedDigests.get(nodeKey(c.node)) === bytesToHex(c.digest);
      await checkPayload(this.prover, payload, kindOf(c.node), this.shape, { decide: !checkedByL1 });
      if (checkedByL1) this.checkedByL1++;
    } catch (e) {
      if (!(e instanceof PayloadRejectedError)) throw e;
      this.transport.reportPeer(c.holder, 'bad-payload');
      return reject(e.message);
    }
    c.payload = payload;
    return true;
  }

  /**
   * Whether the tree under `c` keeps the L1's pins: a final proof must carry every pinned result,
   * so a merge that folded a child the L1 has since pinned to someone else (a cover that raced a
   * member's timely reveal) can never be part of one. A child not announced yet does not count
   * against it. Pins arrive over time, so the answer may change from true to false.
   */
  keepsPins(c: Candidate): boolean {
    const pinned = this.pins.get(nodeKey(c.node));
    if (pinned !== undefined && c.prover !== pinned) return false;
    if (c.node.level === 0 || c.children === undefined) return true;
    return childNodes(c.node).every((kid, side) => {
      const folded = this.candidatesOf(kid).find((k) => equalBytes(k.digest, c.children![side]!));
      return folded === undefined || this.keepsPins(folded);
    });
  }

  /**
   * The child result to build on, fetching and checking candidates as needed; undefined while no
   * candidate of this node is usable yet (a result whose tree breaks a pin never is).
   */
  async usable(node: TreeNode): Promise<Candidate | undefined> {
    const list = this.candidatesOf(node).filter((c) => this.keepsPins(c));
    const pinned = this.pins.get(nodeKey(node));
    const ready = pickCandidate(this.assignment, list, pinned);
    if (ready) return ready;
    const wanted = list.filter(
      (c) =>
        !c.payload &&
        !c.rejected &&
        (pinned === undefined ? !this.assignment.isCreditable(c.node, c.prover) : c.prover === pinned),
    );
    await Promise.all(wanted.map((c) => this.ensurePayload(c)));
    return pickCandidate(this.assignment, list, pinned);
  }
}
