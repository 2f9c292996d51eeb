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

/** Why a read failed; a caller's error factory may carry it as its code. */
export type ByteFault = 'truncated' | 'trailing-bytes' | 'out-of-range';
/** Builds the caller's named error, so each decoder raises its own class with one message style. */
export type ByteFailure = (message: string, fault: ByteFault) => Error;

export interface ByteReaderOptions {
  /** Names the structure in messages, e.g. "header" or "transaction". */
  what?: string;
  /** u32 / u64 / uint read little-endian (the folding proof encodings); big-endian otherwise. */
  littleEndian?: boolean;
}

/**
 * The one sequential reader over a byte string (layers above add their own element types by
 * extending it). Every read names its field, so a truncated or oversized message fails with a
 * precise message, raised through the caller's error factory.
 */
export class ByteReader {
  protected offset = 0;
  protected readonly what: string;
  protected readonly littleEndian: boolean;

  constructor(
    protected readonly buf: Uint8Array,
    protected readonly fail: ByteFailure,
    options: ByteReaderOptions = {},
  ) {
    this.what = options.what ?? 'message';
    this.littleEndian = options.littleEndian ?? false;
  }

  get remaining(): number {
    return this.buf.length - this.offset;
  }

  /** Throws unless `length` more bytes remain. */
  protected need(length: number, field: string): void {
    if (length > this.remaining) {
      throw this.fail(
        `${this.what} truncated: ${field} needs ${length} bytes at offset ${this.offset}, only ${this.remaining} left`,
        'truncated',
      );
    }
  }

  /** The next `length` bytes, copied. */
  take(length: number, field: string): Uint8Array {
    this.need(length, field);
    const out = this.buf.slice(this.offset, this.offset + length);
    this.offset += length;
    return out;
  }

  u8(field: string): number {
    this.need(1, field);
    return this.buf[this.offset++]!;
  }

  u32(field: string): number {
    return Number(this.uint(4, field));
  }

  u64(field: string): bigint {
    return this.uint(8, field);
  }

  /** An unsigned integer of `width` bytes in the reader's byte order. */
  uint(width: number, field: string): bigint {
    const b = this.take(width, field);
    if (this.littleEndian) b.reverse();
    return readUintBE(b);
  }

  /** An integer that must be a safe JS number (widths up to 6 bytes, or checked). */
  number(width: number, field: string): number {
    const v = this.uint(width, field);
    if (v > BigInt(Number.MAX_SAFE_INTEGER))
      throw this.fail(`${this.what}: ${field} ${v} exceeds the safe integer range`, 'out-of-range');
    return Number(v);
  }

  /** Rejects anything after the structure's end. */
  end(): void {
    if (this.remaining !== 0) {
      throw this.fail(`${this.what}: ${this.remaining} trailing bytes after offset ${this.offset}`, 'trailing-bytes');
    }
  }
}

/** The one byte writer; layers above extend it with their element types. */
export class ByteWriter {
  private chunks: Uint8Array[] = [];
  private readonly littleEndian: boolean;

  constructor(options: { littleEndian?: boolean } = {}) {
    this.littleEndian = options.littleEndian ?? false;
  }

  bytes(b: Uint8Array): this {
    this.chunks.push(b);
    return this;
  }

  u8(x: number): this {
    return this.bytes(u8(x));
  }

  u32(x: number): this {
    return this.uint(BigInt(x), 4);
  }

  u64(x: number | bigint): this {
    return this.uint(BigInt(x), 8);
  }

  /** Unsigned integer of exactly `width` bytes in the writer's byte order. */
  uint(x: bigint, width: number): this {
    const b = uintBE(x, width);
    return this.bytes(this.littleEndian ? b.reverse() : b);
  }

  finish(): Uint8Array {
    return concat(...this.chunks);
  }
}
