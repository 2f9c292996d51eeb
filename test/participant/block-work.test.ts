// BlockWork's choice of a result to build on against the L1's pins: a merge whose tree folded a
// child the L1 pinned to someone else is never usable, however it was announced, so the sequencer
// covers that merge again and a watching submitter waits for a tree the L1 can accept.
import { describe, expect, it } from 'vitest';
import { BlockWork } from '../../src/participant/block-work.js';
import { nodeKey, type OpenBlock } from '../../src/participant/duties.js';
import { MemoryHub } from '../../src/participant/ports/memory-transport.js';
import type { Prover } from '../../src/participant/ports/prover.js';
import { toyWorkload } from '../../src/bench/workloads.js';
import { loadKernel } from '../../src/kernel/index.js';
import type { ResultAnnouncement } from '../../src/participant/messages.js';
import { proveLeaf } from '../../src/proof/base.js';
import { encodeLeafProof } from '../../src/proof/messages.js';
import { bytesToHex, hexToBytes } from '../../src/protocol/bytes.js';
import { elect, proofDigest, sortedRoundsAssignment, type TreeNode } from '../../src/protocol/index.js';
import { fakeKey, sampleHeader } from '../protocol/fixtures.js';

const committee = elect(
  Array.from({ length: 4 }, (_, i) => fakeKey(i)),
  { prevBlockHash: sampleHeader.prevBlockHash, slot: 1 },
  4,
).committee;
const assignment = sortedRoundsAssignment(committee, 2, 1, 1);
const sequencer = bytesToHex(fakeKey(99));
const block: OpenBlock = {
  number: 1,
  commitment: new Uint8Array(32).fill(7),
  commitmentHex: '07'.repeat(32),
  header: { ...sampleHeader, treeHeight: 2, committeeSize: 4 },
  headerBytes: new Uint8Array(0),
  transcriptRoot: new Uint8Array(32),
  sequencer,
  committee: committee.map((e) => bytesToHex(e.publicKey)),
  postedSlot: 1,
  deadlineSlot: 9,
};
// Every payload here is this node's own (addOwn), so nothing is fetched or proven.
const noProver = {} as Prover;
const payload = (tag: number) => new Uint8Array(64).fill(tag);

function work(): BlockWork {
  return new BlockWork(block, assignment, new MemoryHub().transport(), noProver, 'base-rollup');
}

const leaf = (index: number): TreeNode => ({ level: 0, index });
const assigned = (node: TreeNode) => assignment.creditableProvers(node)[0]!;

describe('BlockWork against the pins', () => {
  it('a cover that folded a leaf the L1 pinned to its member is no longer usable, nor the root on it', async () => {
    const w = work();
    const coverLeaf = w.addOwn(leaf(0), sequencer, payload(1));
    w.addOwn(leaf(1), sequencer, payload(2));
    const merge = w.addOwn({ level: 1, index: 0 }, sequencer, payload(3), [
      coverLeaf.digest,
      w.candidatesOf(leaf(1))[0]!.digest,
    ]);
    const other = w.addOwn({ level: 1, index: 1 }, sequencer, payload(4), [new Uint8Array(32), new Uint8Array(32)]);
    const root = w.addOwn({ level: 2, index: 0 }, sequencer, payload(5), [merge.digest, other.digest]);
    expect(await w.usable({ level: 1, index: 0 })).toBe(merge);
    expect(await w.usable({ level: 2, index: 0 })).toBe(root);
    expect(w.keepsPins(root)).toBe(true);

    // The member assigned to leaf 0 revealed in time: the L1 pins leaf 0 to it.
    w.pins = new Map([[nodeKey(leaf(0)), assigned(leaf(0))]]);
    expect(w.keepsPins(coverLeaf)).toBe(false);
    expect(w.keepsPins(merge)).toBe(false);
    expect(w.keepsPins(root)).toBe(false);
    expect(await w.usable({ level: 1, index: 0 })).toBeUndefined();
    expect(await w.usable({ level: 2, index: 0 })).toBeUndefined();
    // The other side of the tree is untouched by that pin.
    expect(await w.usable({ level: 1, index: 1 })).toBe(other);
  });

  it('a merge redone on the pinned leaf is usable again, and the newer root on it', async () => {
    const w = work();
    const member = assigned(leaf(0));
    const staleLeaf = w.addOwn(leaf(0), sequencer, payload(1));
    const right = w.addOwn(leaf(1), sequencer, payload(2));
    const stale = w.addOwn({ level: 1, index: 0 }, sequencer, payload(3), [staleLeaf.digest, right.digest]);
    // The member's leaf arrives (held here as if fetched) and the L1 pins it.
    const pinnedLeaf = w.addOwn(leaf(0), member, payload(6));
    w.pins = new Map([[nodeKey(leaf(0)), member]]);
    expect(w.keepsPins(stale)).toBe(false);
    const redone = w.addOwn({ level: 1, index: 0 }, sequencer, payload(7), [pinnedLeaf.digest, right.digest]);
    expect(await w.usable(leaf(0))).toBe(pinnedLeaf);
    expect(await w.usable({ level: 1, index: 0 })).toBe(redone);
  });

  it('a child that was not announced does not count against a merge', () => {
    const w = work();
    const merge = w.addOwn({ level: 1, index: 0 }, sequencer, payload(3), [new Uint8Array(32), new Uint8Array(32)]);
    w.pins = new Map([[nodeKey(leaf(0)), assigned(leaf(0))]]);
    expect(w.keepsPins(merge)).toBe(true);
  });

  it('a pinned node keeps only the pinned prover', () => {
    const w = work();
    const node = { level: 1, index: 1 };
    const cover = w.addOwn(node, sequencer, payload(8), [new Uint8Array(32), new Uint8Array(32)]);
    w.pins = new Map([[nodeKey(node), assigned(node)]]);
    expect(w.keepsPins(cover)).toBe(false);
  });
});

describe('BlockWork and the L1-checked payloads', () => {
  // A real leaf payload of a small shape, served by a holder over the in-memory transport.
  async function setup() {
    const kernel = await loadKernel();
    const toy = toyWorkload(kernel, 1, 256);
    const leafPayload = encodeLeafProof(proveLeaf(kernel, toy.prepared, toy.assignments[0]!));
    const hub = new MemoryHub();
    const holder = hub.transport('holder');
    const me = hub.transport('me');
    await Promise.all([holder.start(), me.start()]);
    holder.servePayloads(() => leafPayload);
    let decided = 0;
    const prover = {
      decide: async () => {
        decided++;
      },
    } as unknown as Prover;
    const w = new BlockWork(block, assignment, me, prover, toy.shapeName);
    const member = assigned(leaf(0));
    const digest = proofDigest(leafPayload);
    w.addAnnouncement({
      result: { blockCommitment: block.commitment, node: leaf(0), prover: hexToBytes(member), proofDigest: digest },
      holder: 'holder',
    } as unknown as ResultAnnouncement);
    return { w, member, digest, decided: () => decided };
  }

  it('a payload hashing to the pinned digest is taken without running the decider again', async () => {
    const { w, member, digest, decided } = await setup();
    w.setPins({ pins: [{ level: 0, index: 0, prover: `0x${member}`, digest: `0x${bytesToHex(digest)}` }] });
    const got = await w.usable(leaf(0));
    expect(got?.payload).toBeDefined();
    expect(decided()).toBe(0);
    expect(w.checkedByL1).toBe(1);
  });

  it('the same announcement under another pinned digest, or a pin without one, runs the decider here', async () => {
    for (const pinnedDigest of [`0x${'ab'.repeat(32)}`, undefined]) {
      const { w, member, decided } = await setup();
      w.setPins({
        pins: [{ level: 0, index: 0, prover: `0x${member}`, ...(pinnedDigest ? { digest: pinnedDigest } : {}) }],
      });
      expect((await w.usable(leaf(0)))?.payload).toBeDefined();
      expect(decided()).toBe(1);
      expect(w.checkedByL1).toBe(0);
    }
  });
});
