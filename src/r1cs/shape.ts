// Shape export: CSR matrices over z = (W, 1, x), the canonical digest, and the satisfaction check
// the tests (and anyone holding only a shape and an assignment) use.
import { sha256 } from '@noble/hashes/sha2.js';
import type { CsrMatrix } from '../kernel/types.js';
import type { R1csAssignment, R1csShape } from './types.js';
import { R1csAssignmentError } from './errors.js';
import { FR, FR_BYTES, readFrLe, writeFrLe } from './fr.js';

/** Domain tag that opens the digest encoding (see docs/circuit.md, "Shape digest"). */
export const SHAPE_DIGEST_TAG = 'fernet/r1cs-shape/v1';

/** Rows of one matrix before export: variable ids (builder space) and coefficients. */
export interface RawRows {
  ids: ReadonlyArray<readonly number[]>;
  coefs: ReadonlyArray<readonly bigint[]>;
}

/**
 * Builds one CSR matrix: each row's entries sorted by column, duplicates merged, zeros dropped, so
 * equal constraint systems always give byte-equal matrices.
 */
export function toCsr(rows: RawRows, columnOf: Int32Array, cols: number): CsrMatrix {
  const n = rows.ids.length;
  const rowPtr = new Uint32Array(n + 1);
  const colParts: number[] = [];
  const valParts: bigint[] = [];
  const scratch = new Map<number, bigint>();
  for (let r = 0; r < n; r++) {
    const ids = rows.ids[r]!;
    const coefs = rows.coefs[r]!;
    if (ids.length === 1) {
      // The common case (a single variable) needs neither sorting nor merging.
      if (coefs[0]! % FR !== 0n) {
        colParts.push(columnOf[ids[0]!]!);
        valParts.push(coefs[0]! % FR);
      }
    } else if (ids.length > 1) {
      scratch.clear();
      for (let i = 0; i < ids.length; i++) {
        const col = columnOf[ids[i]!]!;
        scratch.set(col, ((scratch.get(col) ?? 0n) + coefs[i]!) % FR);
      }
      const cols = [...scratch.keys()].sort((a, b) => a - b);
      for (const c of cols) {
        const v = scratch.get(c)!;
        if (v !== 0n) {
          colParts.push(c);
          valParts.push(v);
        }
      }
    }
    rowPtr[r + 1] = colParts.length;
  }
  const values = new Uint8Array(valParts.length * FR_BYTES);
  // Coefficients repeat a lot (1, −1, powers of two, Poseidon's matrix): encode each once.
  const cache = new Map<bigint, Uint8Array>();
  for (let i = 0; i < valParts.length; i++) {
    const v = valParts[i]!;
    let enc = cache.get(v);
    if (!enc) {
      enc = new Uint8Array(FR_BYTES);
      writeFrLe(enc, 0, v);
      cache.set(v, enc);
    }
    values.set(enc, i * FR_BYTES);
  }
  return { rows: n, cols, rowPtr, colIdx: Uint32Array.from(colParts), values };
}

function u32le(x: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, x, true);
  return b;
}

/**
 * sha256 over: tag (ASCII) ‖ u32 numConstraints ‖ u32 numWitness ‖ u32 numPublic ‖ for A, B, C:
 * u32 nnz ‖ rowPtr (u32 each) ‖ colIdx (u32 each) ‖ values (32-byte LE each). All integers LE.
 */
export function shapeDigest(s: Omit<R1csShape, 'digest'>): Uint8Array {
  const h = sha256.create();
  h.update(new TextEncoder().encode(SHAPE_DIGEST_TAG));
  h.update(u32le(s.numConstraints));
  h.update(u32le(s.numWitness));
  h.update(u32le(s.numPublic));
  for (const m of [s.A, s.B, s.C]) {
    h.update(u32le(m.colIdx.length));
    h.update(u32Bytes(m.rowPtr));
    h.update(u32Bytes(m.colIdx));
    h.update(m.values);
  }
  return h.digest();
}

function u32Bytes(a: Uint32Array): Uint8Array {
  const out = new Uint8Array(a.length * 4);
  const dv = new DataView(out.buffer);
  for (let i = 0; i < a.length; i++) dv.setUint32(i * 4, a[i]!, true);
  return out;
}

/** z = (W, 1, x) as bigints, after checking the assignment's sizes and encodings against the shape. */
export function fullZ(shape: R1csShape, a: R1csAssignment): bigint[] {
  if (a.witness.length !== shape.numWitness * FR_BYTES)
    throw new R1csAssignmentError(
      `witness has ${a.witness.length} bytes, the shape needs ${shape.numWitness} × ${FR_BYTES} = ${shape.numWitness * FR_BYTES}`,
    );
  if (a.publicInputs.length !== shape.numPublic)
    throw new R1csAssignmentError(`${a.publicInputs.length} public inputs, the shape needs ${shape.numPublic}`);
  const z: bigint[] = new Array(shape.numWitness + 1 + shape.numPublic);
  for (let i = 0; i < shape.numWitness; i++) {
    const v = readFrLe(a.witness, i * FR_BYTES);
    if (v >= FR) throw new R1csAssignmentError(`witness entry ${i} is not a canonical field element`);
    z[i] = v;
  }
  z[shape.numWitness] = 1n;
  a.publicInputs.forEach((x, i) => {
    if (x < 0n || x >= FR) throw new R1csAssignmentError(`public input ${i} is not a canonical field element`);
    z[shape.numWitness + 1 + i] = x;
  });
  return z;
}

/** M·z for a CSR matrix, reduced mod r. */
export function csrTimes(m: CsrMatrix, z: readonly bigint[]): bigint[] {
  const out: bigint[] = new Array(m.rows);
  for (let r = 0; r < m.rows; r++) {
    let acc = 0n;
    for (let k = m.rowPtr[r]!; k < m.rowPtr[r + 1]!; k++) acc += readFrLe(m.values, k * FR_BYTES) * z[m.colIdx[k]!]!;
    out[r] = acc % FR;
  }
  return out;
}

export type SatisfactionResult = { ok: true } | { ok: false; firstUnsatisfiedRow: number };

/** Does (W, 1, x) satisfy Az ∘ Bz = Cz? Throws R1csAssignmentError on a malformed assignment. */
export function checkAssignment(shape: R1csShape, a: R1csAssignment): SatisfactionResult {
  const z = fullZ(shape, a);
  const az = csrTimes(shape.A, z);
  const bz = csrTimes(shape.B, z);
  const cz = csrTimes(shape.C, z);
  for (let r = 0; r < shape.numConstraints; r++) {
    if ((az[r]! * bz[r]!) % FR !== cz[r]!) return { ok: false, firstUnsatisfiedRow: r };
  }
  return { ok: true };
}
