// Option 1 (binary path) reads k bits of each committee member's VRF. The committee holds the
// lowest VRFs, so in `high` mode their top bits are zero and paths pile up at the left of the
// tree, as the seed's discussion predicted; `low` mode reads the low bits, which election does
// not bias. Both modes run on the same stakers and seed; we collect where members' paths land.
import type { BinaryPathAssignment } from '../../protocol/index.js';
import { runSimulation } from '../engine.js';
import { buildRunReport, round, type SimRunReport } from '../report.js';
import { baseConfig, type Scenario } from './common.js';

export interface LeafDistribution {
  histogram: number[];
  members: number;
  /** Share of paths in the left quarter of the leaves. */
  leftQuarterShare: number;
  maxLeafShare: number;
  /** Pearson χ² against the uniform distribution (2^k − 1 degrees of freedom). */
  chiSquare: number;
  degreesOfFreedom: number;
  meanDistinctLeavesPerBlock: number;
  meanCreditableNodesPerBlock: number;
  /** Nodes on nobody's path: the sequencer (or the open timeout) must prove them. */
  meanUncoveredNodesPerBlock: number;
  totalNodesPerBlock: number;
}

function collect(
  options: Parameters<Scenario['run']>[0],
  bitMode: 'high' | 'low',
): { report: SimRunReport; distribution: LeafDistribution } {
  const config = baseConfig(options, {});
  const cfg = { ...config, assignment: { mode: 'binary-path' as const, bitMode, openAfterSeconds: 30 } };
  const leaves = 2 ** cfg.treeHeight;
  const histogram = new Array<number>(leaves).fill(0);
  let blocks = 0;
  let distinct = 0;
  let creditable = 0;
  let uncovered = 0;
  const run = runSimulation(cfg, {
    behaviourOf: () => 'honest',
    sequencerPublishes(ctx) {
      const a = ctx.assignment as BinaryPathAssignment;
      for (const leaf of a.leaves) histogram[leaf]!++;
      distinct += new Set(a.leaves).size;
      const counts = a.creditableCounts();
      creditable += counts.base + counts.merge;
      uncovered += a.uncreditableNodes().length;
      blocks++;
      return true;
    },
  });
  const members = histogram.reduce((x, y) => x + y, 0);
  const expected = members / leaves;
  const chiSquare = histogram.reduce((acc, o) => acc + (o - expected) ** 2 / expected, 0);
  return {
    report: buildRunReport(`bit-bias/${bitMode}`, run),
    distribution: {
      histogram,
      members,
      leftQuarterShare: round(histogram.slice(0, leaves / 4).reduce((x, y) => x + y, 0) / members, 4),
      maxLeafShare: round(Math.max(...histogram) / members, 4),
      chiSquare: round(chiSquare),
      degreesOfFreedom: leaves - 1,
      meanDistinctLeavesPerBlock: round(distinct / blocks),
      meanCreditableNodesPerBlock: round(creditable / blocks),
      meanUncoveredNodesPerBlock: round(uncovered / blocks),
      totalNodesPerBlock: 2 * leaves - 1,
    },
  };
}

export const bitBias: Scenario = {
  name: 'bit-bias',
  description: 'option 1 paths from the high vs the low VRF bits: where committee paths land',
  run(options) {
    const high = collect(options, 'high');
    const low = collect(options, 'low');
    return {
      scenario: 'bit-bias',
      options,
      runs: [high.report, low.report],
      findings: {
        high: high.distribution,
        low: low.distribution,
        sequencerRewardShare: {
          high: round(high.report.rewards.sequencer / Math.max(1, high.report.summary.canonical)),
          low: round(low.report.rewards.sequencer / Math.max(1, low.report.summary.canonical)),
        },
        // χ² critical value at p = 0.001 for 15 degrees of freedom (k = 4): 37.70.
        chiSquareCritical001: 37.7,
      },
    };
  },
};
