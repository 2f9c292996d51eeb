import { describe, expect, test } from 'vitest';
import { DEVNET_DEFAULTS, DevnetUsageError, parseDevnetArgs } from '../../src/node/devnet-options.js';

describe('devnet options', () => {
  test('defaults, and every option read', () => {
    expect(parseDevnetArgs([])).toEqual(DEVNET_DEFAULTS);
    expect(DEVNET_DEFAULTS).toMatchObject({
      provers: 4,
      height: 2,
      assignment: 'sorted-rounds',
      app: true,
      tables: true,
    });
    expect(
      parseDevnetArgs([
        '--provers',
        '6',
        '--height',
        '3',
        '--assignment',
        'binary-path',
        '--blocks',
        '2',
        '--report',
        'r.json',
        '--no-app',
        '--no-tables',
        '--events',
      ]),
    ).toEqual({
      ...DEVNET_DEFAULTS,
      provers: 6,
      height: 3,
      assignment: 'binary-path',
      blocks: 2,
      report: 'r.json',
      app: false,
      tables: false,
      events: true,
    });
  });

  test('the watching submitter and the withholding drill', () => {
    expect(parseDevnetArgs(['--submitter', '--withhold-proof', '--submitter-grace-ms', '250'])).toEqual({
      ...DEVNET_DEFAULTS,
      submitter: true,
      withholdProof: true,
      submitterGraceMs: 250,
    });
  });

  test('a committee for browser tabs: no headless provers, the sequencer waits for two stakers', () => {
    expect(parseDevnetArgs(['--provers', '0', '--committee', '2'])).toEqual({
      ...DEVNET_DEFAULTS,
      provers: 0,
      committee: 2,
    });
  });

  test.each([
    [['--provers', '65'], '--provers needs an integer in [0, 64], got 65'],
    [['--provers', '0'], '--provers 0 needs --committee N (the stakers, e.g. browser tabs, the sequencer waits for)'],
    [['--committee', '0'], '--committee needs an integer in [1, 64], got 0'],
    [['--height', 'two'], '--height needs an integer in [1, 8], got two'],
    [['--assignment', 'round-robin'], '--assignment is binary-path or sorted-rounds, got round-robin'],
    [['--report', 'x.json'], '--report goes with --blocks N'],
    [['--blocks'], '--blocks needs an integer in [1, 100000], got nothing'],
    [['--verbose'], 'unknown option --verbose'],
    [['--withhold-proof'], '--withhold-proof needs --submitter (nobody else would submit the final proof)'],
    [['--submitter-grace-ms', '100'], '--submitter-grace-ms goes with --submitter'],
    [['--submitter', '--submitter-grace-ms', '-1'], '--submitter-grace-ms needs an integer in [0, 3600000], got -1'],
  ])('%j is refused: %s', (args, message) => {
    expect(() => parseDevnetArgs(args)).toThrow(DevnetUsageError);
    expect(() => parseDevnetArgs(args)).toThrow(message);
  });
});
