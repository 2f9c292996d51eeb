// Each scenario's qualitative outcome, read from its report.
import { describe, expect, test } from 'vitest';
import { findScenario, SCENARIOS, UnknownScenarioError, type ScenarioOptions } from '../../src/sim/scenarios/index.js';

const options: ScenarioOptions = { seed: '7', stakers: 64, blocks: 100 };
const run = (name: string, o = options) => findScenario(name).run(o);

describe('simulator scenarios', () => {
  test('the six scenarios exist by name; an unknown name lists them', () => {
    expect(SCENARIOS.map((s) => s.name)).toEqual([
      'honest',
      'lazy-provers',
      'withholding-sequencer',
      'bribery',
      'proof-thief',
      'bit-bias',
    ]);
    expect(() => findScenario('sybil')).toThrow(UnknownScenarioError);
    expect(() => findScenario('sybil')).toThrow(
      'unknown scenario "sybil"; choose one of: honest, lazy-provers, withholding-sequencer, bribery, proof-thief, bit-bias',
    );
  });

  test('same seed, same report; another seed, another report', () => {
    const a = run('honest', { ...options, blocks: 30 });
    const b = run('honest', { ...options, blocks: 30 });
    const c = run('honest', { ...options, blocks: 30, seed: '8' });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(JSON.stringify(c)).not.toBe(JSON.stringify(a));
  });

  test('honest: every block canonical, rewards conserved, every staker a proposer at the expected rate', () => {
    const r = run('honest');
    const s = r.runs[0]!.summary;
    expect(s).toMatchObject({ attempts: 100, canonical: 100, missed: 0 });
    const f = r.findings as { rewardConservation: { issuedPlusReturned: number; blocksTimesReward: number } };
    expect(f.rewardConservation.issuedPlusReturned).toBe(f.rewardConservation.blocksTimesReward);
    const rw = r.runs[0]!.rewards;
    expect(rw.prover + rw.sequencer + rw.submitter).toBe(s.issued);
    // Both assignment options run, and no honest staker is ever slashed in either.
    expect(r.runs.map((x) => (x.config.assignment as { mode: string }).mode)).toEqual(['binary-path', 'sorted-rounds']);
    for (const x of r.runs) expect(x.summary).toMatchObject({ canonical: 100, slashEvents: 0 });
    const pi = r.runs[0]!.proposerIntervals;
    // 100 blocks over 64 equally likely stakers: about 64·e^(-100/64) ≈ 13 never propose.
    expect(Math.abs(pi.stakersWithoutProposal - pi.expectedStakersWithoutProposal)).toBeLessThan(8);
  });

  test('option 2 runs through the same scenarios: sorted rounds of 2^k = 8 leaves, every block canonical', () => {
    const r = run('honest', { ...options, blocks: 40, assignment: 'sorted-rounds' });
    expect(r.runs[0]!.config).toMatchObject({
      treeHeight: 3,
      assignment: { mode: 'sorted-rounds', subtreeHeight: 2, redundancy: 2 },
    });
    expect(r.runs[0]!.summary).toMatchObject({ attempts: 40, canonical: 40 });
    // With ρ = 2 only one of the two members of a task is credited, but both participate: no slash.
    const b = r.runs[0]!.byBehaviour.honest!;
    expect(b.contributions).toBeLessThan(0.8 * b.committeeElections);
    expect(r.runs[0]!.summary.slashEvents).toBe(0);
  });

  test('lazy-provers: inactivity slashing finds the lazy, ejects them, and pays them nothing for proving', () => {
    const r = run('lazy-provers');
    const rep = r.runs[0]!;
    const lazy = rep.byBehaviour.lazy!;
    const honest = rep.byBehaviour.honest!;
    expect(lazy.slashEvents).toBeGreaterThan(lazy.stakers);
    expect(lazy.ejected).toBeGreaterThan(lazy.stakers / 2);
    expect(honest.slashEvents).toBeLessThan(lazy.slashEvents / 5);
    expect(rep.provers.filter((p) => p.behaviour === 'lazy').every((p) => p.rewards.prover === 0)).toBe(true);
    expect(rep.slashes.filter((s) => s.behaviour === 'lazy').every((s) => s.reason === 'inactivity')).toBe(true);
  });

  test('withholding-sequencer: a withheld block never gets its sign-off and is never canonical', () => {
    const r = run('withholding-sequencer');
    for (const rep of r.runs) {
      const withheld = rep.blocksMissed.filter((b) => b.behaviour === 'withholder');
      expect(withheld.length).toBeGreaterThan(0);
      expect(withheld.every((b) => b.signers < b.threshold)).toBe(true);
      expect(rep.proposers.filter((p) => p.behaviour === 'withholder').flatMap((p) => p.blocks)).toEqual([]);
    }
    const f = r.findings as Record<
      string,
      {
        withholderSlashEvents: number;
        canonicalAfterFirstWithheld: number | null;
        honestEjected: number;
        withholderSequencerRewards: number;
      }
    >;
    // The slot is in the VRF input: after a withheld block someone else is elected, so the chain
    // goes on under both policies; under inactivity no honest staker is ejected.
    expect(f.inactivity!.canonicalAfterFirstWithheld).toBeGreaterThan(0);
    expect(f.inactivity!.honestEjected).toBe(0);
    // Slash-all slashes the withholder for each withheld block; inactivity never slashes a sequencer.
    expect(f['slash-all-on-miss']!.withholderSlashEvents).toBeGreaterThan(0);
    expect(f['slash-all-on-miss']!.canonicalAfterFirstWithheld).toBeGreaterThan(0);
    for (const policy of ['inactivity', 'slash-all-on-miss']) expect(f[policy]!.withholderSequencerRewards).toBe(0);
  });

  test('bribery: every attacked block halts; slash-all-on-miss makes the halt far dearer than inactivity', () => {
    const r = run('bribery');
    const f = r.findings as Record<
      string,
      {
        attackAttempts: number;
        blocksHalted: number;
        totalBribe: number;
        bribePerAttempt: number[];
        proverBlockReward: number;
        unbribedSlashEvents: number;
      }
    >;
    for (const policy of ['inactivity', 'slash-all-on-miss']) {
      expect(f[policy]!.blocksHalted).toBe(f[policy]!.attackAttempts);
      expect(f[policy]!.attackAttempts).toBeGreaterThan(0);
    }
    expect(f['slash-all-on-miss']!.totalBribe).toBeGreaterThan(3 * f.inactivity!.totalBribe);
    // The forum's point: under inactivity the first halted block costs less than the prover reward.
    expect(f.inactivity!.bribePerAttempt[0]!).toBeLessThan(f.inactivity!.proverBlockReward);
    expect(f['slash-all-on-miss']!.bribePerAttempt[0]!).toBeGreaterThan(f['slash-all-on-miss']!.proverBlockReward);
    // Under slash-all, members who took no bribe are slashed too.
    expect(f['slash-all-on-miss']!.unbribedSlashEvents).toBeGreaterThan(0);
  });

  test('proof-thief: a copier of published results earns nothing for them', () => {
    const r = run('proof-thief');
    const f = r.findings as {
      thiefProverRewards: number;
      thiefCommitmentOutcomes: Record<string, number>;
      thiefRevealOutcomes: Record<string, number>;
      retargetedMerges: number;
      thiefFinalProofsRefused: number;
      honestMergeCreditsLost: number;
    };
    expect(f.retargetedMerges).toBeGreaterThan(0);
    expect(f.thiefProverRewards).toBe(0);
    // A copy is refused (not assigned that node) or, on a node it shares, late.
    expect(Object.keys(f.thiefCommitmentOutcomes).sort()).toEqual(['late', 'refused: ResultRefusedError']);
    expect(f.thiefRevealOutcomes.timely ?? 0).toBe(0);
    // Its re-folded final proofs are refused, so no honest merger loses credit to it.
    expect(f.thiefFinalProofsRefused).toBeGreaterThan(0);
    expect(f.honestMergeCreditsLost).toBe(0);
  });

  test('bit-bias: high-mode paths pile into the left of the tree, low-mode paths are spread evenly', () => {
    const r = run('bit-bias');
    const f = r.findings as Record<
      string,
      { leftQuarterShare: number; chiSquare: number; meanUncoveredNodesPerBlock: number }
    > & { chiSquareCritical001: number };
    expect(f.high!.leftQuarterShare).toBeGreaterThan(0.8);
    expect(f.high!.chiSquare).toBeGreaterThan(10 * f.chiSquareCritical001);
    expect(f.low!.chiSquare).toBeLessThan(f.chiSquareCritical001);
    expect(f.low!.leftQuarterShare).toBeGreaterThan(0.15);
    expect(f.low!.leftQuarterShare).toBeLessThan(0.35);
    expect(f.high!.meanUncoveredNodesPerBlock).toBeGreaterThan(2 * f.low!.meanUncoveredNodesPerBlock);
  });
});
