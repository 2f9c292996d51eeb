import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { parseSimArgs, UsageError } from '../../src/sim/cli.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const sim = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'src/sim/main.ts', ...args], { cwd: root, encoding: 'utf8' });

describe('sim command line', () => {
  test('options parse with defaults; bad ones are named', () => {
    expect(parseSimArgs(['--scenario', 'honest'])).toMatchObject({
      scenario: 'honest',
      seed: '1',
      stakers: 64,
      blocks: 120,
    });
    expect(
      parseSimArgs(['--scenario', 'bribery', '--blocks', '30', '--stakers', '32', '--seed', 'x', '--json', 'o.json']),
    ).toMatchObject({
      blocks: 30,
      stakers: 32,
      seed: 'x',
      json: 'o.json',
    });
    expect(() => parseSimArgs([])).toThrow(new UsageError('--scenario is required'));
    expect(() => parseSimArgs(['--scenario', 'honest', '--blocks', '-3'])).toThrow(
      '--blocks expects an integer, got "-3"',
    );
    expect(() => parseSimArgs(['--scenario', 'honest', '--stakers', '4'])).toThrow(
      '--stakers must be between 8 and 10000, got 4',
    );
    expect(() => parseSimArgs(['--scenario'])).toThrow('--scenario needs a value');
    expect(() => parseSimArgs(['--scenario', 'honest', '--fast'])).toThrow('unknown option "--fast"');
    expect(parseSimArgs(['--scenario', 'honest', '--assignment', 'sorted-rounds']).assignment).toBe('sorted-rounds');
    expect(() => parseSimArgs(['--scenario', 'honest', '--assignment', 'random'])).toThrow(
      '--assignment must be binary-path or sorted-rounds, got "random"',
    );
  });

  test('an unknown scenario exits 2 and lists the names', () => {
    const r = sim('--scenario', 'nope');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(
      'unknown scenario "nope"; choose one of: honest, lazy-provers, withholding-sequencer, bribery, proof-thief, bit-bias',
    );
  });

  test('a run prints the table and writes the JSON report', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sim-'));
    const out = join(dir, 'sub', 'honest.json');
    const r = sim('--scenario', 'honest', '--blocks', '12', '--stakers', '16', '--json', out);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/== honest\/binary-path \(policy inactivity, 16 stakers, committee 4/);
    expect(r.stdout).toMatch(/behaviour\s+stakers\s+elected/);
    const report = JSON.parse(await readFile(out, 'utf8'));
    expect(report).toMatchObject({ scenario: 'honest', options: { blocks: 12, stakers: 16 } });
    expect(report.runs[0].summary.attempts).toBe(12);
    expect(Object.keys(report.runs[0])).toEqual(
      expect.arrayContaining(['proposers', 'provers', 'rewards', 'slashes', 'proposerIntervals', 'blocksMissed']),
    );
    await rm(dir, { recursive: true });
  });
});
