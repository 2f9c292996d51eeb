// Defaults shared by the scenarios: small enough to run in seconds, large enough to show the
// effects (a committee is a quarter of the staker set; stakes allow four slashes before ejection).
import type { SimConfig } from '../engine.js';
import type { SimRunReport } from '../report.js';

export type AssignmentChoice = 'binary-path' | 'sorted-rounds';

export interface ScenarioOptions {
  seed: string;
  stakers: number;
  blocks: number;
  /** Option 1 (binary path, low bits) or option 2 (sorted rounds, m = 2, ρ = 2, k = 3). */
  assignment?: AssignmentChoice;
}

export const DEFAULT_OPTIONS: ScenarioOptions = { seed: '1', stakers: 64, blocks: 120, assignment: 'binary-path' };

export interface ScenarioReport {
  scenario: string;
  options: ScenarioOptions;
  runs: SimRunReport[];
  /** What the scenario set out to show, in figures. */
  findings: Record<string, unknown>;
}

export interface Scenario {
  readonly name: string;
  readonly description: string;
  run(options: ScenarioOptions): ScenarioReport;
}

export function baseConfig(o: ScenarioOptions, overrides: Partial<SimConfig> = {}): SimConfig {
  const committeeSize = Math.max(2, Math.min(16, Math.floor(o.stakers / 4)));
  return {
    seed: o.seed,
    stakers: o.stakers,
    blocks: o.blocks,
    committeeSize,
    // Option 2 needs ρ·2^k members in round 1: k = 3 fills a committee of 16 with ρ = 2.
    treeHeight: o.assignment === 'sorted-rounds' ? 3 : 4,
    threshold: Math.floor(committeeSize / 2) + 1,
    assignment:
      o.assignment === 'sorted-rounds'
        ? { mode: 'sorted-rounds', subtreeHeight: 2, redundancy: 2 }
        : { mode: 'binary-path', bitMode: 'low', openAfterSeconds: 30 },
    stake: 35_000n,
    l1: { minStake: 32_000n, slashAmount: 1_000n, epochSlots: 8, proofWindowSlots: 4 },
    ...overrides,
  };
}
