// The amended commit–reveal book: who may post for a node, what a reveal pins, what a merge must
// build on, and who counts as having participated (credited or not).
import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../../src/protocol/bytes.js';
import {
  CommitRevealBook,
  ResultRefusedError,
  applyInactivity,
  creditBlock,
  nodeKind,
  rankStakers,
  resultCommitment,
  sortedRoundsAssignment,
  type ResultEnvelope,
  type TreeNode,
} from '../../src/protocol/index.js';
import { fakeKey } from './fixtures.js';

const block = new Uint8Array(32).fill(7);
const ranked = rankStakers(
  Array.from({ length: 9 }, (_, i) => fakeKey(i + 1)),
  { prevBlockHash: new Uint8Array(32).fill(4), slot: 2 },
);
const committee = ranked.slice(0, 8);
const sequencer = bytesToHex(ranked[8]!.publicKey);
// k = 2, m = 1, ρ = 2: leaf j to ranks 2j, 2j+1; merge (1, j) to ranks 2j, 2j+1; the root to the sequencer.
const a = sortedRoundsAssignment(committee, 2, 1, 2);
const key = (rank: number) => bytesToHex(committee[rank]!.publicKey);
const SIG = new Uint8Array(96);
const short = (hex: string) => `${hex.slice(0, 16)}…`;

function env(node: TreeNode, prover: string, tag = 'x'): ResultEnvelope {
  const digest = new Uint8Array(32);
  new TextEncoder().encodeInto(`${node.level}/${node.index}/${prover.slice(0, 8)}/${tag}`, digest);
  return {
    blockCommitment: block,
    node,
    kind: nodeKind(node),
    proofDigest: digest,
    prover: Uint8Array.from(Buffer.from(prover, 'hex')),
  };
}
const commitment = (e: ResultEnvelope) => ({
  blockCommitment: block,
  node: e.node,
  prover: e.prover,
  commitment: resultCommitment(e),
  signature: SIG,
});
const book = () => new CommitRevealBook(block, 2, { verifySignatures: false, assignment: a, sequencer });
const inst = (node: TreeNode, prover: string) => bytesToHex(env(node, prover).proofDigest);

describe('commit–reveal book (amended)', () => {
  it('pins the first timely reveal, credits only it, and counts both redundant provers as participants', () => {
    const b = book();
    const leaf = { level: 0, index: 0 };
    expect(a.creditableProvers(leaf)).toEqual([key(0), key(1)]);
    for (const r of [1, 0]) expect(b.recordCommitment(commitment(env(leaf, key(r))))).toBe('recorded');
    expect(b.recordReveal({ ...env(leaf, key(1)), signature: SIG })).toBe('timely');
    expect(b.recordReveal({ ...env(leaf, key(0)), signature: SIG })).toBe('timely');
    expect(b.pinned(leaf)).toEqual({
      node: leaf,
      prover: key(1),
      instance: inst(leaf, key(1)),
      digest: inst(leaf, key(1)),
    });
    expect(b.participants()).toEqual([key(0), key(1)].sort());
    const credit = creditBlock(a, b.pinnedResults(), (n, k) => b.isTimely(n, k));
    expect(credit.credited).toEqual([{ node: leaf, prover: key(1) }]);
    // Inactivity counts participation: the uncredited redundant prover keeps a clean streak.
    const table = new Map([key(0), key(1)].map((k) => [k, { stake: 100n, missStreak: 2, active: true }]));
    const out = applyInactivity(
      table,
      { committee: [key(0), key(1)], participants: b.participants() },
      {
        slashAmount: 10n,
        minStake: 50n,
      },
    );
    expect(out.events).toEqual([]);
    expect(out.table.get(key(0))!.missStreak).toBe(0);
  });

  it('refuses commitments and reveals from keys the assignment does not give the node; they close nothing', () => {
    const b = book();
    const leaf = { level: 0, index: 0 };
    const outsider = bytesToHex(fakeKey(999));
    const refusal = (what: string, k: string) =>
      new ResultRefusedError(
        `${what} for node (0, 0) refused: ${short(k)} is not assigned that node (only an assigned prover's reveal closes a node)`,
      );
    expect(() => b.recordReveal({ ...env(leaf, outsider), signature: SIG })).toThrow(refusal('result', outsider));
    expect(() => b.recordReveal({ ...env(leaf, key(2)), signature: SIG })).toThrow(refusal('result', key(2)));
    expect(() => b.recordCommitment(commitment(env(leaf, outsider)))).toThrow(refusal('result commitment', outsider));
    // The sequencer covers only nodes nobody is assigned.
    expect(() => b.recordReveal({ ...env(leaf, sequencer), signature: SIG })).toThrow(refusal('result', sequencer));
    expect(b.isRevealed(leaf)).toBe(false);
    expect(b.recordCommitment(commitment(env(leaf, key(0))))).toBe('recorded');
  });

  it('takes a merge only when it folds the pinned children; the sequencer fills the unassigned root, uncredited', () => {
    const b = book();
    const [l0, l1, m0] = [
      { level: 0, index: 0 },
      { level: 0, index: 1 },
      { level: 1, index: 0 },
    ];
    const reveal = (node: TreeNode, prover: string, children?: [string, string]) =>
      b.recordReveal({ ...env(node, prover), signature: SIG }, children ? { children } : {});
    b.recordCommitment(commitment(env(l0, key(0))));
    expect(reveal(l0, key(0))).toBe('timely');
    b.recordCommitment(commitment(env(m0, key(0))));
    expect(() => reveal(m0, key(0), [inst(l0, key(0)), inst(l1, key(2))])).toThrow(
      new ResultRefusedError('merge (1, 0) refused: child (0, 1) has no timely revealed result to build on yet'),
    );
    b.recordCommitment(commitment(env(l1, key(2))));
    expect(reveal(l1, key(2))).toBe('timely');
    expect(() => reveal(m0, key(0), [inst(l0, key(1)), inst(l1, key(2))])).toThrow(
      new ResultRefusedError(
        `merge (1, 0) refused: it does not build on the timely revealed result of child (0, 0) (${short(key(0))})`,
      ),
    );
    expect(b.isRevealed(m0)).toBe(false); // a refused merge closes nothing
    expect(reveal(m0, key(0), [inst(l0, key(0)), inst(l1, key(2))])).toBe('timely');
    const root = { level: 2, index: 0 };
    expect(a.creditableProvers(root)).toEqual([]);
    expect(() => reveal(root, key(0))).toThrow(ResultRefusedError);
    // The other merge is not pinned yet, so even the sequencer cannot fill the root.
    const m1 = { level: 1, index: 1 };
    expect(() => reveal(root, sequencer, [inst(m0, key(0)), inst(m1, key(4))])).toThrow(
      new ResultRefusedError('merge (2, 0) refused: child (1, 1) has no timely revealed result to build on yet'),
    );
    for (const [node, rank] of [
      [{ level: 0, index: 2 }, 4],
      [{ level: 0, index: 3 }, 6],
    ] as const) {
      b.recordCommitment(commitment(env(node, key(rank))));
      expect(reveal(node, key(rank))).toBe('timely');
    }
    expect(a.creditableProvers(m1)).toEqual([key(2), key(3)]);
    b.recordCommitment(commitment(env(m1, key(3))));
    expect(reveal(m1, key(3), [inst({ level: 0, index: 2 }, key(4)), inst({ level: 0, index: 3 }, key(6))])).toBe(
      'timely',
    );
    expect(reveal(root, sequencer, [inst(m0, key(0)), inst(m1, key(3))])).toBe('uncredited');
    expect(b.pinned(root)?.prover).toBe(sequencer);
    const credit = creditBlock(a, b.pinnedResults(), (n, k) => b.isTimely(n, k));
    expect(credit.rejected).toEqual([{ node: root, prover: sequencer, reason: 'not-assigned' }]);
    expect(credit.creditedCounts).toEqual({ base: 4, merge: 2 });
  });
});
