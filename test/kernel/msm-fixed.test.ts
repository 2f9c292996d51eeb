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

/** The table's bytes on a SharedArrayBuffer, as a pool shares them. */
function onSharedMemory(bytes: Uint8Array): Uint8Array {
  const shared = new Uint8Array(new SharedArrayBuffer(bytes.length));
  shared.set(bytes);
  return shared;
}

/**
 * msmFixed on the first scalars.length generators equals msm and, when given, noble's result,
 * through the table in kernel memory and through the same table read from shared memory.
 */
function check(points: NoblePoint[], scalars: bigint[], c: number, noble?: string): void {
  const table = k.fixedBaseTable(pointsToBytes(points), c);
  const shared = k.fixedBaseTableShared(onSharedMemory(k.exportFixedTable(table)), points.length, c);
  try {
    const sb = encodeFrVector(scalars);
    const got = k.msmFixed(table, sb);
    expect(hex(got)).toBe(hex(k.msm(pointsToBytes(points.slice(0, scalars.length)), sb)));
    if (noble !== undefined) expect(hex(got)).toBe(noble);
    expect(hex(k.msmFixed(shared, sb))).toBe(hex(got));
  } finally {
    table.free();
    shared.free();
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
    check(many, s, 8); // the shared table: five staged blocks (4 × 1024 + 904 generators)
  });

  test('a shared table is read in place by several kernels, and a corrupted block shows in the result', async () => {
    const n = 1024 + 300;
    const many = randomPoints(n);
    const table = k.fixedBaseTable(pointsToBytes(many), 8);
    const bytes = onSharedMemory(k.exportFixedTable(table));
    table.free();
    const s = encodeFrVector(many.map(() => randomScalar()));
    const want = hex(k.msm(pointsToBytes(many), s));
    const other = await loadKernel();
    const shared = other.fixedBaseTableShared(bytes, n, 8);
    expect(shared).toMatchObject({ shared: true, n, windowBits: 8, bytes: bytes.length });
    expect(hex(other.msmFixed(shared, s))).toBe(want);
    expect(hex(k.msmFixed(shared, s))).toBe(want);
    // an entry of the second block altered in the shared bytes after the table was made: the
    // kernels read the bytes in place (no copy was taken)
    const entry = bytes.length / (n * k.raw.fixedWindows(8));
    const at = ((1024 + 17) * k.raw.fixedWindows(8) + 2) * entry;
    const saved = bytes.slice(at, at + entry);
    bytes.copyWithin(at, at + entry, at + 2 * entry);
    expect(hex(other.msmFixed(shared, s))).not.toBe(want);
    bytes.set(saved, at);
    expect(hex(other.msmFixed(shared, s))).toBe(want);
    shared.free();
    expect(() => other.msmFixed(shared, s)).toThrow(new KernelInputError('msmFixed: the table was freed'));
    expect(() => other.exportFixedTable(shared)).toThrow(new KernelInputError('exportFixedTable: the table was freed'));
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
    expect(() => k.fixedBaseTableShared(new Uint8Array(36864 + 72), 8, 4)).toThrow(
      new KernelInputError('fixedBaseTableShared: 36936 bytes, a table of 8 at c = 4 has 36864'),
    );
    expect(() => k.fixedBaseTableShared(new Uint8Array(0), 8, 3)).toThrow(
      new KernelInputError('fixedBaseTableShared: bad n or window bits'),
    );
    const shared = k.fixedBaseTableShared(new Uint8Array(36864), 8, 4);
    expect(() => k.msmFixed(shared, new Uint8Array(9 * 32))).toThrow(
      new KernelInputError('msmFixed: 9 scalars but the table has 8 generators'),
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
    // the staged path frees its staging block and scratch too
    const t = k.fixedBaseTable(p, 6);
    const shared = k.fixedBaseTableShared(k.exportFixedTable(t), 300, 6);
    t.free();
    k.msmFixed(shared, s);
    const after = k.memoryBytes();
    for (let i = 0; i < 20; i++) k.msmFixed(shared, s);
    expect(k.memoryBytes()).toBe(after);
  });
});
