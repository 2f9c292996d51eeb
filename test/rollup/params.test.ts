import { describe, expect, it } from 'vitest';
import { RollupParamsError } from '../../src/rollup/errors.js';
import { DEFAULT_ROLLUP_PARAMS, log2Exact, validateRollupParams } from '../../src/rollup/params.js';
import { RollupState } from '../../src/rollup/state.js';
import { liteHasher } from './helpers.js';

describe('rollup parameters', () => {
  it('defaults are the design values', () => {
    expect(DEFAULT_ROLLUP_PARAMS).toEqual({
      noteHashTreeDepth: 20,
      nullifierTreeDepth: 20,
      maxNoteHashesPerTx: 2,
      maxNullifiersPerTx: 2,
      maxPayloadBytes: 32768,
    });
    expect(() => validateRollupParams(DEFAULT_ROLLUP_PARAMS)).not.toThrow();
  });

  it('rejects unusable values with a named error', () => {
    const bad: [object, RegExp][] = [
      [{ noteHashTreeDepth: 0 }, /noteHashTreeDepth must be an integer in \[1, 31\], got 0/],
      [{ nullifierTreeDepth: 32 }, /nullifierTreeDepth must be an integer in \[1, 31\], got 32/],
      [{ maxNoteHashesPerTx: 3 }, /maxNoteHashesPerTx must be a power of two/],
      [{ maxNullifiersPerTx: 0 }, /maxNullifiersPerTx must be an integer in \[1, 255\], got 0/],
      [{ maxPayloadBytes: -1 }, /maxPayloadBytes/],
    ];
    for (const [patch, message] of bad) {
      expect(() => validateRollupParams({ ...DEFAULT_ROLLUP_PARAMS, ...patch })).toThrow(RollupParamsError);
      expect(() => RollupState.genesis(liteHasher, { ...DEFAULT_ROLLUP_PARAMS, ...patch })).toThrow(message);
    }
  });

  it('log2Exact recognises powers of two only', () => {
    expect([1, 2, 4, 1024].map(log2Exact)).toEqual([0, 1, 2, 10]);
    expect([0, 3, 6, 2.5, -2].map(log2Exact)).toEqual([-1, -1, -1, -1, -1]);
  });
});
