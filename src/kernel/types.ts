// The typed face of the WASM proving kernel: the contract every caller codes against.
//
// Encodings at this boundary (the kernel converts to its internal Montgomery form itself):
// - An Fr or Fq element is 32 bytes, little-endian, canonical (< modulus). Inputs that are not
//   canonical are rejected with a KernelInputError (never silently reduced).
// - An Fr vector is a Uint8Array of n × 32 bytes, element i at bytes [32i, 32i + 32).
// - A G1 point is 64 bytes in affine form: x ‖ y, each 32 bytes little-endian canonical.
//   The identity is 64 zero bytes. Points are checked to be on the curve when they enter.
// Callers never see wasm pointers: the kernel copies inputs into its own memory and returns
// fresh Uint8Arrays.

export const FIELD_BYTES = 32;
/** BN254 scalar field modulus r: Fr elements are canonical when below it. */
export const FR_MODULUS = 0x30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001n;
export const G1_BYTES = 64;

/** Fr vector: n × 32 bytes, little-endian canonical elements. */
export type FrVector = Uint8Array;
/** G1 affine points: n × 64 bytes (x ‖ y little-endian), identity = zeros. */
export type G1Points = Uint8Array;

/** Sparse matrix in compressed sparse row form over Fr. */
export interface CsrMatrix {
  rows: number;
  cols: number;
  /** rows + 1 offsets into colIdx / values. */
  rowPtr: Uint32Array;
  colIdx: Uint32Array;
  /** nnz × 32 bytes, little-endian canonical. */
  values: FrVector;
}

/** A matrix uploaded into kernel memory once and reused across products. */
export interface MatrixHandle {
  readonly rows: number;
  readonly cols: number;
  free(): void;
}

/**
 * Fixed-base table of a generator set (layout: wasm/assembly/msm_fixed.ts): n generators ×
 * windows entries of 2^(windowBits·j)·G_i. Built once, used by msmFixed. It lives in the
 * kernel's memory (fixedBaseTable), or outside it (fixedBaseTableShared: one copy in a
 * SharedArrayBuffer that every kernel of a pool reads, block by block).
 */
export interface FixedBaseTable {
  /** Generators covered (a commitment may use any prefix of them). */
  readonly n: number;
  readonly windowBits: number;
  /** Bytes of the table (in kernel memory, or in the shared buffer it is read from). */
  readonly bytes: number;
  /** True when the table is read from memory outside the kernel (fixedBaseTableShared). */
  readonly shared: boolean;
  readonly freed: boolean;
  free(): void;
}

export class KernelInputError extends Error {
  override name = 'KernelInputError';
}

export interface Kernel {
  // --- scalar field helpers (mostly for tests and small work) ---
  frMul(a: bigint, b: bigint): bigint;
  frInverse(a: bigint): bigint;

  // --- G1 ---
  /** Σ scalars[i] · points[i]; returns the affine result (64 bytes). */
  msm(points: G1Points, scalars: FrVector): Uint8Array;
  /** Builds the fixed-base table of these generators (window bits: tuned by n when omitted). */
  fixedBaseTable(generators: G1Points, windowBits?: number): FixedBaseTable;
  /** Σ scalars[i] · G_i over the first scalars.length/32 generators of the table; equals msm. */
  msmFixed(table: FixedBaseTable, scalars: FrVector): Uint8Array;
  /** The table's bytes (the kernel's internal form) for a cache, another thread or fixedBaseTableShared. */
  exportFixedTable(table: FixedBaseTable): Uint8Array;
  /**
   * A table read in place from `bytes` (exportFixedTable's form, typically on a SharedArrayBuffer
   * that all kernels of a pool share): no copy in kernel memory; msmFixed copies one block of
   * generators at a time into a small staging area. The bytes are NOT checked: only for bytes
   * that matched a published hash or that this program produced (src/proof/generator-store.ts).
   */
  fixedBaseTableShared(bytes: Uint8Array, n: number, windowBits: number): FixedBaseTable;

  // --- Poseidon, BN254, t = 3 (two inputs), x^5, 8 full + 57 partial rounds, circomlib constants ---
  poseidon2(a: bigint, b: bigint): bigint;
  /** Element-wise poseidon2(left[i], right[i]). */
  poseidon2Batch(left: FrVector, right: FrVector): FrVector;

  // --- Fr vector kernels for the folding prover ---
  /** a + r·b, element-wise. */
  frAxpy(a: FrVector, r: bigint, b: FrVector): FrVector;
  /** a ∘ b, element-wise. */
  frHadamard(a: FrVector, b: FrVector): FrVector;
  uploadMatrix(m: CsrMatrix): MatrixHandle;
  /** M · z. */
  spmv(m: MatrixHandle, z: FrVector): FrVector;
}
