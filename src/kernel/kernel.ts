// The typed face over the raw wasm exports. It owns the kernel's memory: callers pass and receive
// Uint8Arrays and bigints only. Every call allocates its wasm buffers through a CallScope and
// frees them when it returns (also on errors), so repeated calls do not grow memory.
import { bigintToBytesLE, bytesToBigintLE } from './encoding.js';
import type { KernelExports } from './loader.js';
import { poseidon2 as poseidonHash2, poseidon2Batch as poseidonHash2Batch } from './poseidon.js';
import {
  FIELD_BYTES,
  FR_MODULUS,
  G1_BYTES,
  KernelInputError,
  type CsrMatrix,
  type FixedBaseTable,
  type FrVector,
  type G1Points,
  type Kernel,
  type MatrixHandle,
} from './types.js';

/** Exports with the vector-kernel shape runFrVectors calls. */
type FrVectorExport = 'frVecHadamard';

/** Buffers in wasm memory for the duration of one call. */
export class CallScope {
  private readonly blocks: number[] = [];
  constructor(private readonly k: KernelExports) {}

  /** A block of `size` bytes (uninitialised). */
  alloc(size: number): number {
    const ptr = this.k.kalloc(Math.max(size, 1));
    if (ptr === 0) throw new Error('kernel: out of memory');
    this.blocks.push(ptr);
    return ptr;
  }

  /** Copies bytes into a fresh block. */
  copyIn(bytes: Uint8Array): number {
    const ptr = this.alloc(bytes.length);
    new Uint8Array(this.k.memory.buffer, ptr, bytes.length).set(bytes);
    return ptr;
  }

  /** A fresh copy of `length` bytes at ptr (views are re-created: memory may have grown). */
  copyOut(ptr: number, length: number): Uint8Array {
    return new Uint8Array(this.k.memory.buffer, ptr, length).slice();
  }

  freeAll(): void {
    while (this.blocks.length) this.k.kfree(this.blocks.pop()!);
  }
}

class WasmMatrix implements MatrixHandle {
  freed = false;
  constructor(
    readonly rows: number,
    readonly cols: number,
    readonly rowPtr: number,
    readonly colIdx: number,
    readonly values: number,
    private readonly release: () => void,
  ) {}
  free(): void {
    if (this.freed) return;
    this.freed = true;
    this.release();
  }
}

class WasmFixedTable implements FixedBaseTable {
  readonly shared = false;
  freed = false;
  constructor(
    readonly owner: WasmKernel,
    readonly ptr: number,
    readonly n: number,
    readonly windowBits: number,
    readonly bytes: number,
  ) {}
  free(): void {
    if (this.freed) return;
    this.freed = true;
    this.owner.raw.kfree(this.ptr);
  }
}

/** Generators per block that msmFixed copies from a shared table into kernel memory. */
const STAGED_BLOCK = 1024;

/** A table outside kernel memory (fixedBaseTableShared); any kernel instance may read it. */
class SharedFixedTable implements FixedBaseTable {
  readonly shared = true;
  freed = false;
  constructor(
    private source: Uint8Array,
    readonly n: number,
    readonly windowBits: number,
  ) {}
  get bytes(): number {
    return this.source.length;
  }
  /** The table's bytes (empty once freed). */
  get entries(): Uint8Array {
    return this.source;
  }
  free(): void {
    this.freed = true;
    this.source = new Uint8Array(0); // lets the buffer go once no other table holds it
  }
}

/**
 * Window bits of a fixed-base table for n generators: ⌈log2 n⌉ clamped to [8, 15] (one bucket
 * pass over n·⌈255/c⌉ entries plus ~2^c additions to sum the 2^(c−1) buckets). Measured at 2^16
 * (CPU time, fixed / variable): c = 12 0.97, 13 0.90, 14 0.94, 15 0.90, 16 0.97: at 16 the
 * 2^15 pending buckets (2.4 MB) no longer stay in cache (docs/kernel.md).
 */
export function fixedWindowBitsFor(n: number): number {
  const lg = n <= 1 ? 0 : Math.ceil(Math.log2(n));
  return Math.min(15, Math.max(8, lg));
}

export class WasmKernel implements Kernel {
  constructor(readonly raw: KernelExports) {}

  /** Runs `body` with a CallScope whose buffers are all freed afterwards. */
  withScope<T>(body: (scope: CallScope) => T): T {
    const scope = new CallScope(this.raw);
    try {
      return body(scope);
    } finally {
      scope.freeAll();
    }
  }

  /**
   * The common shape of a vector kernel: copies the byte inputs in, allocates `outBytes` of
   * output, calls the export `name` with (outPtr, ...inputPtrs, ...extra) and copies the output
   * out. The export returns −1 on success or the index of the first non-canonical element.
   * Other kernel modules (e.g. Poseidon) wire their exports through this.
   */
  runFrVectors(name: FrVectorExport, inputs: Uint8Array[], outBytes: number, extra: number[] = []): Uint8Array {
    const f = this.raw[name] as (...args: number[]) => number;
    return this.withScope((s) => {
      const ptrs = inputs.map((bytes) => s.copyIn(bytes));
      const out = s.alloc(outBytes);
      const bad = f(out, ...ptrs, ...extra);
      if (bad >= 0)
        throw new KernelInputError(`${name}: element ${bad} is not a canonical field element (must be < r)`);
      return s.copyOut(out, outBytes);
    });
  }

  // --- scalar field helpers ---

  frMul(a: bigint, b: bigint): bigint {
    const ab = new Uint8Array(64);
    ab.set(frScalarBytes(a, 'a'), 0);
    ab.set(frScalarBytes(b, 'b'), 32);
    return this.withScope((s) => {
      const p = s.copyIn(ab);
      const out = s.alloc(32);
      if (this.raw.frMulBytes(out, p, p + 32) !== 1) throw new KernelInputError('field element is not canonical');
      return bytesToBigintLE(s.copyOut(out, 32));
    });
  }

  frInverse(a: bigint): bigint {
    if (a === 0n) throw new KernelInputError('frInverse: 0 has no inverse');
    const bytes = frScalarBytes(a, 'a');
    return this.withScope((s) => {
      const p = s.copyIn(bytes);
      const out = s.alloc(32);
      if (this.raw.frInverseBytes(out, p) !== 1) throw new KernelInputError('field element is not canonical');
      return bytesToBigintLE(s.copyOut(out, 32));
    });
  }

  // --- G1 ---

  msm(points: G1Points, scalars: FrVector): Uint8Array {
    return this.msmWithWindow(points, scalars, 0);
  }

  fixedBaseTable(generators: G1Points, windowBits?: number): FixedBaseTable {
    const n = checkVector(generators, G1_BYTES, 'fixedBaseTable generators');
    const c = windowBits ?? fixedWindowBitsFor(n);
    if (!Number.isInteger(c) || c < 4 || c > 20)
      throw new KernelInputError('fixedBaseTable: window bits must be 4..20');
    const bytes = this.raw.g1FixedTableBytes(n, c);
    const table = this.raw.kalloc(Math.max(bytes, 16));
    if (table === 0) throw new Error('kernel: out of memory');
    try {
      this.withScope((s) => {
        const affine = s.alloc(n * this.affineSize());
        this.loadPoints(s, generators, affine, n);
        this.raw.g1FixedTableBuild(table, affine, n, c);
      });
    } catch (err) {
      this.raw.kfree(table);
      throw err;
    }
    return new WasmFixedTable(this, table, n, c, bytes);
  }

  /**
   * A table from bytes exported by exportFixedTable, copied into this kernel's memory. The bytes
   * are the kernel's internal form and are NOT checked here: only for bytes that matched a
   * published hash or that this program's own thread produced (src/proof/generator-store.ts).
   */
  fixedBaseTableFromBytes(bytes: Uint8Array, n: number, windowBits: number): FixedBaseTable {
    const size = this.tableSize('fixedBaseTableFromBytes', bytes, n, windowBits);
    const table = this.raw.kalloc(Math.max(size, 16));
    if (table === 0) throw new Error('kernel: out of memory');
    new Uint8Array(this.raw.memory.buffer, table, size).set(bytes);
    return new WasmFixedTable(this, table, n, windowBits, size);
  }

  fixedBaseTableShared(bytes: Uint8Array, n: number, windowBits: number): FixedBaseTable {
    this.tableSize('fixedBaseTableShared', bytes, n, windowBits);
    return new SharedFixedTable(bytes, n, windowBits);
  }

  private tableSize(what: string, bytes: Uint8Array, n: number, windowBits: number): number {
    if (!Number.isInteger(n) || n < 0 || !Number.isInteger(windowBits) || windowBits < 4 || windowBits > 20)
      throw new KernelInputError(`${what}: bad n or window bits`);
    const size = this.raw.g1FixedTableBytes(n, windowBits);
    if (bytes.length !== size)
      throw new KernelInputError(`${what}: ${bytes.length} bytes, a table of ${n} at c = ${windowBits} has ${size}`);
    return size;
  }

  exportFixedTable(table: FixedBaseTable): Uint8Array {
    const t = this.usableTable(table, 'exportFixedTable');
    if (t instanceof SharedFixedTable) return t.entries.slice();
    return new Uint8Array(this.raw.memory.buffer, t.ptr, t.bytes).slice();
  }

  msmFixed(table: FixedBaseTable, scalars: FrVector): Uint8Array {
    const t = this.usableTable(table, 'msmFixed');
    const n = checkVector(scalars, FIELD_BYTES, 'msmFixed scalars');
    if (n > t.n) throw new KernelInputError(`msmFixed: ${n} scalars but the table has ${t.n} generators`);
    return this.withScope((s) => {
      const sc = s.copyIn(scalars);
      const bad = this.raw.frVecCheck(sc, n);
      if (bad >= 0) throw new KernelInputError(`msmFixed: scalar ${bad} is not < r`);
      const out = s.alloc(this.affineSize());
      if (t instanceof SharedFixedTable) this.msmFixedStaged(s, out, t, sc, n);
      else this.raw.g1MsmFixed(out, t.ptr, sc, n, t.windowBits);
      const bytes = s.alloc(G1_BYTES);
      this.raw.g1PointsToBytes(bytes, out, 1);
      return s.copyOut(bytes, G1_BYTES);
    });
  }

  /**
   * msmFixed over a table outside kernel memory: each block of generators' rows is copied into
   * one staging area (≈ 5 MB at c = 15) and fed to the bucket pass, whose state carries over
   * between blocks (g1MsmFixedBegin / Block / End). The copy is a memcpy per entry read once.
   */
  private msmFixedStaged(s: CallScope, out: number, t: SharedFixedTable, sc: number, n: number): void {
    const c = t.windowBits;
    const stride = this.raw.fixedWindows(c) * this.affineSize();
    const rows = (g0: number, count: number) => t.entries.subarray(g0 * stride, (g0 + count) * stride);
    if (n < 1 << (c - 2)) {
      // few scalars: g1MsmFixed runs the variable-base MSM on the window-0 entries of a copy
      const copy = s.copyIn(rows(0, n));
      this.raw.g1MsmFixed(out, copy, sc, n, c);
      return;
    }
    // 1024 generators' rows (1.2 MB at c = 15) per staged block: CPU time equal to the table in
    // kernel memory (377 against 378 ms at 2^16; 4096 per block: 385 ms).
    const block = Math.min(n, STAGED_BLOCK, this.raw.g1MsmFixedBlockSize());
    const staging = s.alloc(block * stride);
    this.raw.g1MsmFixedBegin(c, block);
    try {
      for (let g0 = 0; g0 < n; g0 += block) {
        const count = Math.min(block, n - g0);
        // a fresh view each block: the begin call may have grown memory
        new Uint8Array(this.raw.memory.buffer, staging, count * stride).set(rows(g0, count));
        this.raw.g1MsmFixedBlock(staging, sc + g0 * FIELD_BYTES, count);
      }
    } finally {
      this.raw.g1MsmFixedEnd(out); // also frees the MSM's scratch if a block failed
    }
  }

  /** A table this kernel may read: its own (not freed), or a shared one. */
  private usableTable(table: FixedBaseTable, what: string): WasmFixedTable | SharedFixedTable {
    if (table instanceof SharedFixedTable) {
      if (table.freed) throw new KernelInputError(`${what}: the table was freed`);
      return table;
    }
    return this.ownTable(table, what);
  }

  private ownTable(table: FixedBaseTable, what: string): WasmFixedTable {
    if (!(table instanceof WasmFixedTable) || table.owner !== this)
      throw new KernelInputError(`${what}: the table was not built in this kernel`);
    if (table.freed) throw new KernelInputError(`${what}: the table was freed`);
    return table;
  }

  /** msm with an explicit window width (0 = tuned), with or without GLV (for tuning and tests). */
  msmWithWindow(points: G1Points, scalars: FrVector, windowBits: number, glv = true): Uint8Array {
    if (!Number.isInteger(windowBits) || (windowBits !== 0 && (windowBits < 2 || windowBits > 20)))
      throw new KernelInputError('msm: window width must be 0 (tuned) or 2..20 bits');
    const n = checkVector(points, G1_BYTES, 'msm points');
    const ns = checkVector(scalars, FIELD_BYTES, 'msm scalars');
    if (n !== ns) throw new KernelInputError(`msm: ${n} points but ${ns} scalars`);
    return this.withScope((s) => {
      const affine = s.alloc(n * this.affineSize());
      this.loadPoints(s, points, affine, n);
      const sc = s.copyIn(scalars);
      const bad = this.raw.frVecCheck(sc, n);
      if (bad >= 0) throw new KernelInputError(`msm: scalar ${bad} is not < r`);
      const out = s.alloc(this.affineSize());
      (glv ? this.raw.g1Msm : this.raw.g1MsmPlain)(out, affine, sc, n, windowBits);
      const bytes = s.alloc(G1_BYTES);
      this.raw.g1PointsToBytes(bytes, out, 1);
      return s.copyOut(bytes, G1_BYTES);
    });
  }

  private affineSize(): number {
    return this.raw.g1AffineSize();
  }

  private loadPoints(s: CallScope, points: Uint8Array, affine: number, n: number): void {
    const src = s.copyIn(points);
    const r = this.raw.g1PointsFromBytes(affine, src, n);
    if (r >= 0) {
      const index = Math.floor(r / 4);
      const why = r % 4 === 1 ? 'has a non-canonical coordinate (must be < p)' : 'is not on the curve';
      throw new KernelInputError(`point ${index} ${why}`);
    }
  }

  // --- Poseidon (./poseidon.ts) ---

  poseidon2(a: bigint, b: bigint): bigint {
    return poseidonHash2(this.raw, a, b);
  }

  poseidon2Batch(left: FrVector, right: FrVector): FrVector {
    return poseidonHash2Batch(this.raw, left, right);
  }

  // --- Fr vectors ---

  frAxpy(a: FrVector, r: bigint, b: FrVector): FrVector {
    const n = checkVector(a, FIELD_BYTES, 'frAxpy a');
    if (checkVector(b, FIELD_BYTES, 'frAxpy b') !== n) throw new KernelInputError('frAxpy: a and b differ in length');
    const rBytes = frScalarBytes(r, 'r');
    const f = this.raw.frVecAxpy;
    return this.withScope((s) => {
      const pa = s.copyIn(a);
      const pb = s.copyIn(b);
      const pr = s.copyIn(rBytes);
      const out = s.alloc(a.length);
      const bad = f(out, pa, pr, pb, n);
      if (bad >= 0) throw new KernelInputError(`frAxpy: element ${bad} of a or b is not canonical`);
      return s.copyOut(out, a.length);
    });
  }

  frHadamard(a: FrVector, b: FrVector): FrVector {
    const n = checkVector(a, FIELD_BYTES, 'frHadamard a');
    if (checkVector(b, FIELD_BYTES, 'frHadamard b') !== n)
      throw new KernelInputError('frHadamard: a and b differ in length');
    return this.runFrVectors('frVecHadamard', [a, b], a.length, [n]);
  }

  uploadMatrix(m: CsrMatrix): MatrixHandle {
    checkCsr(m);
    const nnz = m.colIdx.length;
    const k = this.raw;
    const frSize = this.raw.frSize();
    const rowPtr = k.kalloc(Math.max(4 * (m.rows + 1), 1));
    const colIdx = k.kalloc(Math.max(4 * nnz, 1));
    const values = k.kalloc(Math.max(nnz * frSize, 1));
    const release = () => {
      k.kfree(values);
      k.kfree(colIdx);
      k.kfree(rowPtr);
    };
    try {
      new Uint32Array(k.memory.buffer, rowPtr, m.rows + 1).set(m.rowPtr);
      new Uint32Array(k.memory.buffer, colIdx, nnz).set(m.colIdx);
      const bad = this.withScope((s) => this.raw.frVecFromBytes(values, s.copyIn(m.values), nnz, 1));
      if (bad >= 0) throw new KernelInputError(`uploadMatrix: value ${bad} is not canonical`);
    } catch (err) {
      release();
      throw err;
    }
    return new WasmMatrix(m.rows, m.cols, rowPtr, colIdx, values, release);
  }

  spmv(m: MatrixHandle, z: FrVector): FrVector {
    if (!(m instanceof WasmMatrix)) throw new KernelInputError('spmv: matrix was not uploaded to this kernel');
    if (m.freed) throw new KernelInputError('spmv: matrix was freed');
    const n = checkVector(z, FIELD_BYTES, 'spmv z');
    if (n !== m.cols) throw new KernelInputError(`spmv: z has ${n} elements, the matrix has ${m.cols} columns`);
    const frSize = this.raw.frSize();
    return this.withScope((s) => {
      const zi = s.alloc(Math.max(n * frSize, 1));
      const bad = this.raw.frVecFromBytes(zi, s.copyIn(z), n, 0);
      if (bad >= 0) throw new KernelInputError(`spmv: z element ${bad} is not canonical`);
      const out = s.alloc(m.rows * FIELD_BYTES);
      this.raw.frSpmv(out, m.rowPtr, m.colIdx, m.values, m.rows, zi);
      return s.copyOut(out, m.rows * FIELD_BYTES);
    });
  }

  /** Bytes of wasm memory currently reserved (grows only; for leak tests). */
  memoryBytes(): number {
    return this.raw.memory.buffer.byteLength;
  }
}

function checkVector(bytes: Uint8Array, width: number, what: string): number {
  if (!(bytes instanceof Uint8Array)) throw new KernelInputError(`${what}: expected a Uint8Array`);
  if (bytes.length % width !== 0)
    throw new KernelInputError(`${what}: length ${bytes.length} is not a multiple of ${width}`);
  return bytes.length / width;
}

function frScalarBytes(x: bigint, what: string): Uint8Array {
  if (typeof x !== 'bigint' || x < 0n || x >= FR_MODULUS)
    throw new KernelInputError(`${what} is not a canonical Fr element (0 ≤ x < r)`);
  return bigintToBytesLE(x, 32);
}

function checkCsr(m: CsrMatrix): void {
  const { rows, cols, rowPtr, colIdx, values } = m;
  if (!Number.isInteger(rows) || rows < 0 || !Number.isInteger(cols) || cols < 0)
    throw new KernelInputError('uploadMatrix: bad dimensions');
  if (rowPtr.length !== rows + 1)
    throw new KernelInputError(`uploadMatrix: rowPtr has ${rowPtr.length} entries, expected ${rows + 1}`);
  const nnz = colIdx.length;
  if (rowPtr[0] !== 0 || rowPtr[rows] !== nnz)
    throw new KernelInputError('uploadMatrix: rowPtr must start at 0 and end at nnz');
  for (let r = 0; r < rows; r++)
    if (rowPtr[r]! > rowPtr[r + 1]!) throw new KernelInputError(`uploadMatrix: rowPtr decreases at row ${r}`);
  for (let k = 0; k < nnz; k++)
    if (colIdx[k]! >= cols) throw new KernelInputError(`uploadMatrix: column index ${colIdx[k]} out of range at ${k}`);
  if (values.length !== nnz * FIELD_BYTES)
    throw new KernelInputError(`uploadMatrix: values hold ${values.length} bytes, expected ${nnz * FIELD_BYTES}`);
}
