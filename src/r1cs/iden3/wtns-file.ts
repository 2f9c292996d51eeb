// Export of an assignment in the iden3 .wtns binary format (version 2; sections: 1 header
// (n8, prime, count), 2 values), wires in iden3 order (see wire-map.ts), and a parser for it.
import { FR, FR_BYTES, readFrLe, writeFrLe } from '../fr.js';
import { fullZ } from '../shape.js';
import type { R1csAssignment, R1csShape } from '../types.js';
import { Iden3FormatError, oneSection, readContainer, writeContainer } from './container.js';
import { columnOfWire } from './wire-map.js';

export const WTNS_MAGIC = 'wtns';
export const WTNS_VERSION = 2;

export function encodeWtnsFile(shape: R1csShape, assignment: R1csAssignment): Uint8Array {
  const z = fullZ(shape, assignment);
  const layout = { numWitness: shape.numWitness, numPublic: shape.numPublic };
  const header = new Uint8Array(4 + FR_BYTES + 4);
  const hv = new DataView(header.buffer);
  hv.setUint32(0, FR_BYTES, true);
  writeFrLe(header, 4, FR);
  hv.setUint32(4 + FR_BYTES, z.length, true);
  const values = new Uint8Array(z.length * FR_BYTES);
  for (let w = 0; w < z.length; w++) writeFrLe(values, w * FR_BYTES, z[columnOfWire(layout, w)]!);
  return writeContainer(WTNS_MAGIC, WTNS_VERSION, [
    { type: 1, content: header },
    { type: 2, content: values },
  ]);
}

export function parseWtnsFile(bytes: Uint8Array): { prime: bigint; values: bigint[] } {
  const c = readContainer(bytes, WTNS_MAGIC);
  if (c.version !== WTNS_VERSION)
    throw new Iden3FormatError(`wtns file: version ${c.version}, expected ${WTNS_VERSION}`);
  const h = oneSection(c, 1, WTNS_MAGIC, 'header');
  if (h.length !== 4 + FR_BYTES + 4) throw new Iden3FormatError(`wtns file: header section has ${h.length} bytes`);
  const hv = new DataView(h.buffer, h.byteOffset, h.byteLength);
  const n8 = hv.getUint32(0, true);
  if (n8 !== FR_BYTES) throw new Iden3FormatError(`wtns file: field size ${n8}, this reader handles ${FR_BYTES}`);
  const prime = readFrLe(h, 4);
  const count = hv.getUint32(4 + FR_BYTES, true);
  const body = oneSection(c, 2, WTNS_MAGIC, 'values');
  if (body.length !== count * n8)
    throw new Iden3FormatError(`wtns file: ${body.length} value bytes for ${count} values`);
  const values = Array.from({ length: count }, (_, i) => readFrLe(body, i * n8));
  values.forEach((v, i) => {
    if (v >= prime) throw new Iden3FormatError(`wtns file: value ${i} is not reduced`);
  });
  return { prime, values };
}
