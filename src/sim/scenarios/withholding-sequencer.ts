// Some stakers, when elected sequencer, post a block commitment but never give the committee
// the transcript. Honest members then cannot prove or sign off, so the M-of-N sign-off stops the
// block: it is never canonical. The run is repeated under both slashing policies to show what a
// withholder costs everyone else afterwards.
import { runSimulation } from '../engine.js';
import { buildRunReport, type SimRunReport } from '../report.js';
import { baseConfig, type Scenario } from './common.js';
import type { SlashingPolicy } from '../../l1/params.js';

function consequences(r: SimRunReport) {
  const withheld = r.blocksMissed.filter((b) => b.behaviour === 'withholder');
  const firstWithheld = withheld[0]?.attempt ?? null;
  const honestSlashes = r.slashes.filter((s) => s.behaviour !== 'withholder');
  const withholderSlashes = r.slashes.filter((s) => s.behaviour === 'withholder');
  return {
    withheldBlocks: withheld.length,
    withheldBlocksWithSignOff: withheld.filter((b) => b.signers >= b.threshold).length,
    firstWithheldAttempt: firstWithheld,
    canonicalAfterFirstWithheld:
      firstWithheld === null
        ? null
        : r.summary.canonical - r.proposers.flatMap((p) => p.blocks).filter((a) => a < firstWithheld).length,
    honestSlashEvents: honestSlashes.length,
    honestEjected: r.byBehaviour.honest?.ejected ?? 0,
    withholderSlashEvents: withholderSlashes.length,
    withholderEjected: (r.byBehaviour.withholder?.ejected ?? 0) > 0,
    withholderRewards: r.byBehaviour.withholder?.rewardsTotal ?? 0,
    withholderSequencerRewards: r.provers
      .filter((p) => p.behaviour === 'withholder')
      .reduce((a, p) => a + p.rewards.sequencer, 0),
    activeStakersAtEnd: r.summary.activeStakersAtEnd,
    stoppedEarly: r.summary.stoppedEarly,
  };
}

export const withholdingSequencer: Scenario = {
  name: 'withholding-sequencer',
  description: 'sequencers that withhold the transcript: the M-of-N sign-off stops their blocks',
  run(options) {
    const runs: SimRunReport[] = [];
    const findings: Record<string, unknown> = {};
    for (const policy of ['inactivity', 'slash-all-on-miss'] as SlashingPolicy[]) {
      const base = baseConfig(options);
      const config = { ...base, l1: { ...base.l1, slashingPolicy: policy } };
      const run = runSimulation(config, {
        behaviourOf: (i) => (i % 16 === 3 ? 'withholder' : 'honest'),
        sequencerPublishes: (ctx) => ctx.sequencer.behaviour !== 'withholder',
      });
      const report = buildRunReport(`withholding-sequencer/${policy}`, run);
      runs.push(report);
      findings[policy] = consequences(report);
    }
    return { scenario: 'withholding-sequencer', options, runs, findings };
  },
};
