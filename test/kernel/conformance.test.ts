// The kernel conformance suite under Node: every check passes on the real kernel, and the harness
// catches wrong kernels (each corruption below fails exactly the checks that cover it).
import { createWorkerPool } from '../../workers/jobs.js';
import { beforeAll, describe, expect, test } from 'vitest';
import {
  CONFORMANCE_CHECKS,
  runChecks,
  runConformance,
  type ConformanceKernel,
  type ConformanceResult,
} from '../../src/kernel/conformance.js';
import { loadKernel, type WasmKernel } from '../../src/kernel/index.js';
import type { KernelExports } from '../../src/kernel/loader.js';

import { conformanceView } from '../../src/app/conformance-view.js';
import { R_ORDER } from './helpers.js';

let kernel: WasmKernel;
beforeAll(async () => {
  kernel = await loadKernel();
});

/** The real kernel with some entries replaced (the rest delegate to it). */
function corrupted(overrides: Partial<Record<keyof ConformanceKernel, unknown>>): ConformanceKernel {
  return Object.assign(Object.create(kernel) as ConformanceKernel, overrides);
}

const failing = (results: ConformanceResult[]) => results.filter((r) => !r.ok).map((r) => r.name);

describe('conformance suite on the real kernel', () => {
  test('every check passes', () => {
    const results = runConformance(kernel);
    expect(results).toHaveLength(CONFORMANCE_CHECKS.length);
    for (const r of results) expect(r, `${r.name}: ${r.detail}`).toMatchObject({ ok: true });
    expect(results.every((r) => r.detail.length > 0)).toBe(true);
  });

  test('check names are unique and the suite covers every kernel entry', () => {
    const names = CONFORMANCE_CHECKS.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    for (const prefix of [
      'fr.mul',
      'fr.inverse',
      'fr:',
      'msm:',
      'poseidon:',
      'pedersen:',
      'fr.axpy',
      'fr.hadamard',
      'fr vectors:',
      'csr.spmv',
    ]) {
      expect(
        names.some((n) => n.startsWith(prefix)),
        prefix,
      ).toBe(true);
    }
  });

  test('inputs are deterministic: a second run on a fresh kernel reports the same details', async () => {
    const strip = (rs: ConformanceResult[]) => rs.map(({ name, ok, detail }) => ({ name, ok, detail }));
    expect(strip(runConformance(await loadKernel()))).toEqual(strip(runConformance(kernel)));
  });
});

describe('the harness detects wrong kernels', () => {
  // [corruption, wrong kernel, the checks expected to fail (each must fail; no other may)]
  const cases: Array<[string, () => ConformanceKernel, RegExp[]]> = [
    [
      'frMul off by one',
      () => corrupted({ frMul: (a: bigint, b: bigint) => (kernel.frMul(a, b) + 1n) % R_ORDER }),
      [/^fr\.mul: edge/, /^fr\.mul: random/, /^fr: non-canonical/],
    ],
    [
      'frInverse wrong on one value',
      () => corrupted({ frInverse: (a: bigint) => (a === R_ORDER - 1n ? 1n : kernel.frInverse(a)) }),
      [/^fr\.inverse: 1, r − 1/],
    ],
    [
      'frInverse(0) returns 0',
      () => corrupted({ frInverse: (a: bigint) => (a === 0n ? 0n : kernel.frInverse(a)) }),
      [/^fr\.inverse: 0 is rejected/],
    ],
    [
      'frMul reduces non-canonical input silently',
      () =>
        corrupted({
          frMul: (a: bigint, b: bigint) =>
            kernel.frMul(((a % R_ORDER) + R_ORDER) % R_ORDER, ((b % R_ORDER) + R_ORDER) % R_ORDER),
        }),
      [/^fr: non-canonical/],
    ],
    [
      'msm flips a bit of every non-identity result',
      () =>
        corrupted({
          msm: (p: Uint8Array, s: Uint8Array) => {
            const out = kernel.msm(p, s);
            if (out.some((b) => b !== 0)) out[0]! ^= 1;
            return out;
          },
        }),
      [
        /^msm: n = 0/,
        /^msm: n not/,
        /^msm: zero/,
        /^msm: identity/,
        /^msm: repeated/,
        /^msm: P and/,
        /^msm: large/,
        /^msm: 300/,
        /^msm: points off/,
      ],
    ],
    [
      'fixed-base table built from the generators shifted by one',
      () =>
        corrupted({
          fixedBaseTable(this: ConformanceKernel, g: Uint8Array, c?: number) {
            const shifted = new Uint8Array(g.length);
            shifted.set(g.subarray(64));
            shifted.set(g.subarray(0, 64), g.length - 64);
            return Object.getPrototypeOf(this).fixedBaseTable.call(this, shifted, c);
          },
        }),
      [/^msm-fixed: /],
    ],
    [
      'msm wrong only above 200 points',
      () =>
        corrupted({
          msm: (p: Uint8Array, s: Uint8Array) =>
            kernel.msm(p.length > 200 * 64 ? p.subarray(64) : p, p.length > 200 * 64 ? s.subarray(32) : s),
        }),
      [/^msm: 300 random/],
    ],
    [
      'msm throws a plain Error on bad scalars',
      () =>
        corrupted({
          msm: (p: Uint8Array, s: Uint8Array) => {
            try {
              return kernel.msm(p, s);
            } catch {
              throw new Error('bad');
            }
          },
        }),
      [/^msm: scalars/, /^msm: points off/],
    ],
    [
      'poseidon2 wrong on one edge pair',
      () =>
        corrupted({
          poseidon2: (a: bigint, b: bigint) => (a === R_ORDER - 1n && b === 0n ? 0n : kernel.poseidon2(a, b)),
        }),
      [/^poseidon: edge/],
    ],
    [
      'poseidon2 off by one',
      () => corrupted({ poseidon2: (a: bigint, b: bigint) => (kernel.poseidon2(a, b) + 1n) % R_ORDER }),
      [/^poseidon: Poseidon\(1, 2\)/, /^poseidon: edge/, /^poseidon: random/, /^poseidon: a batch/],
    ],
    [
      'poseidon2Batch swaps its first two outputs',
      () =>
        corrupted({
          poseidon2Batch: (l: Uint8Array, r: Uint8Array) => {
            const out = kernel.poseidon2Batch(l, r);
            if (out.length >= 64) {
              const first = out.slice(0, 32);
              out.copyWithin(0, 32, 64);
              out.set(first, 32);
            }
            return out;
          },
        }),
      [/^poseidon: a batch/],
    ],
    [
      'frAxpy ignores r',
      () => corrupted({ frAxpy: (a: Uint8Array, _r: bigint, b: Uint8Array) => kernel.frAxpy(a, 1n, b) }),
      [/^fr\.axpy/, /^fr: non-canonical/],
    ],
    [
      'frHadamard squares a',
      () => corrupted({ frHadamard: (a: Uint8Array, _b: Uint8Array) => kernel.frHadamard(a, a) }),
      [/^fr\.hadamard/, /^fr vectors: non-canonical/],
    ],
    [
      'spmv returns rows reversed',
      () =>
        corrupted({
          spmv: (m: never, z: Uint8Array) => {
            const out = kernel.spmv(m, z);
            const rows = Array.from({ length: out.length / 32 }, (_, i) => out.slice(32 * i, 32 * i + 32)).reverse();
            const flat = new Uint8Array(out.length);
            rows.forEach((r, i) => flat.set(r, 32 * i));
            return flat;
          },
        }),
      [/^csr\.spmv/],
    ],
  ];

  const everFailed = new Set<string>();
  for (const [label, make, expectedFailing] of cases) {
    test(`${label}: only the checks that cover it fail`, () => {
      const results = runConformance(make());
      const failed = failing(results);
      failed.forEach((n) => everFailed.add(n));
      for (const pattern of expectedFailing)
        expect(
          failed.filter((n) => pattern.test(n)),
          `${pattern} did not fail`,
        ).toHaveLength(1);
      expect(failed, 'unexpected failures').toHaveLength(expectedFailing.length);
      for (const r of results) if (!r.ok) expect(r.detail).toMatch(/kernel|accepted|rejected with|unexpected|element/);
    });
  }

  test('every check is failed by at least one of the wrong kernels above (none is vacuous)', () => {
    // runs after the cases above (tests in a file run in order)
    const pedersen = CONFORMANCE_CHECKS.filter((c) => c.name.startsWith('pedersen:')).map((c) => c.name); // covered below
    expect(CONFORMANCE_CHECKS.map((c) => c.name).filter((n) => !everFailed.has(n) && !pedersen.includes(n))).toEqual(
      [],
    );
  });

  test('a mismatch names both values', () => {
    const [r] = runChecks(
      corrupted({ frMul: () => 5n }),
      CONFORMANCE_CHECKS.filter((c) => c.name.startsWith('fr.mul: edge')),
    );
    expect(r).toMatchObject({ ok: false, detail: 'frMul(0x0, 0x0): kernel 0x5, reference 0x0' });
  });

  test('Pedersen generators off the curve or missing raw exports fail the Pedersen check', () => {
    const pedersen = CONFORMANCE_CHECKS.filter((c) => c.name.startsWith('pedersen:'));
    expect(pedersen).toHaveLength(1);
    const raw = kernel.raw;
    const inner = raw.hashToCurveBatch;
    const badRaw: KernelExports = {
      ...raw,
      // flips a bit of the first accepted point's y in every call
      hashToCurveBatch: (out: number, digests: number, n: number, flags: number) => {
        const r = inner(out, digests, n, flags);
        const mem = new Uint8Array(raw.memory.buffer);
        const j = mem.subarray(flags, flags + n).indexOf(1);
        if (j >= 0) mem[out + 64 * j + 32]! ^= 1;
        return r;
      },
    };
    const [offCurve] = runChecks(corrupted({ raw: badRaw }), pedersen);
    expect(offCurve).toMatchObject({ ok: false });
    expect(offCurve!.detail).toMatch(
      /^generator 0 \(0x[0-9a-f]+, 0x[0-9a-f]+\) is not a valid G1 point for @noble\/curves/,
    );
    const [noRaw] = runChecks(corrupted({ raw: undefined }), pedersen);
    expect(noRaw).toMatchObject({ ok: false, detail: expect.stringMatching(/no raw exports/) });
  });

  test('a check that throws unexpectedly is reported, and the others still run', () => {
    const results = runConformance(
      corrupted({
        frHadamard: () => {
          throw new TypeError('boom');
        },
      }),
    );
    const bad = results.filter((r) => !r.ok);
    expect(bad.map((r) => r.name)).toEqual([
      'fr.hadamard: a ∘ b, lengths 0, 1, 64',
      'fr vectors: non-canonical elements are rejected',
    ]);
    expect(bad[0]!.detail).toBe('unexpected TypeError: boom');
    expect(bad[1]!.detail).toMatch(/rejected with TypeError: boom, expected a KernelInputError/);
    expect(results).toHaveLength(CONFORMANCE_CHECKS.length);
  });
});

test('the kernel.conformance pool job runs the same suite in a worker thread', async () => {
  const pool = await createWorkerPool({ maxThreads: 1, preloadKernel: true });
  try {
    const inWorker = await pool.run('kernel.conformance', null);
    const strip = (rs: ConformanceResult[]) => rs.map(({ name, ok, detail }) => ({ name, ok, detail }));
    expect(strip(inWorker)).toEqual(strip(runConformance(kernel)));
    expect(inWorker.every((r) => r.ok)).toBe(true);
  } finally {
    await pool.close();
  }
}, 60_000);

describe('the conformance page view', () => {
  const names = ['a', 'b', 'c'];
  const result = (name: string, ok = true, detail = 'fine') => ({ name, ok, detail, ms: 1.25 });

  test('all passing in both runs', () => {
    const view = conformanceView(
      names,
      { results: names.map((n) => result(n)) },
      { results: names.map((n) => result(n)) },
    );
    expect(view.state).toBe('passed');
    expect(view.summary).toBe('All 3 checks passed on the page and in a pool worker.');
    expect(view.rows).toEqual(names.map((name) => ({ name, page: 'pass', worker: 'pass', ms: '1.3', detail: 'fine' })));
  });

  test('failing, missing and extra checks are named, per run', () => {
    const page = { results: [result('a'), result('b', false, 'kernel 0x1, reference 0x2'), result('c')] };
    const worker = { results: [result('a'), result('b'), result('zz')] };
    const view = conformanceView(names, page, worker);
    expect(view.state).toBe('failed');
    expect(view.summary).toBe(
      'FAILED: 1 of 3 checks failed on the page: b. 1 of 3 checks did not run in the worker: c. the run in the worker reported checks the suite does not list: zz.',
    );
    expect(view.rows[1]).toMatchObject({ page: 'FAIL', worker: 'pass', detail: 'page: kernel 0x1, reference 0x2' });
    expect(view.rows[2]).toMatchObject({ page: 'pass', worker: 'missing' });
  });

  test('a run that could not start is an error, not a pass', () => {
    const view = conformanceView(
      names,
      { results: names.map((n) => result(n)) },
      { error: 'WorkerStartError: no worker' },
    );
    expect(view.state).toBe('error');
    expect(view.summary).toBe('FAILED: the suite could not run in the worker (WorkerStartError: no worker).');
    expect(view.rows.every((r) => r.worker === 'not run')).toBe(true);
  });
});
