// Fr vector checks: axpy, Hadamard and CSR sparse matrix–vector products against bigint
// references over @noble/curves' Fr, and the rejection of non-canonical vector elements.
import { expectBigints, expectRejected, hex, type ConformanceCheck } from './conformance-core.js';
import { bigintToBytesLE, decodeFrVector, encodeFrVector } from './encoding.js';
import { Fr, NON_CANONICAL_FR, R, SeededRandom } from './conformance-inputs.js';
import type { CsrMatrix } from './types.js';

/** v encoded, with element i replaced by the raw 256-bit integer x (e.g. one ≥ r). */
function withRaw(v: readonly bigint[], i: number, x: bigint): Uint8Array {
  const bytes = encodeFrVector(v);
  bytes.set(bigintToBytesLE(x), 32 * i);
  return bytes;
}

interface RandomCsr extends CsrMatrix {
  entries: bigint[];
}

/** A random matrix with empty rows and columns, deterministic for the seed. */
function randomCsr(rng: SeededRandom, rows: number, cols: number): RandomCsr {
  const rowPtr = new Uint32Array(rows + 1);
  const colIdx: number[] = [];
  const entries: bigint[] = [];
  for (let r = 0; r < rows; r++) {
    if (r % 7 !== 3)
      for (let c = 0; c < cols; c++)
        if (c % 5 !== 2 && rng.int(4) === 0) {
          colIdx.push(c);
          entries.push(rng.int(9) === 0 ? R - 1n : rng.fr());
        }
    rowPtr[r + 1] = colIdx.length;
  }
  return { rows, cols, rowPtr, colIdx: Uint32Array.from(colIdx), values: encodeFrVector(entries), entries };
}

function referenceSpmv(m: RandomCsr, z: readonly bigint[]): bigint[] {
  return Array.from({ length: m.rows }, (_, r) => {
    let acc = 0n;
    for (let p = m.rowPtr[r]!; p < m.rowPtr[r + 1]!; p++) acc = Fr.add(acc, Fr.mul(m.entries[p]!, z[m.colIdx[p]!]!));
    return acc;
  });
}

export const vectorChecks: ConformanceCheck[] = [
  {
    name: 'fr.axpy: a + r·b, lengths 0, 1, 9, 100',
    run(k) {
      const rng = new SeededRandom(0xa001n);
      let cases = 0;
      for (const n of [0, 1, 9, 100]) {
        const a = rng.frVector(n);
        const b = rng.frVector(n).reverse();
        for (const r of [0n, 1n, R - 1n, rng.fr()]) {
          const got = decodeFrVector(k.frAxpy(encodeFrVector(a), r, encodeFrVector(b)));
          expectBigints(
            `frAxpy(n = ${n}, r = ${hex(r)})`,
            got,
            a.map((x, i) => Fr.add(x, Fr.mul(r, b[i]!))),
          );
          cases++;
        }
      }
      return `${cases} vectors equal a + r·b over @noble/curves Fr`;
    },
  },
  {
    name: 'fr.hadamard: a ∘ b, lengths 0, 1, 64',
    run(k) {
      const rng = new SeededRandom(0xa002n);
      for (const n of [0, 1, 64]) {
        const a = rng.frVector(n);
        const b = rng.frVector(n).reverse();
        expectBigints(
          `frHadamard(n = ${n})`,
          decodeFrVector(k.frHadamard(encodeFrVector(a), encodeFrVector(b))),
          a.map((x, i) => Fr.mul(x, b[i]!)),
        );
      }
      return '3 vectors equal a ∘ b over @noble/curves Fr';
    },
  },
  {
    name: 'fr vectors: non-canonical elements are rejected',
    run(k) {
      const rng = new SeededRandom(0xa003n);
      const v = rng.frVector(6);
      const good = encodeFrVector(v);
      let calls = 0;
      for (const x of NON_CANONICAL_FR) {
        const at = rng.int(v.length);
        const bad = withRaw(v, at, x);
        const reject = (what: string, call: () => unknown) => {
          expectRejected(`${what} with ${hex(x)} at ${at}`, call);
          calls++;
        };
        reject('frAxpy a', () => k.frAxpy(bad, 2n, good));
        reject('frAxpy b', () => k.frAxpy(good, 2n, bad));
        reject('frHadamard a', () => k.frHadamard(bad, good));
        reject('frHadamard b', () => k.frHadamard(good, bad));
        reject('poseidon2Batch left', () => k.poseidon2Batch(bad, good));
        reject('poseidon2Batch right', () => k.poseidon2Batch(good, bad));
        reject('uploadMatrix values', () =>
          k.uploadMatrix({
            rows: 1,
            cols: 6,
            rowPtr: Uint32Array.from([0, 6]),
            colIdx: Uint32Array.from([0, 1, 2, 3, 4, 5]),
            values: bad,
          }),
        );
        const h = k.uploadMatrix({
          rows: 1,
          cols: 6,
          rowPtr: Uint32Array.from([0, 1]),
          colIdx: Uint32Array.from([0]),
          values: encodeFrVector([1n]),
        });
        try {
          reject('spmv z', () => k.spmv(h, bad));
        } finally {
          h.free();
        }
      }
      expectBigints(
        'frHadamard after the rejections',
        decodeFrVector(k.frHadamard(good, good)),
        v.map((x) => Fr.mul(x, x)),
      );
      return `${calls} calls with an element ≥ r threw KernelInputError`;
    },
  },
  {
    name: 'csr.spmv: M·z against a bigint reference, matrix reused',
    run(k) {
      const rng = new SeededRandom(0xa004n);
      const m = randomCsr(rng, 45, 33);
      const h = k.uploadMatrix(m);
      try {
        for (let i = 0; i < 3; i++) {
          const z = rng.frVector(m.cols);
          expectBigints(
            `spmv(45 × 33, vector ${i})`,
            decodeFrVector(k.spmv(h, encodeFrVector(z))),
            referenceSpmv(m, z),
          );
        }
      } finally {
        h.free();
      }
      const entry = rng.fr();
      const single: RandomCsr = {
        rows: 1,
        cols: 1,
        rowPtr: Uint32Array.from([0, 1]),
        colIdx: Uint32Array.from([0]),
        values: encodeFrVector([entry]),
        entries: [entry],
      };
      const hs = k.uploadMatrix(single);
      try {
        expectBigints(
          'spmv(1 × 1)',
          decodeFrVector(k.spmv(hs, encodeFrVector([R - 1n]))),
          referenceSpmv(single, [R - 1n]),
        );
      } finally {
        hs.free();
      }
      return `45 × 33 matrix (${m.colIdx.length} non-zeros, empty rows and columns) times 3 vectors, and a 1 × 1, equal the reference`;
    },
  },
];
