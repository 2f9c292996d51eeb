// The iden3 binary container shared by .r1cs and .wtns: 4-byte magic, u32 version, u32 section
// count, then sections (u32 type, u64 byte size, content). All integers little-endian.

export class Iden3FormatError extends Error {
  override name = 'Iden3FormatError';
}

export interface Section {
  type: number;
  content: Uint8Array;
}

export function writeContainer(magic: string, version: number, sections: readonly Section[]): Uint8Array {
  const size = 12 + sections.reduce((s, x) => s + 12 + x.content.length, 0);
  const out = new Uint8Array(size);
  const dv = new DataView(out.buffer);
  out.set(new TextEncoder().encode(magic), 0);
  dv.setUint32(4, version, true);
  dv.setUint32(8, sections.length, true);
  let o = 12;
  for (const s of sections) {
    dv.setUint32(o, s.type, true);
    dv.setBigUint64(o + 4, BigInt(s.content.length), true);
    out.set(s.content, o + 12);
    o += 12 + s.content.length;
  }
  return out;
}

export interface Container {
  version: number;
  /** Sections by type, in file order (a type may repeat; readers decide what that means). */
  sections: Map<number, Uint8Array[]>;
}

export function readContainer(bytes: Uint8Array, magic: string): Container {
  if (bytes.length < 12)
    throw new Iden3FormatError(`${magic} file: ${bytes.length} bytes, shorter than the 12-byte preamble`);
  const found = new TextDecoder().decode(bytes.subarray(0, 4));
  if (found !== magic) throw new Iden3FormatError(`${magic} file: wrong magic ${JSON.stringify(found)}`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = dv.getUint32(4, true);
  const count = dv.getUint32(8, true);
  const sections = new Map<number, Uint8Array[]>();
  let o = 12;
  for (let i = 0; i < count; i++) {
    if (o + 12 > bytes.length) throw new Iden3FormatError(`${magic} file: section ${i} header runs past the end`);
    const type = dv.getUint32(o, true);
    const size = dv.getBigUint64(o + 4, true);
    if (size > BigInt(bytes.length - o - 12))
      throw new Iden3FormatError(
        `${magic} file: section ${i} (type ${type}) declares ${size} bytes, only ${bytes.length - o - 12} remain`,
      );
    const content = bytes.subarray(o + 12, o + 12 + Number(size));
    sections.set(type, [...(sections.get(type) ?? []), content]);
    o += 12 + Number(size);
  }
  if (o !== bytes.length)
    throw new Iden3FormatError(`${magic} file: ${bytes.length - o} trailing bytes after the last section`);
  return { version, sections };
}

/** The single section of a type, or a format error naming what is missing or repeated. */
export function oneSection(c: Container, type: number, magic: string, what: string): Uint8Array {
  const list = c.sections.get(type) ?? [];
  if (list.length !== 1)
    throw new Iden3FormatError(`${magic} file: expected one ${what} section (type ${type}), found ${list.length}`);
  return list[0]!;
}
