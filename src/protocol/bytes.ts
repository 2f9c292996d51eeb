// Small byte helpers shared by the protocol encoders: fixed-width big-endian integers, concatenation,
// ordering, and a bounds-checked reader that names the field it failed on.
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';

export { bytesToHex, hexToBytes };

export const HASH_BYTES = 32;

export function sha256(...parts: Uint8Array[]): Uint8Array {
  return nobleSha256(concat(...parts));
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  let length = 0;
  for (const p of parts) length += p.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

export function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** Lexicographic byte order; a shorter prefix sorts first. */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a[i] !== b[i]) return a[i]! - b[i]!;
  }
  return a.length - b.length;
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && compareBytes(a, b) === 0;
}

export function u8(value: number): Uint8Array {
  return uintBE(BigInt(value), 1);
}
export function u32(value: number): Uint8Array {
  return uintBE(BigInt(value), 4);
}
export function u64(value: number | bigint): Uint8Array {
  return uintBE(BigInt(value), 8);
}

/** Unsigned big-endian integer of exactly `width` bytes; throws RangeError when it does not fit. */
export function uintBE(value: bigint, width: number): Uint8Array {
  if (value < 0n || value >= 1n << BigInt(8 * width)) {
    throw new RangeError(`value ${value} does not fit in ${width} unsigned bytes`);
  }
  const out = new Uint8Array(width);
  let v = value;
  for (let i = width - 1; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

export function readUintBE(bytes: Uint8Array): bigint {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return v;
}

/**
 * Sequential reader over a byte string. Every read names its field so a truncated or oversized
 * message fails with a precise message, wrapped in the caller's error class.
 */
export class ByteReader {
  private offset = 0;
  constructor(
    private readonly bytes: Uint8Array,
    private readonly fail: (message: string) => Error,
  ) {}

  take(length: number, field: string): Uint8Array {
    if (this.offset + length > this.bytes.length) {
      throw this.fail(
        `truncated at ${field}: need ${length} bytes at offset ${this.offset}, have ${this.bytes.length - this.offset}`,
      );
    }
    const out = this.bytes.slice(this.offset, this.offset + length);
    this.offset += length;
    return out;
  }

  uint(width: number, field: string): bigint {
    return readUintBE(this.take(width, field));
  }

  /** An integer that must be a safe JS number (widths up to 6 bytes, or checked). */
  number(width: number, field: string): number {
    const v = this.uint(width, field);
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw this.fail(`${field} ${v} exceeds the safe integer range`);
    return Number(v);
  }

  end(what: string): void {
    if (this.offset !== this.bytes.length) {
      throw this.fail(`${what}: ${this.bytes.length - this.offset} trailing bytes after offset ${this.offset}`);
    }
  }

  get remaining(): number {
    return this.bytes.length - this.offset;
  }
}
