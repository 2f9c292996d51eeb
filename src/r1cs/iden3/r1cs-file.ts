// Export of an R1csShape in the iden3 .r1cs binary format (version 1; sections: 1 header,
// 2 constraints, 3 wire → label map), and a parser for it. Coefficients are 32-byte
// little-endian standard-form elements; each linear combination's terms go in ascending wire order.
import type { CsrMatrix } from '../../kernel/types.js';
import { FR, FR_BYTES, readFrLe, writeFrLe } from '../fr.js';
import type { R1csShape } from '../types.js';
import { Iden3FormatError, oneSection, readContainer, writeContainer } from './container.js';
import { wireOfColumn, type WireLayout } from './wire-map.js';

export const R1CS_MAGIC = 'r1cs';
export const R1CS_VERSION = 1;
const HEADER = 1;
const CONSTRAINTS = 2;
const WIRE2LABEL = 3;

export interface R1csHeader {
  fieldSize: number;
  prime: bigint;
  nWires: number;
  nPubOut: number;
  nPubIn: number;
  nPrvIn: number;
  nLabels: bigint;
  mConstraints: number;
}

export interface R1csFileContents {
  header: R1csHeader;
  /** constraints[i] = [A, B, C], each a list of (wire, coefficient) in file order. */
  constraints: [Array<[number, bigint]>, Array<[number, bigint]>, Array<[number, bigint]>][];
  wireToLabel: bigint[];
}

/** The .r1cs bytes of a shape; the first nPubOut entries of x are declared outputs. */
export function encodeR1csFile(shape: R1csShape, nPubOut = 0): Uint8Array {
  if (!Number.isInteger(nPubOut) || nPubOut < 0 || nPubOut > shape.numPublic)
    throw new Iden3FormatError(`nPubOut ${nPubOut} is outside [0, ${shape.numPublic}]`);
  const layout: WireLayout = { numWitness: shape.numWitness, numPublic: shape.numPublic };
  const nWires = shape.numWitness + 1 + shape.numPublic;

  const header = new Uint8Array(4 + FR_BYTES + 4 * 4 + 8 + 4);
  const hv = new DataView(header.buffer);
  hv.setUint32(0, FR_BYTES, true);
  writeFrLe(header, 4, FR);
  let o = 4 + FR_BYTES;
  for (const v of [nWires, nPubOut, shape.numPublic - nPubOut, 0]) {
    hv.setUint32(o, v, true);
    o += 4;
  }
  hv.setBigUint64(o, BigInt(nWires), true);
  hv.setUint32(o + 8, shape.numConstraints, true);

  const nnz = shape.A.colIdx.length + shape.B.colIdx.length + shape.C.colIdx.length;
  const body = new Uint8Array(3 * 4 * shape.numConstraints + nnz * (4 + FR_BYTES));
  const bv = new DataView(body.buffer);
  let p = 0;
  const writeRow = (m: CsrMatrix, r: number) => {
    const start = m.rowPtr[r]!;
    const end = m.rowPtr[r + 1]!;
    const terms: [number, number][] = [];
    for (let k = start; k < end; k++) terms.push([wireOfColumn(layout, m.colIdx[k]!), k]);
    terms.sort((a, b) => a[0] - b[0]);
    bv.setUint32(p, terms.length, true);
    p += 4;
    for (const [wire, k] of terms) {
      bv.setUint32(p, wire, true);
      body.set(m.values.subarray(k * FR_BYTES, (k + 1) * FR_BYTES), p + 4);
      p += 4 + FR_BYTES;
    }
  };
  for (let r = 0; r < shape.numConstraints; r++) {
    writeRow(shape.A, r);
    writeRow(shape.B, r);
    writeRow(shape.C, r);
  }

  // Labels: one per wire, the identity map (we keep no symbol table).
  const labels = new Uint8Array(8 * nWires);
  const lv = new DataView(labels.buffer);
  for (let w = 0; w < nWires; w++) lv.setBigUint64(8 * w, BigInt(w), true);

  return writeContainer(R1CS_MAGIC, R1CS_VERSION, [
    { type: HEADER, content: header },
    { type: CONSTRAINTS, content: body },
    { type: WIRE2LABEL, content: labels },
  ]);
}

export function parseR1csFile(bytes: Uint8Array): R1csFileContents {
  const c = readContainer(bytes, R1CS_MAGIC);
  if (c.version !== R1CS_VERSION)
    throw new Iden3FormatError(`r1cs file: version ${c.version}, expected ${R1CS_VERSION}`);
  const h = oneSection(c, HEADER, R1CS_MAGIC, 'header');
  if (h.length < 4) throw new Iden3FormatError('r1cs file: header section too short');
  const hv = new DataView(h.buffer, h.byteOffset, h.byteLength);
  const fieldSize = hv.getUint32(0, true);
  if (fieldSize !== FR_BYTES)
    throw new Iden3FormatError(`r1cs file: field size ${fieldSize}, this reader handles ${FR_BYTES}`);
  if (h.length !== 4 + fieldSize + 28)
    throw new Iden3FormatError(`r1cs file: header section has ${h.length} bytes, expected ${4 + fieldSize + 28}`);
  let o = 4 + fieldSize;
  const u32 = () => {
    const v = hv.getUint32(o, true);
    o += 4;
    return v;
  };
  const prime = readFrLe(h, 4);
  const nWires = u32();
  const nPubOut = u32();
  const nPubIn = u32();
  const nPrvIn = u32();
  const nLabels = hv.getBigUint64(o, true);
  o += 8;
  const mConstraints = u32();
  const header: R1csHeader = { fieldSize, prime, nWires, nPubOut, nPubIn, nPrvIn, nLabels, mConstraints };
  if (1 + nPubOut + nPubIn + nPrvIn > nWires)
    throw new Iden3FormatError('r1cs file: more declared inputs and outputs than wires');

  const body = oneSection(c, CONSTRAINTS, R1CS_MAGIC, 'constraints');
  const bv = new DataView(body.buffer, body.byteOffset, body.byteLength);
  let p = 0;
  const need = (n: number) => {
    if (p + n > body.length) throw new Iden3FormatError(`r1cs file: constraints section ends inside constraint data`);
  };
  const readLc = (): Array<[number, bigint]> => {
    need(4);
    const n = bv.getUint32(p, true);
    p += 4;
    need(n * (4 + fieldSize));
    const terms: Array<[number, bigint]> = [];
    for (let i = 0; i < n; i++) {
      const wire = bv.getUint32(p, true);
      if (wire >= nWires) throw new Iden3FormatError(`r1cs file: wire ${wire} out of range (nWires ${nWires})`);
      const coef = readFrLe(body, p + 4);
      if (coef >= prime) throw new Iden3FormatError(`r1cs file: coefficient of wire ${wire} is not reduced`);
      terms.push([wire, coef]);
      p += 4 + fieldSize;
    }
    return terms;
  };
  const constraints: R1csFileContents['constraints'] = [];
  for (let i = 0; i < mConstraints; i++) constraints.push([readLc(), readLc(), readLc()]);
  if (p !== body.length) throw new Iden3FormatError(`r1cs file: ${body.length - p} bytes after the last constraint`);

  const labels = oneSection(c, WIRE2LABEL, R1CS_MAGIC, 'wire-to-label');
  if (labels.length !== 8 * nWires)
    throw new Iden3FormatError(`r1cs file: label map has ${labels.length} bytes for ${nWires} wires`);
  const lv = new DataView(labels.buffer, labels.byteOffset, labels.byteLength);
  const wireToLabel = Array.from({ length: nWires }, (_, w) => lv.getBigUint64(8 * w, true));
  return { header, constraints, wireToLabel };
}
