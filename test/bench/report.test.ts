// Reading benchmark results: the file check (every bad field named), noise warnings, the ratios
// against noble and the 16-thread target, comparing runs, and the share link (round trip, damaged
// and oversized links refused by name).
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  BenchFileError,
  compareRuns,
  decodeShareHash,
  encodeShareHash,
  machineLabel,
  MAX_BENCH_FILE_BYTES,
  noiseWarnings,
  parseBenchFile,
  viewRows,
} from '../../src/bench/report.js';

const row = (name: string, impl: string, size: number, threads: number, ms: number) => ({
  name,
  impl,
  size,
  threads,
  ms,
});
const file = {
  machine: { cpu: 'AMD EPYC', cores: 2, node: 'v22.23.3' },
  results: [row('msm', 'kernel', 4096, 1, 30), row('msm', 'kernel', 4096, 2, 20), row('msm', 'noble', 4096, 1, 600)],
};

const refused = (text: string) => {
  try {
    parseBenchFile(text);
  } catch (e) {
    expect(e).toBeInstanceOf(BenchFileError);
    return (e as Error).message;
  }
  throw new Error('accepted');
};

describe('the bench file', () => {
  it('reads what npm run bench writes, and names the machine', () => {
    expect(parseBenchFile(JSON.stringify(file))).toEqual(file);
    expect(machineLabel(file)).toBe('AMD EPYC, 2 threads, Node v22.23.3');
    expect(machineLabel({ machine: { label: 'Pixel 8' }, results: [] })).toBe('Pixel 8');
  });

  it('refuses bad files with the field that is wrong', () => {
    expect(refused('{')).toMatch(/^not JSON: /);
    expect(refused('[]')).toBe('not a benchmark file: expected an object with "machine" and "results"');
    expect(refused('{"results": {}}')).toBe('not a benchmark file: "results" is not an array');
    expect(refused('{"machine": [], "results": []}')).toBe('"machine" is not an object');
    const bad = (r: object) => JSON.stringify({ machine: {}, results: [row('msm', 'kernel', 8, 1, 1), r] });
    expect(refused(bad({ ...row('msm', 'kernel', 8, 2, 1), ms: 0 }))).toBe('results[1].ms must be a positive number');
    expect(refused(bad({ ...row('msm', 'kernel', 8, 2, 1), ms: '5' }))).toBe('results[1].ms must be a positive number');
    expect(refused(bad({ ...row('msm', 'kernel', 8, 2, 1), size: 1.5 }))).toBe(
      'results[1].size must be a positive integer',
    );
    expect(refused(bad({ ...row('msm', 'kernel', 8, 2, 1), threads: 0 }))).toBe(
      'results[1].threads must be a positive integer',
    );
    expect(refused(bad({ ...row('msm', '', 8, 2, 1) }))).toBe(
      'results[1].impl must be a non-empty string of at most 64 characters',
    );
    expect(refused(bad(row('msm', 'kernel', 8, 1, 2)))).toBe('results[1] repeats the row msm kernel 8 1');
    expect(refused(' '.repeat(MAX_BENCH_FILE_BYTES + 1))).toBe(`the file is larger than ${MAX_BENCH_FILE_BYTES} bytes`);
  });
});

describe('warnings and ratios', () => {
  it('warns about wide repeats and about all threads being no faster than one', () => {
    const rows = [
      { ...row('msm', 'kernel', 4096, 1, 30), times: [29, 30, 31] },
      { ...row('msm', 'kernel', 4096, 2, 20), times: [15, 20, 40] },
      { ...row('proof-base', 'toy', 4096, 1, 80), times: [80, 81] },
      { ...row('proof-base', 'toy', 4096, 2, 99), times: [99, 100] },
    ];
    const warnings = noiseWarnings(rows);
    expect(warnings.map((w) => w.key)).toEqual(['msm kernel 4096 2', 'proof-base toy 4096 2']);
    expect(warnings[0]!.message).toContain('repeats spread 125% of the median (15.0, 20.0, 40.0 ms)');
    expect(warnings[1]!.message).toContain('2 threads (99.0 ms) were no faster than one (80.0 ms)');
    expect(noiseWarnings(rows.slice(0, 1))).toEqual([]);
  });

  it('compares kernel rows with noble and projects the all-threads rows to 16 threads', () => {
    const [one, two, noble] = viewRows(file.results);
    expect(one!.vsNoble).toBe(20);
    expect(noble!.vsNoble).toBeNull();
    expect(two!.speedup).toBe(1.5);
    // 1.5× on 2 threads = 75% per thread: 30 ms / (16 × 0.75) = 2.5 ms.
    expect(two!.at16).toBeCloseTo(2.5, 10);
    expect(one!.at16).toBeNull();
    // A superlinear split never projects better than perfect scaling.
    expect(viewRows([row('m', 'k', 1, 1, 30), row('m', 'k', 1, 2, 10)])[1]!.at16).toBeCloseTo(30 / 16, 10);
  });

  it('lines runs up by (name, impl, size, threads), with gaps where a run lacks a row', () => {
    const other = { results: [row('msm', 'kernel', 4096, 1, 60), row('poseidon2', 'kernel', 4096, 1, 9)] };
    expect(compareRuns([file, other])).toEqual([
      { key: 'msm kernel 4096 1', name: 'msm', impl: 'kernel', size: 4096, threads: 1, ms: [30, 60] },
      { key: 'msm kernel 4096 2', name: 'msm', impl: 'kernel', size: 4096, threads: 2, ms: [20, null] },
      { key: 'msm noble 4096 1', name: 'msm', impl: 'noble', size: 4096, threads: 1, ms: [600, null] },
      { key: 'poseidon2 kernel 4096 1', name: 'poseidon2', impl: 'kernel', size: 4096, threads: 1, ms: [null, 9] },
    ]);
  });
});

describe('share links', () => {
  it('round-trips a file through the URL hash', async () => {
    const hash = await encodeShareHash(file);
    expect(hash).toMatch(/^bench=[A-Za-z0-9_-]+$/);
    expect(await decodeShareHash(`#${hash}`)).toEqual(file);
    expect(await decodeShareHash('#something-else')).toBeNull();
  });

  it('refuses damaged, non-base64 and inflate-bomb links by name', async () => {
    const reason = (hash: string) =>
      decodeShareHash(hash).then(
        () => 'accepted',
        (e: Error) => `${e.name}: ${e.message}`,
      );
    expect(await reason('bench=AAAA')).toBe('BenchFileError: the shared result is damaged (it does not inflate)');
    expect(await reason('bench=a+b')).toBe('BenchFileError: the shared result is not base64url');
    const bomb = deflateRawSync(Buffer.alloc(MAX_BENCH_FILE_BYTES * 4, 0x20)).toString('base64url');
    expect(bomb.length).toBeLessThan(10_000);
    expect(await reason(`bench=${bomb}`)).toBe(
      `BenchFileError: the shared result inflates past ${MAX_BENCH_FILE_BYTES} bytes`,
    );
    const notAFile = deflateRawSync(Buffer.from('{"results": 5}')).toString('base64url');
    expect(await reason(`bench=${notAFile}`)).toBe('BenchFileError: not a benchmark file: "results" is not an array');
  });
});
