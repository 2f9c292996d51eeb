// The seed's back-of-envelope models.
import { ParameterError } from './errors.js';

function positive(value: number, field: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
    throw new ParameterError(`${field} must be a finite non-negative number`);
}

/** Machines busy at once: tps · vmProofsPerTx · vmProofSeconds · ρ. */
export function machinesRequired(m: {
  tps: number;
  vmProofsPerTx: number;
  vmProofSeconds: number;
  redundancy: number;
}): number {
  positive(m.tps, 'tps');
  positive(m.vmProofsPerTx, 'vmProofsPerTx');
  positive(m.vmProofSeconds, 'vmProofSeconds');
  positive(m.redundancy, 'redundancy');
  return m.tps * m.vmProofsPerTx * m.vmProofSeconds * m.redundancy;
}

/** Expected seconds between two proposals of one staker: stakers · blockTime. */
export function proposerIntervalSeconds(stakers: number, blockTimeSeconds: number): number {
  positive(stakers, 'stakers');
  positive(blockTimeSeconds, 'blockTimeSeconds');
  return stakers * blockTimeSeconds;
}

export function proposerIntervalDays(stakers: number, blockTimeSeconds: number): number {
  return proposerIntervalSeconds(stakers, blockTimeSeconds) / 86_400;
}
