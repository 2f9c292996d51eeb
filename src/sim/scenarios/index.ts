import { bitBias } from './bit-bias.js';
import { bribery } from './bribery.js';
import type { Scenario } from './common.js';
import { honest } from './honest.js';
import { lazyProvers } from './lazy-provers.js';
import { proofThief } from './proof-thief.js';
import { withholdingSequencer } from './withholding-sequencer.js';

export const SCENARIOS: readonly Scenario[] = [honest, lazyProvers, withholdingSequencer, bribery, proofThief, bitBias];

export class UnknownScenarioError extends Error {
  override name = 'UnknownScenarioError';
}

export function findScenario(name: string): Scenario {
  const s = SCENARIOS.find((x) => x.name === name);
  if (!s)
    throw new UnknownScenarioError(
      `unknown scenario "${name}"; choose one of: ${SCENARIOS.map((x) => x.name).join(', ')}`,
    );
  return s;
}

export type { Scenario, ScenarioOptions, ScenarioReport } from './common.js';
