import { bitBias } from './bit-bias';
import { bribery } from './bribery';
import type { Scenario } from './common';
import { honest } from './honest';
import { lazyProvers } from './lazy-provers';
import { proofThief } from './proof-thief';
import { withholdingSequencer } from './withholding-sequencer';

export const SCENARIOS: readonly Scenario[] = [honest, lazyProvers, withholdingSequencer, bribery, proofThief, bitBias];

export class UnknownScenarioError extends Error {
  override name = 'UnknownScenarioError';
}

export function findScenario(name: string): Scenario {
  const s = SCENARIOS.find((x) => x.name === name);
  if (!s) throw new UnknownScenarioError(`unknown scenario "${name}"; choose one of: ${SCENARIOS.map((x) => x.name).join(', ')}`);
  return s;
}

export type { Scenario, ScenarioOptions, ScenarioReport } from './common';
