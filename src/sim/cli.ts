// Argument parsing for `npm run sim` (pure: tested without spawning a process).
import { DEFAULT_OPTIONS, type ScenarioOptions } from './scenarios/common.js';

export class UsageError extends Error {
  override name = 'UsageError';
}

export interface SimArgs extends ScenarioOptions {
  scenario: string;
  json?: string;
}

export const USAGE = `usage: npm run sim -- --scenario NAME [--json FILE] [--blocks N] [--stakers N] [--seed S] [--assignment A]
  --blocks   block attempts to simulate (default ${DEFAULT_OPTIONS.blocks})
  --stakers  number of simulated stakers, at least 8 (default ${DEFAULT_OPTIONS.stakers})
  --seed     PRNG seed: the same seed gives the same report (default ${DEFAULT_OPTIONS.seed})
  --assignment  binary-path (option 1, low bits, k = 4) or sorted-rounds (option 2, m = 2, ρ = 2, k = 3)`;

function positiveInt(flag: string, value: string, min: number, max: number): number {
  if (!/^[0-9]+$/.test(value)) throw new UsageError(`${flag} expects an integer, got "${value}"`);
  const n = Number(value);
  if (n < min || n > max) throw new UsageError(`${flag} must be between ${min} and ${max}, got ${n}`);
  return n;
}

export function parseSimArgs(argv: readonly string[]): SimArgs {
  const out: Partial<SimArgs> = { ...DEFAULT_OPTIONS };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = argv[i + 1];
    const need = () => {
      if (value === undefined || value.startsWith('--')) throw new UsageError(`${flag} needs a value`);
      i++;
      return value;
    };
    switch (flag) {
      case '--scenario':
        out.scenario = need();
        break;
      case '--json':
        out.json = need();
        break;
      case '--blocks':
        out.blocks = positiveInt(flag, need(), 1, 100_000);
        break;
      case '--stakers':
        out.stakers = positiveInt(flag, need(), 8, 10_000);
        break;
      case '--seed':
        out.seed = need();
        break;
      case '--assignment': {
        const v = need();
        if (v !== 'binary-path' && v !== 'sorted-rounds')
          throw new UsageError(`--assignment must be binary-path or sorted-rounds, got "${v}"`);
        out.assignment = v;
        break;
      }
      default:
        throw new UsageError(`unknown option "${flag}"`);
    }
  }
  if (!out.scenario) throw new UsageError('--scenario is required');
  return out as SimArgs;
}
