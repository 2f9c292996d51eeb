import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  ParameterError,
  binaryPathAssignment,
  blockReward,
  creditBlock,
  proverShares,
  publicKeyHex,
  rankStakers,
  sequencerShare,
  settleBlock,
  sortedRoundsAssignment,
  type Assignment,
  type RewardParams,
} from '../../src/protocol/index.js';
import { fakeKey } from './fixtures.js';

const ranked = rankStakers(
  Array.from({ length: 80 }, (_, i) => fakeKey(i)),
  { prevBlockHash: new Uint8Array(32).fill(2), slot: 1 },
);
const committee = ranked.slice(0, 32);
const hexes = committee.map((m) => publicKeyHex(m.publicKey));
const params: RewardParams = {
  sequencerReward: 1000n,
  proverReward: 10_000n,
  submitterReward: 77n,
  baseWeight: 3n,
  mergeWeight: 1n,
};

/** Every creditable node proven by its first creditable prover. */
function fullCredit(a: Assignment) {
  const proved = [];
  for (let level = 0; level <= a.treeHeight; level++) {
    for (let index = 0; index < 2 ** (a.treeHeight - level); index++) {
      const node = { level, index };
      const provers = a.creditableProvers(node);
      if (provers.length > 0) proved.push({ node, prover: provers[0]! });
    }
  }
  return creditBlock(a, proved);
}

describe('rewards', () => {
  it('pays the whole prover pool (up to rounding) when every assigned node is credited', () => {
    const a = sortedRoundsAssignment(committee, 4, 2, 2); // 16 leaves, one merge round of 4 tasks
    const credit = fullCredit(a);
    const shares = proverShares(params, a.creditableCounts(), credit);
    // W = 16·3 + 4·3·1 = 60; rank 0 holds leaf 0 and task 0 of round 2 (3 merges): 6/60 of 10,000.
    expect(shares.get(hexes[0]!)).toBe((10_000n * 6n) / 60n);
    expect(shares.get(hexes[2]!)).toBe((10_000n * 6n) / 60n);
    expect(shares.get(hexes[8]!)).toBe((10_000n * 3n) / 60n); // leaf 4 only (round 2 uses ranks 0–7)
    expect(shares.has(hexes[9]!)).toBe(false); // its partner rank proved leaf 4
    const total = [...shares.values()].reduce((x, y) => x + y, 0n);
    expect(total).toBe(10_000n);
  });

  it('pays the sequencer B_seq · d / n and the submitter B_sub; the rest is returned', () => {
    const a = sortedRoundsAssignment(committee, 4, 2, 2);
    const credit = creditBlock(a, [
      { node: { level: 0, index: 0 }, prover: hexes[0]! },
      { node: { level: 0, index: 1 }, prover: hexes[3]! },
      { node: { level: 0, index: 2 }, prover: hexes[4]! },
    ]);
    const s = settleBlock({
      params,
      creditable: a.creditableCounts(),
      credit,
      sequencer: 'seq',
      committeeSize: 32,
      submitter: 'anyone',
    });
    const get = (role: string, account: string) =>
      s.payouts.find((p) => p.role === role && p.account === account)?.amount;
    expect(get('sequencer', 'seq')).toBe((1000n * 3n) / 32n);
    expect(get('submitter', 'anyone')).toBe(77n);
    expect(get('prover', hexes[0]!)).toBe(500n); // 3/60 of 10,000
    expect(s.returned.sequencer).toBe(1000n - 93n);
    expect(s.returned.prover).toBe(10_000n - 1500n);
    expect(s.paid + s.returned.total).toBe(blockReward(params));
    const noSubmitter = settleBlock({
      params,
      creditable: a.creditableCounts(),
      credit,
      sequencer: 'seq',
      committeeSize: 32,
      submitter: null,
    });
    expect(noSubmitter.returned.submitter).toBe(77n);
  });

  it("'credited' split divides the pool among credited nodes only", () => {
    const a = binaryPathAssignment(committee, 3, 'low');
    const own = a.memberNodes(hexes[0]!);
    const credit = creditBlock(a, [{ node: own[0]!, prover: hexes[0]! }]);
    const shares = proverShares({ ...params, proverSplit: 'credited' }, a.creditableCounts(), credit);
    expect(shares.get(hexes[0]!)).toBe(10_000n);
  });

  it('conserves value and never pays more than the pools (property)', () => {
    fc.assert(
      fc.property(
        fc.record({
          sequencerReward: fc.bigInt({ min: 0n, max: 10n ** 24n }),
          proverReward: fc.bigInt({ min: 0n, max: 10n ** 24n }),
          submitterReward: fc.bigInt({ min: 0n, max: 10n ** 24n }),
          baseWeight: fc.bigInt({ min: 0n, max: 1000n }),
          mergeWeight: fc.bigInt({ min: 0n, max: 1000n }),
          proverSplit: fc.constantFrom('assigned' as const, 'credited' as const),
        }),
        fc.constantFrom('binary-low', 'binary-high', 'rounds'),
        fc.array(
          fc.record({
            level: fc.integer({ min: 0, max: 5 }),
            index: fc.integer({ min: 0, max: 31 }),
            who: fc.integer({ min: 0, max: 31 }),
          }),
          { maxLength: 60 },
        ),
        fc.boolean(),
        (p, mode, claims, submitted) => {
          const a =
            mode === 'rounds'
              ? sortedRoundsAssignment(committee, 5, 2, 2)
              : binaryPathAssignment(committee, 5, mode === 'binary-low' ? 'low' : 'high');
          const credit = creditBlock(
            a,
            claims.map((c) => ({ node: { level: c.level, index: c.index }, prover: hexes[c.who]! })),
          );
          const s = settleBlock({
            params: p,
            creditable: a.creditableCounts(),
            credit,
            sequencer: 'seq',
            committeeSize: committee.length,
            submitter: submitted ? 'sub' : null,
          });
          const sum = (role: string) => s.payouts.filter((x) => x.role === role).reduce((t, x) => t + x.amount, 0n);
          expect(sum('prover')).toBeLessThanOrEqual(p.proverReward);
          expect(sum('sequencer')).toBeLessThanOrEqual(p.sequencerReward);
          expect(s.paid).toBe(sum('prover') + sum('sequencer') + sum('submitter'));
          expect(s.paid + s.returned.total).toBe(p.sequencerReward + p.proverReward + p.submitterReward);
          for (const x of s.payouts) expect(x.amount > 0n).toBe(true);
          for (const v of Object.values(s.returned)) expect(v >= 0n).toBe(true);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('rejects bad parameters', () => {
    expect(() => sequencerShare(100n, 5, 4)).toThrow(/contributors \(5\)/);
    expect(sequencerShare(100n, 0, 0)).toBe(0n);
    expect(() => sequencerShare(-1n, 0, 1)).toThrow(ParameterError);
    const a = sortedRoundsAssignment(committee, 2, 1, 2);
    const credit = fullCredit(a);
    expect(() => proverShares({ ...params, baseWeight: -1n }, a.creditableCounts(), credit)).toThrow(/baseWeight/);
    expect(() => proverShares({ ...params, proverSplit: 'all' as never }, a.creditableCounts(), credit)).toThrow(
      /proverSplit/,
    );
    expect(() => proverShares(params, { base: 0, merge: 0 }, credit)).toThrow(/more nodes credited/);
  });
});
