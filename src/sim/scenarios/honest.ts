// Everyone follows the protocol: the baseline for rewards and proposer intervals.
import { blockReward } from '../../protocol/index.js';
import { runSimulation } from '../engine.js';
import { buildRunReport, round } from '../report.js';
import { baseConfig, type Scenario } from './common.js';

export const honest: Scenario = {
  name: 'honest',
  description: 'every staker proves, signs off and publishes data',
  run(options) {
    const config = baseConfig(options);
    const run = runSimulation(config, { behaviourOf: () => 'honest' });
    const report = buildRunReport('honest', run);
    const b = run.params.rewards;
    const perBlock = Number(blockReward(b));
    const proverRewards = report.provers.map((p) => p.rewards.prover).filter((x) => x > 0);
    return {
      scenario: 'honest',
      options,
      runs: [report],
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
      },
    };
  },
};
