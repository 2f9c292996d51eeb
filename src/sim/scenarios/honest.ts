// Everyone follows the protocol: the baseline for rewards and proposer intervals.
import { blockReward } from '../../protocol/index.js';
import { l1Params } from '../../l1/params.js';
import { runSimulation } from '../engine.js';
import { buildRunReport, round } from '../report.js';
import { baseConfig, type AssignmentChoice, type Scenario } from './common.js';

export const honest: Scenario = {
  name: 'honest',
  description: 'every staker proves, signs off and publishes data',
  run(options) {
    // Both assignment options, the requested one first: honest stakers must never be slashed
    // under either (redundant provers under ρ = 2 and colliding paths participate too).
    const first: AssignmentChoice = options.assignment ?? 'binary-path';
    const modes: AssignmentChoice[] = [first, first === 'binary-path' ? 'sorted-rounds' : 'binary-path'];
    const reports = modes.map((mode) =>
      buildRunReport(
        `honest/${mode}`,
        runSimulation(baseConfig({ ...options, assignment: mode }), { behaviourOf: () => 'honest' }),
      ),
    );
    const report = reports[0]!;
    const b = l1Params(baseConfig(options).l1).rewards;
    const perBlock = Number(blockReward(b));
    const proverRewards = report.provers.map((p) => p.rewards.prover).filter((x) => x > 0);
    return {
      scenario: 'honest',
      options,
      runs: reports,
      findings: {
        allCanonical: report.summary.missed === 0,
        rewardConservation: {
          issuedPlusReturned: report.summary.issued + report.summary.returned,
          blocksTimesReward: report.summary.canonical * perBlock,
        },
        proverRewardSpread: proverRewards.length
          ? {
              earners: proverRewards.length,
              min: Math.min(...proverRewards),
              max: Math.max(...proverRewards),
              mean: round(proverRewards.reduce((a, c) => a + c, 0) / proverRewards.length),
            }
          : null,
        sequencerShareOfMaximum: round(
          report.rewards.sequencer / (report.summary.canonical * Number(b.sequencerReward)),
        ),
        proposerIntervalMeanBlocks: report.proposerIntervals.meanBlocks,
        proposerIntervalExpectedBlocks: report.proposerIntervals.expectedBlocks,
        slashEventsByAssignment: Object.fromEntries(modes.map((m, i) => [m, reports[i]!.summary.slashEvents])),
      },
    };
  },
};
