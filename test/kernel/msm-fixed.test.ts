// Fixed-base commitments (tables of 2^(c·j)·G_i) against the variable-base MSM and noble, on
// random and edge inputs, through the fixed path, its small-n fallback and its block streaming.
import { beforeAll, describe, expect, test } from 'vitest';
import { encodeFrVector } from '../../src/kernel/encoding.js';
import { KernelInputError, loadKernel, type WasmKernel } from '../../src/kernel/index.js';
import { fixedWindowBitsFor } from '../../src/kernel/kernel.js';
import {
  G,
  nobleMsm,
  noblePointBytes,
  pointsToBytes,
  R_ORDER,
  randomPoints,
  randomScalar,
  type NoblePoint,
} from './helpers.js';

let k: WasmKernel;
beforeAll(async () => {
  k = await loadKernel();
});

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** msmFixed on the first scalars.length generators equals msm and, when given, noble's result. */
function check(points: NoblePoint[], scalars: bigint[], c: number, noble?: string): void {
  const table = k.fixedBaseTable(pointsToBytes(points), c);
  try {
    const sb = encodeFrVector(scalars);
    const got = k.msmFixed(table, sb);
    expect(hex(got)).toBe(hex(k.msm(pointsToBytes(points.slice(0, scalars.length)), sb)));
    if (noble !== undefined) expect(hex(got)).toBe(noble);
  } finally {
    table.free();
  }
}

const nobleHex = (points: NoblePoint[], scalars: bigint[]) => hex(noblePointBytes(nobleMsm(points, scalars)));

describe('fixed-base commitments', () => {
  const pts = randomPoints(700);

  test('random scalars: the fixed path (n ≥ 2^(c−2)) at several window widths, equal to msm and noble', () => {
    const s = pts.map(() => randomScalar());
    const want = nobleHex(pts, s);
    for (const c of [4, 6, 8, 9]) check(pts, s, c, want);
  });

  test('the small-n fallback (variable-base MSM on the window-0 entries) and a prefix of the table', () => {
    const s = pts.slice(0, 20).map(() => randomScalar());
    check(pts, s, 10, nobleHex(pts.slice(0, 20), s)); // 20 < 2^8: fallback, on a prefix of the table
    const t = k.fixedBaseTable(pointsToBytes(pts), 6);
    expect(k.msmFixed(t, new Uint8Array(0))).toEqual(new Uint8Array(64)); // n = 0: the identity
    t.free();
  });

  test('edge scalars: zeros, all ones, r − 1, mixed; edge points: identity, repeats, P and −P', () => {
    const n = 300;
    const base = pts.slice(0, n);
    const sum = base.reduce((a, p) => a.add(p), G.ZERO);
    check(
      base,
      base.map(() => 0n),
      6,
      hex(new Uint8Array(64)),
    );
    check(
      base,
      base.map(() => 1n),
      6,
      hex(noblePointBytes(sum)),
    );
    check(
      base,
      base.map(() => R_ORDER - 1n),
      6,
      hex(noblePointBytes(sum.negate())),
    );
    const mixed = base.map((_, i) => [0n, 1n, R_ORDER - 1n, randomScalar()][i % 4]!);
    check(base, mixed, 6, nobleHex(base, mixed));
    // identity generators, a point repeated (doublings inside the buckets) and P next to −P
    const odd = base.map((p, i) =>
      i % 17 === 0 ? G.ZERO : i % 5 === 0 ? base[0]! : i % 7 === 0 ? base[i - 1]!.negate() : p,
    );
    const rs = odd.map(() => randomScalar());
    check(odd, rs, 6, nobleHex(odd, rs));
    check(
      odd,
      odd.map(() => R_ORDER - 1n),
      6,
      hex(noblePointBytes(odd.reduce((a, p) => a.add(p), G.ZERO).negate())),
    );
  });

  test('more generators than one streaming block (4096): buckets carry over between blocks', () => {
    const many = randomPoints(5000);
    const s = many.map((_, i) => (i % 3 === 0 ? R_ORDER - 1n : randomScalar()));
    check(many, s, 8);
  });

  test('a wrong table gives a wrong commitment: the comparison catches a corrupted entry', () => {
    const n = 200;
    const table = k.fixedBaseTable(pointsToBytes(pts.slice(0, n)), 6);
    const bytes = k.exportFixedTable(table);
    const s = encodeFrVector(pts.slice(0, n).map(() => randomScalar()));
    const good = k.msmFixed(table, s);
    // entries 1 and 2 of generator 5 swapped: every entry still a curve point, the table is wrong
    const entry = table.bytes / (n * k.raw.fixedWindows(6));
    const at = (5 * k.raw.fixedWindows(6) + 1) * entry;
    const swapped = bytes.slice();
    swapped.set(bytes.subarray(at + entry, at + 2 * entry), at);
    swapped.set(bytes.subarray(at, at + entry), at + entry);
    const wrong = k.fixedBaseTableFromBytes(swapped, n, 6);
    expect(hex(k.msmFixed(wrong, s))).not.toBe(hex(good));
    // the same bytes back give the same result (export/import round trip)
    const again = k.fixedBaseTableFromBytes(bytes, n, 6);
    expect(k.msmFixed(again, s)).toEqual(good);
    for (const t of [table, wrong, again]) t.free();
  });

  test('window bits by size: ⌈log2 n⌉ within [8, 15]', () => {
    expect([1, 100, 256, 257, 4096, 16384, 59031, 65536, 1 << 20].map(fixedWindowBitsFor)).toEqual([
      8, 8, 8, 9, 12, 14, 15, 15, 15,
    ]);
  });

  test('rejections: scalars ≥ r, more scalars than generators, a freed or foreign table, bad bytes', async () => {
    const table = k.fixedBaseTable(pointsToBytes(pts.slice(0, 8)), 4);
    const s = pts.slice(0, 8).map(() => randomScalar());
    s[3] = R_ORDER;
    expect(() => k.msmFixed(table, encodeFrVector(s))).toThrow(new KernelInputError('msmFixed: scalar 3 is not < r'));
    expect(() => k.msmFixed(table, new Uint8Array(9 * 32))).toThrow(
      new KernelInputError('msmFixed: 9 scalars but the table has 8 generators'),
    );
    const other = await loadKernel();
    expect(() => other.msmFixed(table, new Uint8Array(32))).toThrow(
      new KernelInputError('msmFixed: the table was not built in this kernel'),
    );
    table.free();
    expect(() => k.msmFixed(table, new Uint8Array(32))).toThrow(new KernelInputError('msmFixed: the table was freed'));
    expect(() => k.fixedBaseTableFromBytes(new Uint8Array(10), 8, 4)).toThrow(
      new KernelInputError('fixedBaseTableFromBytes: 10 bytes, a table of 8 at c = 4 has 36864'),
    );
    const bad = pointsToBytes(pts.slice(0, 2));
    bad[64 + 5] ^= 1;
    expect(() => k.fixedBaseTable(bad, 4)).toThrow(KernelInputError);
  });

  test('memory stays bounded over repeated builds and commitments', () => {
    const p = pointsToBytes(pts.slice(0, 300));
    const s = encodeFrVector(pts.slice(0, 300).map(() => randomScalar()));
    for (let i = 0; i < 3; i++) k.fixedBaseTable(p, 6).free();
    const before = k.memoryBytes();
    for (let i = 0; i < 20; i++) {
      const t = k.fixedBaseTable(p, 6);
      k.msmFixed(t, s);
      t.free();
    }
    expect(k.memoryBytes()).toBe(before);
  });
});
