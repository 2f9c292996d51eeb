// Loads the WASM kernel in Node and in the browser through one code path:
// `new URL(..., import.meta.url)` resolves next to this module; a `file:` URL is read from disk,
// anything else is fetched and compiled while streaming (Vite turns the pattern into an asset).

const WASM_URL = new URL('../../wasm/build/kernel.wasm', import.meta.url);

let compiled: Promise<WebAssembly.Module> | undefined;

/** The compiled kernel module, compiled once per realm and cached (workers may be sent it). */
export function compileKernel(): Promise<WebAssembly.Module> {
  compiled ??= compileFrom(WASM_URL).catch((err: unknown) => {
    compiled = undefined; // let a later call retry (e.g. the build was missing)
    throw err;
  });
  return compiled;
}

/** Compiles the kernel from a URL: `file:` is read from disk, anything else is fetched. */
export async function compileFrom(url: URL): Promise<WebAssembly.Module> {
  if (url.protocol === 'file:') {
    const fsModule = 'node:fs/promises'; // kept out of browser bundles
    const { readFile } = (await import(/* @vite-ignore */ fsModule)) as typeof import('node:fs/promises');
    return WebAssembly.compile(await readFile(url));
  }
  const response = await fetch(url);
  if (!response.ok) throw new Error(`kernel: fetching ${url.href} failed with HTTP ${response.status}`);
  if (
    typeof WebAssembly.compileStreaming === 'function' &&
    response.headers.get('content-type')?.startsWith('application/wasm')
  ) {
    return WebAssembly.compileStreaming(response);
  }
  // servers that send another MIME type: compile from the bytes instead
  return WebAssembly.compile(await response.arrayBuffer());
}

/** Pointer to kernel memory (bytes from 0). */
type Ptr = number;

/**
 * Raw exports of the kernel module (pointer-level; only the typed face and the kernel's own
 * modules use these), one member per export of wasm/assembly. Inputs are little-endian bytes
 * unless a comment says otherwise; "bad index" results are −1 on success.
 */
export interface KernelExports {
  readonly memory: WebAssembly.Memory;
  kernelVersion(): number;
  kalloc(size: number): Ptr;
  kfree(ptr: Ptr): void;
  // --- fields ---
  /** Fr product of two canonical 32-byte elements; 0 when an input is not canonical, else 1. */
  frMulBytes(out: Ptr, a: Ptr, b: Ptr): number;
  /** Fr inverse (0 ↦ 0) of a canonical 32-byte element; 0 when it is not canonical, else 1. */
  frInverseBytes(out: Ptr, a: Ptr): number;
  /** Test hook: every Fr (field 0) and Fq (field 1) op by number (see test/kernel/field.test.ts). */
  fieldOpBytes(field: number, op: number, out: Ptr, a: Ptr, b: Ptr): number;
  /** Benchmark hooks: chained field operations. */
  fieldMulLoop(field: number, iters: number): number;
  fqOpLoop(op: number, iters: number): number;
  frSize(): number;
  // --- G1 and MSM ---
  /** Returns −1, or 4·index + reason (1 non-canonical, 2 not on the curve) of the first bad point. */
  g1PointsFromBytes(out: Ptr, points: Ptr, n: number): number;
  g1PointsToBytes(out: Ptr, points: Ptr, n: number): void;
  g1AffineSize(): number;
  g1Msm(out: Ptr, points: Ptr, scalars: Ptr, n: number, windowBits: number): void;
  g1MsmPlain(out: Ptr, points: Ptr, scalars: Ptr, n: number, windowBits: number): void;
  msmWindowBits(n: number): number;
  /** Fixed-base table of n internal affine points at window bits c (layout: wasm/assembly/msm_fixed.ts). */
  g1FixedTableBuild(table: Ptr, points: Ptr, n: number, c: number): void;
  /** out (internal affine) = Σ scalars[i]·G_i over the first n generators of a table (scalars checked < r). */
  g1MsmFixed(out: Ptr, table: Ptr, scalars: Ptr, n: number, c: number): void;
  g1FixedTableBytes(n: number, c: number): number;
  /** The same sum fed block by block (tables outside kernel memory; wasm/assembly/msm_fixed.ts). */
  g1MsmFixedBegin(c: number, block: number): void;
  g1MsmFixedBlock(entries: Ptr, scalars: Ptr, count: number): void;
  g1MsmFixedEnd(out: Ptr): void;
  g1MsmFixedBlockSize(): number;
  fixedWindows(c: number): number;
  glvSplit(k1Out: Ptr, k1Neg: Ptr, k2Out: Ptr, k2Neg: Ptr, k: Ptr): void;
  // --- Fr vectors (bad index results) ---
  frVecCheck(values: Ptr, n: number): number;
  /** `mont` 1: into Montgomery form (matrix values); 0: plain. */
  frVecFromBytes(out: Ptr, bytes: Ptr, n: number, mont: number): number;
  frVecAxpy(out: Ptr, a: Ptr, rBytes: Ptr, b: Ptr, n: number): number;
  frVecHadamard(out: Ptr, a: Ptr, b: Ptr, n: number): number;
  frSpmv(out: Ptr, rowPtr: Ptr, colIdx: Ptr, values: Ptr, rows: number, z: Ptr): void;
  // --- Poseidon ---
  poseidon2(out: Ptr, a: Ptr, b: Ptr): void;
  poseidon2Batch(out: Ptr, left: Ptr, right: Ptr, n: number): void;
  /** Bad index result. */
  poseidon2BatchBytes(out: Ptr, left: Ptr, right: Ptr, n: number): number;
  // --- hash to curve ---
  legendreQ(a: Ptr): number;
  legendreQBytes(a: Ptr): number;
  hashToCurveBatch(out: Ptr, digests: Ptr, n: number, accepted: Ptr): number;
  hashToCurveCheckBatch(points: Ptr, digests: Ptr, n: number): number;
}

/** Every function export the typed face relies on (checked on instantiation). */
const FUNCTION_EXPORTS = [
  'kernelVersion',
  'kalloc',
  'kfree',
  'frMulBytes',
  'frInverseBytes',
  'fieldOpBytes',
  'fieldMulLoop',
  'fqOpLoop',
  'frSize',
  'g1PointsFromBytes',
  'g1PointsToBytes',
  'g1AffineSize',
  'g1Msm',
  'g1MsmPlain',
  'msmWindowBits',
  'g1FixedTableBuild',
  'g1MsmFixed',
  'g1FixedTableBytes',
  'g1MsmFixedBegin',
  'g1MsmFixedBlock',
  'g1MsmFixedEnd',
  'g1MsmFixedBlockSize',
  'fixedWindows',
  'glvSplit',
  'frVecCheck',
  'frVecFromBytes',
  'frVecAxpy',
  'frVecHadamard',
  'frSpmv',
  'poseidon2',
  'poseidon2Batch',
  'poseidon2BatchBytes',
  'legendreQ',
  'legendreQBytes',
  'hashToCurveBatch',
  'hashToCurveCheckBatch',
] as const satisfies readonly Exclude<keyof KernelExports, 'memory'>[];

/** A kernel build that lacks exports this code calls (built from older sources). */
export class KernelBuildError extends Error {
  override name = 'KernelBuildError';
}

/** A fresh instance of the compiled module. */
export async function instantiateKernel(module?: WebAssembly.Module): Promise<KernelExports> {
  const instance = await WebAssembly.instantiate(module ?? (await compileKernel()), {
    env: {
      abort(_msg: number, _file: number, line: number, column: number): never {
        throw new Error(`kernel: wasm abort at ${line}:${column}`);
      },
    },
  });
  const missing = FUNCTION_EXPORTS.filter((name) => typeof instance.exports[name] !== 'function');
  if (missing.length)
    throw new KernelBuildError(
      `the kernel build lacks ${missing.join(', ')}: it is older than its sources (npm run build:wasm)`,
    );
  return instance.exports as unknown as KernelExports;
}
