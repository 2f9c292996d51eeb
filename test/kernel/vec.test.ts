import { bn254 } from '@noble/curves/bn254.js';
import { beforeAll, describe, expect, test } from 'vitest';
import { bigintToBytesLE, decodeFrVector, encodeFrVector } from '../../src/kernel/encoding.js';
import { KernelInputError, loadKernel, type WasmKernel } from '../../src/kernel/index.js';
import { R_ORDER, randomScalar } from './helpers.js';

const Fr = bn254.fields.Fr;
let k: WasmKernel;
beforeAll(async () => {
  k = await loadKernel();
});

const edges = [0n, 1n, 2n, R_ORDER - 1n, R_ORDER - 2n, (R_ORDER - 1n) / 2n];
const randomVec = (n: number) => Array.from({ length: n }, (_, i) => (i < edges.length ? edges[i]! : randomScalar()));

/** A copy of v with element i replaced by raw bytes (e.g. a non-canonical encoding). */
function withRaw(v: bigint[], i: number, raw: bigint): Uint8Array {
  const bytes = encodeFrVector(v);
  bytes.set(bigintToBytesLE(raw, 32), i * 32);
  return bytes;
}

describe('scalar helpers', () => {
  test('frMul and frInverse match noble', () => {
    for (let i = 0; i < 50; i++) {
      const a = randomScalar();
      const b = randomScalar();
      expect(k.frMul(a, b)).toBe(Fr.mul(a, b));
      if (a !== 0n) expect(k.frInverse(a)).toBe(Fr.inv(a));
    }
    expect(k.frMul(R_ORDER - 1n, R_ORDER - 1n)).toBe(1n);
  });
  test('out-of-range inputs and the inverse of 0 are rejected', () => {
    expect(() => k.frMul(R_ORDER, 1n)).toThrow(KernelInputError);
    expect(() => k.frMul(-1n, 1n)).toThrow(KernelInputError);
    expect(() => k.frInverse(0n)).toThrow(/0 has no inverse/);
  });
});

describe('vector kernels', () => {
  test('axpy: a + r·b', () => {
    for (const n of [0, 1, 7, 100]) {
      const a = randomVec(n);
      const b = randomVec(n).reverse();
      for (const r of [0n, 1n, R_ORDER - 1n, randomScalar()]) {
        const got = decodeFrVector(k.frAxpy(encodeFrVector(a), r, encodeFrVector(b)));
        expect(got).toEqual(a.map((x, i) => Fr.add(x, Fr.mul(r, b[i]!))));
      }
    }
  });
  test('hadamard: a ∘ b', () => {
    const a = randomVec(64);
    const b = randomVec(64).reverse();
    expect(decodeFrVector(k.frHadamard(encodeFrVector(a), encodeFrVector(b)))).toEqual(
      a.map((x, i) => Fr.mul(x, b[i]!)),
    );
  });
  test('non-canonical elements and bad lengths are rejected', () => {
    const a = randomVec(5);
    expect(() => k.frAxpy(withRaw(a, 3, R_ORDER), 2n, encodeFrVector(a))).toThrow(/element 3/);
    expect(() => k.frAxpy(encodeFrVector(a), 2n, withRaw(a, 4, (1n << 256n) - 1n))).toThrow(/element 4/);
    expect(() => k.frAxpy(encodeFrVector(a), R_ORDER, encodeFrVector(a))).toThrow(KernelInputError);
    expect(() => k.frHadamard(withRaw(a, 0, R_ORDER + 1n), encodeFrVector(a))).toThrow(/element 0/);
    expect(() => k.frHadamard(encodeFrVector(a), encodeFrVector(a.slice(1)))).toThrow(/differ in length/);
    expect(() => k.frAxpy(new Uint8Array(33), 1n, new Uint8Array(33))).toThrow(/multiple of 32/);
  });
});

describe('sparse matrix–vector product', () => {
  function randomCsr(rows: number, cols: number, density: number) {
    const rowPtr = new Uint32Array(rows + 1);
    const colIdx: number[] = [];
    const vals: bigint[] = [];
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++)
        if (Math.random() < density) {
          colIdx.push(c);
          vals.push(randomScalar());
        }
      rowPtr[r + 1] = colIdx.length;
    }
    return { rows, cols, rowPtr, colIdx: Uint32Array.from(colIdx), values: encodeFrVector(vals), vals };
  }
  function reference(m: ReturnType<typeof randomCsr>, z: bigint[]): bigint[] {
    return Array.from({ length: m.rows }, (_, r) => {
      let acc = 0n;
      for (let p = m.rowPtr[r]!; p < m.rowPtr[r + 1]!; p++) acc = Fr.add(acc, Fr.mul(m.vals[p]!, z[m.colIdx[p]!]!));
      return acc;
    });
  }
  test('M·z matches a bigint reference, matrix reused across vectors', () => {
    const m = randomCsr(40, 30, 0.2);
    const h = k.uploadMatrix(m);
    expect([h.rows, h.cols]).toEqual([40, 30]);
    for (let i = 0; i < 3; i++) {
      const z = randomVec(30);
      expect(decodeFrVector(k.spmv(h, encodeFrVector(z)))).toEqual(reference(m, z));
    }
    h.free();
    expect(() => k.spmv(h, encodeFrVector(randomVec(30)))).toThrow(/freed/);
  });
  test('empty rows and an empty matrix', () => {
    const m = {
      rows: 3,
      cols: 2,
      rowPtr: Uint32Array.from([0, 0, 1, 1]),
      colIdx: Uint32Array.from([1]),
      values: encodeFrVector([5n]),
    };
    const h = k.uploadMatrix(m);
    expect(decodeFrVector(k.spmv(h, encodeFrVector([7n, 9n])))).toEqual([0n, 45n, 0n]);
    h.free();
    const e = k.uploadMatrix({
      rows: 0,
      cols: 0,
      rowPtr: Uint32Array.from([0]),
      colIdx: new Uint32Array(0),
      values: new Uint8Array(0),
    });
    expect(k.spmv(e, new Uint8Array(0)).length).toBe(0);
    e.free();
  });
  test('malformed matrices and vectors are rejected', () => {
    const ok = {
      rows: 2,
      cols: 2,
      rowPtr: Uint32Array.from([0, 1, 2]),
      colIdx: Uint32Array.from([0, 1]),
      values: encodeFrVector([1n, 2n]),
    };
    expect(() => k.uploadMatrix({ ...ok, rowPtr: Uint32Array.from([0, 2, 1]) })).toThrow(/rowPtr/);
    expect(() => k.uploadMatrix({ ...ok, colIdx: Uint32Array.from([0, 2]) })).toThrow(/column index 2/);
    expect(() => k.uploadMatrix({ ...ok, values: encodeFrVector([1n]) })).toThrow(/values hold/);
    expect(() => k.uploadMatrix({ ...ok, values: withRaw([1n, 2n], 1, R_ORDER) })).toThrow(/value 1 is not canonical/);
    const h = k.uploadMatrix(ok);
    expect(() => k.spmv(h, encodeFrVector([1n]))).toThrow(/2 columns/);
    expect(() => k.spmv(h, withRaw([1n, 2n], 1, R_ORDER))).toThrow(/z element 1/);
    expect(() => k.spmv({ rows: 2, cols: 2, free() {} }, encodeFrVector([1n, 2n]))).toThrow(/not uploaded/);
    h.free();
  });
});

test('repeated vector calls and matrix uploads keep wasm memory bounded', () => {
  const a = encodeFrVector(randomVec(2000));
  const m = {
    rows: 100,
    cols: 100,
    rowPtr: Uint32Array.from({ length: 101 }, (_, i) => i),
    colIdx: Uint32Array.from({ length: 100 }, (_, i) => i),
    values: encodeFrVector(randomVec(100)),
  };
  for (let i = 0; i < 5; i++) {
    k.frAxpy(a, 3n, a);
    k.uploadMatrix(m).free();
  }
  const before = k.memoryBytes();
  for (let i = 0; i < 300; i++) {
    k.frAxpy(a, 3n, a);
    k.frHadamard(a, a);
    const h = k.uploadMatrix(m);
    k.spmv(h, a.subarray(0, 3200));
    h.free();
    expect(() => k.frHadamard(a, withRaw(randomVec(2000), 5, R_ORDER))).toThrow();
  }
  expect(k.memoryBytes()).toBe(before);
});
