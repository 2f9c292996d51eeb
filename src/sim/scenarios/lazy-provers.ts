// A quarter of the stakers never prove or sign off when elected: inactivity slashing should find
// them (three elections in a row without credit), slash them and eject them below minimum stake.
import { runSimulation } from '../engine.js';
import { buildRunReport } from '../report.js';
import { baseConfig, type Scenario } from './common.js';

export const lazyProvers: Scenario = {
  name: 'lazy-provers',
  description: 'a quarter of the stakers never prove: inactivity slashing and ejection',
  run(options) {
    const config = baseConfig(options);
    const run = runSimulation(config, {
      behaviourOf: (i) => (i % 4 === 1 ? 'lazy' : 'honest'),
      memberAction: (m) => (m.behaviour === 'lazy' ? { prove: false, signOff: false } : { prove: true, signOff: true }),
    });
    const report = buildRunReport('lazy-provers', run);
    const lazy = report.byBehaviour.lazy!;
    const honestB = report.byBehaviour.honest!;
    const firstLazySlash = report.slashes.find((s) => s.behaviour === 'lazy');
    return {
      scenario: 'lazy-provers',
      options,
      runs: [report],
      findings: {
        lazyStakers: lazy.stakers,
        lazySlashEvents: lazy.slashEvents,
        lazySlashed: lazy.slashed,
        lazyEjected: lazy.ejected,
        lazyRewards: lazy.rewardsTotal,
        honestSlashEvents: honestB.slashEvents,
        honestRewardsPerStaker: honestB.rewardsPerStaker,
        firstLazySlashAttempt: firstLazySlash?.attempt ?? null,
        missedBlocks: report.summary.missed,
      },
    };
  },
};
