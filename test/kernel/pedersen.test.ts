import { bn254 } from '@noble/curves/bn254.js';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import { beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { bigintToBytesLE, bytesToBigintLE, decodeG1 } from '../../src/kernel/encoding.js';
import { loadKernel, type WasmKernel } from '../../src/kernel/index.js';
import type { KernelExports } from '../../src/kernel/loader.js';
import {
  addPedersenGeneratorRange,
  clearPedersenCache,
  derivePedersenGeneratorRange,
  exportPedersenGenerators,
  importPedersenGenerators,
  MAX_GENERATORS,
  pedersenGenerators,
  PedersenCacheError,
  PedersenInputError,
} from '../../src/kernel/pedersen.js';

const Fp = bn254.fields.Fp;
const q = Fp.ORDER;

/**
 * The generator spec, re-implemented from its description with @noble (not with our code):
 * SHA-512(domain ‖ 0x00 ‖ u32le(len) ‖ label ‖ u32le(i) ‖ u32le(c)), x = LE integer mod q,
 * first c (from `firstCounter` on) with x³ + 3 a square, y the even root.
 */
function referenceGenerator(label: string, i: number, firstCounter = 0): { x: bigint; y: bigint; counter: number } {
  const enc = new TextEncoder();
  const labelBytes = enc.encode(label);
  const u32 = (v: number) => new Uint8Array([v & 255, (v >>> 8) & 255, (v >>> 16) & 255, v >>> 24]);
  for (let c = firstCounter; ; c++) {
    const msg = new Uint8Array([
      ...enc.encode('fernet-prover/pedersen-generators/bn254-g1/v1'),
      0,
      ...u32(labelBytes.length),
      ...labelBytes,
      ...u32(i),
      ...u32(c),
    ]);
    const x = bytesToBigintLE(sha512(msg)) % q;
    const f = Fp.add(Fp.mul(Fp.sqr(x), x), 3n);
    if (Fp.pow(f, (q - 1n) / 2n) !== 1n) continue;
    let y = Fp.sqrt(f);
    if (y & 1n) y = q - y;
    return { x, y, counter: c };
  }
}

const pointAt = (points: Uint8Array, i: number) => points.subarray(64 * i, 64 * (i + 1));

let kernel: WasmKernel;
beforeAll(async () => {
  kernel = await loadKernel();
});
beforeEach(() => clearPedersenCache());

/** The raw exports with a log of hashToCurveBatch calls (their candidate counts). */
function countingKernel(): { raw: KernelExports; calls: number[] } {
  const calls: number[] = [];
  const raw = kernel.raw;
  const inner = raw.hashToCurveBatch as (o: number, d: number, n: number, a: number) => number;
  return {
    calls,
    raw: {
      ...raw,
      hashToCurveBatch: (o: number, d: number, n: number, a: number) => (calls.push(n), inner(o, d, n, a)),
    },
  };
}

describe('Pedersen generators', () => {
  test('match an independent computation of the spec with @noble/curves', () => {
    const points = pedersenGenerators(kernel, 'fernet/test-vector', 12);
    expect(points).toHaveLength(12 * 64);
    let sawRetry = false;
    for (let i = 0; i < 12; i++) {
      const ref = referenceGenerator('fernet/test-vector', i);
      sawRetry ||= ref.counter > 0;
      const got = decodeG1(pointAt(points, i))!;
      expect(got).toEqual({ x: ref.x, y: ref.y });
      expect(() => bn254.G1.Point.fromAffine(got).assertValidity()).not.toThrow();
    }
    expect(sawRetry).toBe(true); // the vector exercises the increment step
  });

  test('known answer: pins the spec (values from an independent Python hashlib computation)', () => {
    const points = pedersenGenerators(kernel, 'fernet/test-vector', 2);
    expect(decodeG1(pointAt(points, 0))).toEqual({
      x: 0x060cfece048139220440f19787ed1067528f4646ecd673488dbc4db327eb3169n, // counter 1
      y: 0x20f3b265d32afc741412f3316cbf7fbd2371445b0685b83caa99cfde1b817814n,
    });
    expect(decodeG1(pointAt(points, 1))).toEqual({
      x: 0x118f63f46b370da33d7d4a722da55ea06d6d83e3f569cfb5adab8cb8c05c20c5n, // counter 0
      y: 0x11d1a5f9c30fb377062d8fe9805182845218e844a38f9e7889bd067f1f3c3e36n,
    });
  });

  test('are deterministic: the same label gives the same points after the cache is dropped', () => {
    const first = pedersenGenerators(kernel, 'W', 300);
    clearPedersenCache();
    expect(pedersenGenerators(kernel, 'W', 300)).toEqual(first);
    expect(pedersenGenerators(kernel.raw, 'W', 300)).toEqual(first); // raw exports work too
  });

  test('are on the curve, never the identity, pairwise distinct, and separated by label', () => {
    const n = 1024;
    const a = pedersenGenerators(kernel, 'folding-W', n);
    const b = pedersenGenerators(kernel, 'folding-E', n);
    const c = pedersenGenerators(kernel, 'folding-W ', n); // one extra byte is another label
    const seen = new Set<string>();
    for (const set of [a, b, c]) {
      for (let i = 0; i < n; i++) {
        const bytes = pointAt(set, i);
        const p = decodeG1(bytes);
        expect(p).not.toBeNull();
        bn254.G1.Point.fromAffine(p!).assertValidity();
        seen.add(Buffer.from(bytes).toString('hex'));
      }
    }
    expect(seen.size).toBe(3 * n);
    // The kernel's own point loader (MSM) accepts them: Σ 1·G_i over a equals noble's sum.
    const ones = new Uint8Array(32 * 8);
    for (let i = 0; i < 8; i++) ones[32 * i] = 1;
    const sum = decodeG1(kernel.msm(a.subarray(0, 8 * 64), ones))!;
    let expected = bn254.G1.Point.ZERO;
    for (let i = 0; i < 8; i++) expected = expected.add(bn254.G1.Point.fromAffine(decodeG1(pointAt(a, i))!));
    expect(sum).toEqual(expected.toAffine());
  });

  test('extend: asking for n then 2n derives only the new ones, and prefixes agree', () => {
    const { raw, calls } = countingKernel();
    const small = pedersenGenerators(raw, 'extend', 100);
    const firstRun = calls.splice(0);
    expect(firstRun[0]).toBe(100);
    const large = pedersenGenerators(raw, 'extend', 200);
    expect(calls[0]).toBe(100); // only indices 100..199 were pending
    expect(large.subarray(0, 100 * 64)).toEqual(small);
    calls.length = 0;
    expect(pedersenGenerators(raw, 'extend', 150)).toEqual(large.subarray(0, 150 * 64));
    expect(calls).toEqual([]); // served from the cache
  });

  test('returned arrays are copies: mutating one does not touch the cache', () => {
    const first = pedersenGenerators(kernel, 'copy', 4);
    const saved = first.slice();
    first.fill(0);
    expect(pedersenGenerators(kernel, 'copy', 4)).toEqual(saved);
  });

  test('reject bad counts and labels', () => {
    expect(pedersenGenerators(kernel, 'empty', 0)).toHaveLength(0);
    for (const n of [-1, 1.5, Number.NaN, MAX_GENERATORS + 1]) {
      expect(() => pedersenGenerators(kernel, 'x', n)).toThrow(PedersenInputError);
    }
    expect(() => pedersenGenerators(kernel, 'x'.repeat(257), 1)).toThrow(/at most 256 allowed/);
  });
});

describe('Pedersen generators as bytes', () => {
  const label = 'persisted';
  const n = 40;

  /** Re-seals edited bytes with a valid checksum, as a deliberate forger would. */
  const reseal = (bytes: Uint8Array) => {
    const out = bytes.slice();
    out.set(sha256(out.subarray(0, out.length - 32)), out.length - 32);
    return out;
  };
  const countersAt = 12 + new TextEncoder().encode(label).length + 4;
  const pointsAt = countersAt + n;

  test('round trip: export, drop the cache, import, and no derivation is needed', () => {
    const points = pedersenGenerators(kernel, label, n);
    const bytes = exportPedersenGenerators(kernel, label, n);
    clearPedersenCache();
    const { raw, calls } = countingKernel();
    expect(importPedersenGenerators(raw, bytes)).toEqual({ label, n });
    expect(pedersenGenerators(raw, label, n)).toEqual(points);
    expect(calls).toEqual([]);
    // Extending an imported set continues the same sequence.
    expect(pedersenGenerators(raw, label, n + 5).subarray(n * 64)).toEqual(
      (clearPedersenCache(), pedersenGenerators(kernel, label, n + 5)).subarray(n * 64),
    );
  });

  test('stored counters are the try-and-increment steps', () => {
    const bytes = exportPedersenGenerators(kernel, label, n);
    for (let i = 0; i < n; i++) expect(bytes[countersAt + i]).toBe(referenceGenerator(label, i).counter);
  });

  test('corrupted or forged bytes are rejected and leave the cache untouched', () => {
    const good = exportPedersenGenerators(kernel, label, n);
    clearPedersenCache();
    const flipped = good.slice();
    flipped[pointsAt + 5 * 64 + 3]! ^= 1;
    const cases: [Uint8Array, RegExp][] = [
      [flipped, /checksum mismatch/],
      [reseal(flipped), /point 5 of "persisted" is not the derived generator/],
      [good.subarray(0, good.length - 1), /does not match 40 generators/],
      [good.subarray(0, 20), /truncated|shorter/],
      [reseal(Uint8Array.from(good, (b, i) => (i === 0 ? 0x58 : b))), /bad magic/],
      [reseal(Uint8Array.from(good, (b, i) => (i === 4 ? 2 : b))), /unknown format version 2/],
      [
        reseal(Uint8Array.from(good, (b, i) => (i === countersAt + 7 ? b + 1 : b))),
        /point 7 .* not the derived generator/,
      ],
    ];
    // A valid curve point that is not derived: the generator (1, 2) in place of point 3.
    const foreign = good.slice();
    foreign.set(bigintToBytesLE(1n), pointsAt + 3 * 64);
    foreign.set(bigintToBytesLE(2n), pointsAt + 3 * 64 + 32);
    cases.push([reseal(foreign), /point 3 .* not the derived generator/]);
    // The identity is never a generator.
    const identity = good.slice();
    identity.fill(0, pointsAt, pointsAt + 64);
    cases.push([reseal(identity), /point 0 .* not the derived generator/]);
    for (const [bytes, message] of cases) {
      expect(() => importPedersenGenerators(kernel, bytes)).toThrow(PedersenCacheError);
      expect(() => importPedersenGenerators(kernel, bytes)).toThrow(message);
    }
    const { raw, calls } = countingKernel();
    pedersenGenerators(raw, label, 1);
    expect(calls.length).toBeGreaterThan(0); // nothing was imported: it derives again
  });

  test('an import that disagrees with generators derived here is rejected', () => {
    // Forge a set that passes the per-point check: take a later accepted counter for one index.
    const good = exportPedersenGenerators(kernel, label, n);
    const i = 2;
    const ref = referenceGenerator(label, i);
    const alt = referenceGenerator(label, i, ref.counter + 1); // the next accepted counter
    const forged = good.slice();
    forged[countersAt + i] = alt.counter;
    forged.set(bigintToBytesLE(alt.x), pointsAt + i * 64);
    forged.set(bigintToBytesLE(alt.y), pointsAt + i * 64 + 32);
    expect(() => importPedersenGenerators(kernel, reseal(forged))).toThrow(
      /point 2 of "persisted" differs from the one derived here/,
    );
  });
});

describe('Pedersen generator ranges (for deriving on several threads)', () => {
  test('ranges derived apart join into the same set, with no derivation afterwards', () => {
    const whole = pedersenGenerators(kernel, 'ranges', 90);
    clearPedersenCache();
    const low = derivePedersenGeneratorRange(kernel, 'ranges', 0, 50);
    const high = derivePedersenGeneratorRange(kernel, 'ranges', 50, 40);
    const overlapping = derivePedersenGeneratorRange(kernel, 'ranges', 30, 30);
    expect(high.points).toEqual(whole.subarray(50 * 64));
    expect(() => addPedersenGeneratorRange(kernel, high)).toThrow(
      /starts at 50 but only 0 generators of "ranges" are known/,
    );
    addPedersenGeneratorRange(kernel, low);
    addPedersenGeneratorRange(kernel, overlapping); // 30..59: agrees on 30..49, extends to 60
    addPedersenGeneratorRange(kernel, high);
    const { raw, calls } = countingKernel();
    expect(pedersenGenerators(raw, 'ranges', 90)).toEqual(whole);
    expect(calls).toEqual([]);
  });

  test('a tampered or malformed range is rejected and leaves the cache as it was', () => {
    const range = derivePedersenGeneratorRange(kernel, 'ranges-bad', 0, 20);
    const tampered = { ...range, points: range.points.slice() };
    tampered.points[64 * 11 + 40]! ^= 4;
    expect(() => addPedersenGeneratorRange(kernel, tampered)).toThrow(
      /point 11 of "ranges-bad" is not the derived generator/,
    );
    const shifted = { ...range, label: 'ranges-other' };
    expect(() => addPedersenGeneratorRange(kernel, shifted)).toThrow(PedersenCacheError);
    expect(() => addPedersenGeneratorRange(kernel, { ...range, points: range.points.subarray(64) })).toThrow(
      /malformed/,
    );
    expect(() => addPedersenGeneratorRange(kernel, { ...range, start: -1 })).toThrow(/malformed/);
    expect(() => derivePedersenGeneratorRange(kernel, 'x', -5, 2)).toThrow(PedersenInputError);
    const { raw, calls } = countingKernel();
    pedersenGenerators(raw, 'ranges-bad', 1);
    expect(calls.length).toBeGreaterThan(0); // nothing was added
  });
});

describe('the kernel map from digests to points', () => {
  test('reduces 512-bit digests exactly and accepts exactly the squares, on edge digests', () => {
    const raw = kernel.raw;
    const le = bigintToBytesLE;
    const digests: Uint8Array[] = [
      new Uint8Array(64),
      new Uint8Array(64).fill(0xff),
      le(q, 64),
      le(q - 1n, 64),
      le(2n * q, 64),
      le((1n << 248n) - 1n, 64),
      le(1n << 248n, 64),
      le(1n << 496n, 64),
      le(q * q, 64),
    ];
    for (let i = 0; i < 40; i++) digests.push(sha512(new Uint8Array([i])));
    const n = digests.length;
    const base = raw.kalloc(n * 129);
    new Uint8Array(raw.memory.buffer).set(
      digests.flatMap((d) => [...d]),
      base,
    );
    const accepted = (raw.hashToCurveBatch as (o: number, d: number, n: number, a: number) => number)(
      base + 64 * n,
      base,
      n,
      base + 128 * n,
    );
    const mem = new Uint8Array(raw.memory.buffer);
    let expectedAccepted = 0;
    for (let i = 0; i < n; i++) {
      const x = bytesToBigintLE(digests[i]!) % q;
      const f = Fp.add(Fp.mul(Fp.sqr(x), x), 3n);
      const square = Fp.pow(f, (q - 1n) / 2n) === 1n;
      expect(mem[base + 128 * n + i]).toBe(square ? 1 : 0);
      if (!square) continue;
      expectedAccepted++;
      const point = decodeG1(mem.slice(base + 64 * n + 64 * i, base + 64 * n + 64 * (i + 1)))!;
      expect(point.x).toBe(x);
      expect(point.y % 2n).toBe(0n);
      expect(Fp.sqr(point.y)).toBe(f);
    }
    expect(accepted).toBe(expectedAccepted);
    expect(accepted).toBeGreaterThan(0);
    expect(accepted).toBeLessThan(n);
    raw.kfree(base);
  });
});

describe('the kernel Legendre symbol', () => {
  test("agrees with Euler's criterion on random, square, non-square and edge values", () => {
    const raw = kernel.raw;
    const f = raw.legendreQBytes as (p: number) => number;
    const p = raw.kalloc(32);
    const symbol = (a: bigint) => {
      new Uint8Array(raw.memory.buffer).set(bigintToBytesLE(a), p);
      return f(p);
    };
    const euler = (a: bigint) => {
      const e = Fp.pow(a, (q - 1n) / 2n);
      return e === 0n ? 0 : e === 1n ? 1 : -1;
    };
    const values = [0n, 1n, 2n, 3n, q - 1n, q - 2n, 1n << 200n];
    for (let i = 0; i < 300; i++) values.push(bytesToBigintLE(sha256(new Uint8Array([i, i >> 8]))) % q);
    for (let i = 1n; i < 40n; i++) values.push(Fp.sqr(i * 0x1234567n), Fp.neg(Fp.sqr(i * 0x7654321n))); // q ≡ 3 mod 4: −square is a non-square
    for (const a of values) expect(symbol(a)).toBe(euler(a));
    expect(symbol(q)).toBe(2); // non-canonical input is refused
    raw.kfree(p);
  });
});
