// One block end to end through the pure rules, with real BLS keys: election, header, assignment,
// commit–reveal, crediting, sign-off, settlement, ledger and inactivity.
import { describe, expect, it } from 'vitest';
import {
  CommitRevealBook,
  HeaderError,
  accrueSettlement,
  aggregateSignOff,
  applyInactivity,
  assertHeaderExtends,
  assertSignOff,
  balanceOf,
  blockCommitment,
  claim,
  creditBlock,
  emptyLedger,
  generateStakingKey,
  planBlock,
  proofDigest,
  publicKeyHex,
  settleBlock,
  signBlockCommitment,
  signResult,
  signResultCommitment,
  type BlockHeader,
  type ProvedNode,
  type SortedRoundsAssignment,
  type StakerTable,
} from '../../src/protocol/index.js';

const stakers = Array.from({ length: 9 }, (_, i) => generateStakingKey(new Uint8Array(48).fill(100 + i)));
const secretOf = new Map(stakers.map((s) => [publicKeyHex(s.publicKey), s.secretKey]));
const parent = {
  chainId: 1,
  blockNumber: 4,
  blockHash: new Uint8Array(32).fill(0xee),
  slot: 10,
  endState: { noteRoot: 7n, noteNextIndex: 8, nullifierRoot: 9n, nullifierNextIndex: 9 },
};
const header: BlockHeader = {
  chainId: 1,
  blockNumber: 5,
  slot: 11,
  prevBlockHash: parent.blockHash,
  treeHeight: 2,
  committeeSize: 8,
  assignment: { mode: 'sorted-rounds', subtreeHeight: 1, redundancy: 2 },
  startState: parent.endState,
  signOffThreshold: 5,
};

describe('a block through the protocol rules', () => {
  const { election, assignment } = planBlock(
    header,
    stakers.map((s) => s.publicKey),
  );
  const a = assignment as SortedRoundsAssignment;
  const commitment = blockCommitment(header, new Uint8Array(32).fill(3));
  const members = election.committee.map((m) => publicKeyHex(m.publicKey));
  const sequencer = publicKeyHex(election.sequencer.publicKey);

  it('plans roles and checks the header against its parent', () => {
    expect(members).toHaveLength(8);
    expect(members).not.toContain(sequencer);
    expect(a.plan.rounds.map((r) => r.provers)).toEqual([8, 4]);
    expect(a.plan.sequencerFromLevel).toBe(2);
    expect(() => assertHeaderExtends(header, parent, election.sequencer.publicKey, election)).not.toThrow();
    expect(() => assertHeaderExtends(header, parent, election.committee[0]!.publicKey, election)).toThrow(
      /not the elected sequencer/,
    );
    expect(() =>
      assertHeaderExtends({ ...header, blockNumber: 6 }, parent, election.sequencer.publicKey, election),
    ).toThrow(/does not follow parent 4/);
    expect(() =>
      assertHeaderExtends(
        { ...header, startState: { ...header.startState, noteNextIndex: 0 } },
        parent,
        election.sequencer.publicKey,
        election,
      ),
    ).toThrow(/end state/);
    expect(() =>
      planBlock(
        { ...header, committeeSize: 20, signOffThreshold: 9 },
        stakers.map((s) => s.publicKey),
      ),
    ).toThrow(HeaderError);
  });

  it('credits timely results, pays, accrues, claims and slashes nobody who contributed', () => {
    // Every task's first rank proves and commits before revealing; rank 7 stays offline; a copier
    // re-targets one revealed result after the fact.
    const book = new CommitRevealBook(commitment, header.treeHeight);
    const finalTree: ProvedNode[] = [];
    for (const r of a.plan.rounds) {
      for (let task = 0; task < r.tasks; task++) {
        const [first] = a.taskRanks(r.round, task);
        const prover = members[first!]!;
        for (const node of a.memberTasks(prover).find((t) => t.round === r.round)!.nodes) {
          const env = {
            blockCommitment: commitment,
            node,
            kind: node.level === 0 ? ('base' as const) : ('merge' as const),
            proofDigest: proofDigest(new Uint8Array([node.level, node.index])),
            prover: election.committee[first!]!.publicKey,
          };
          expect(book.recordCommitment(signResultCommitment(secretOf.get(prover)!, env))).toBe('recorded');
          expect(book.recordReveal(signResult(secretOf.get(prover)!, env))).toBe('timely');
          finalTree.push({ node, prover });
        }
      }
    }
    // The copier (rank 1, partner of rank 0 on leaf 0) commits after the reveal: too late.
    const copied = {
      blockCommitment: commitment,
      node: { level: 0, index: 0 },
      kind: 'base' as const,
      proofDigest: proofDigest(new Uint8Array([0, 0])),
      prover: election.committee[1]!.publicKey,
    };
    expect(book.recordCommitment(signResultCommitment(secretOf.get(members[1]!)!, copied))).toBe('late');
    finalTree.push({ node: { level: 2, index: 0 }, prover: sequencer });

    const credit = creditBlock(a, finalTree, (node, key) => book.isTimely(node, key));
    expect(credit.credited).toHaveLength(6); // 4 leaves + 2 merges; the root is the sequencer's
    expect(credit.rejected).toEqual([{ node: { level: 2, index: 0 }, prover: sequencer, reason: 'not-assigned' }]);
    expect(credit.contributors).toEqual([members[0], members[2], members[4], members[6]].sort());

    // Data availability: 5 of 8 sign the commitment.
    const signOff = aggregateSignOff(
      [0, 1, 2, 3, 4].map((rank) => ({
        rank,
        signature: signBlockCommitment(secretOf.get(members[rank]!)!, commitment),
      })),
    );
    expect(() =>
      assertSignOff({
        committee: election.committee.map((m) => m.publicKey),
        threshold: header.signOffThreshold,
        blockCommitment: commitment,
        signOff,
      }),
    ).not.toThrow();

    const params = {
      sequencerReward: 800n,
      proverReward: 6000n,
      submitterReward: 50n,
      baseWeight: 1n,
      mergeWeight: 1n,
    };
    const s = settleBlock({
      params,
      creditable: a.creditableCounts(),
      credit,
      sequencer,
      committeeSize: 8,
      submitter: members[7]!,
    });
    expect(s.payouts.find((p) => p.role === 'sequencer')!.amount).toBe((800n * 4n) / 8n);
    expect(s.payouts.find((p) => p.account === members[0] && p.role === 'prover')!.amount).toBe(2000n); // leaf 0 + merge (1,0)
    expect(s.paid + s.returned.total).toBe(6850n);

    let ledger = accrueSettlement(emptyLedger(), s);
    expect(balanceOf(ledger, members[7]!)).toBe(50n);
    const claimed = claim(ledger, members[0]!);
    ledger = claimed.ledger;
    expect(claimed.claimed).toBe(2000n);
    expect(balanceOf(ledger, members[0]!)).toBe(0n);

    const table: StakerTable = new Map(members.map((m) => [m, { stake: 100n, missStreak: 2, active: true }]));
    const slashed = applyInactivity(
      table,
      { committee: members, participants: book.participants() },
      { slashAmount: 10n, minStake: 95n },
    );
    expect(slashed.events.map((e) => e.account).sort()).toEqual(
      [members[1], members[3], members[5], members[7]].sort(),
    );
  });
});
