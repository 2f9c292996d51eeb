import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  HeaderError,
  blockCommitment,
  decodeHeader,
  decodeSnapshot,
  encodeHeader,
  encodeSnapshot,
  headerHash,
  type BlockHeader,
} from '../../src/protocol/index.js';
import { sampleHeader } from './fixtures.js';

const headerArb: fc.Arbitrary<BlockHeader> = fc.record({
  chainId: fc.integer({ min: 0, max: 0xffffffff }),
  blockNumber: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
  slot: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
  prevBlockHash: fc.uint8Array({ minLength: 32, maxLength: 32 }),
  treeHeight: fc.integer({ min: 1, max: 20 }),
  committeeSize: fc.integer({ min: 1, max: 5000 }),
  assignment: fc.oneof(
    fc.record({
      mode: fc.constant('binary-path' as const),
      bitMode: fc.constantFrom('low' as const, 'high' as const),
      openAfterSeconds: fc.nat(),
    }),
    fc.record({
      mode: fc.constant('sorted-rounds' as const),
      subtreeHeight: fc.integer({ min: 1, max: 8 }),
      redundancy: fc.integer({ min: 1, max: 16 }),
    }),
  ),
  startState: fc.record({
    noteRoot: fc.bigInt({ min: 0n, max: (1n << 256n) - 1n }),
    noteNextIndex: fc.nat(),
    nullifierRoot: fc.bigInt({ min: 0n, max: (1n << 256n) - 1n }),
    nullifierNextIndex: fc.nat(),
  }),
  signOffThreshold: fc.constant(1),
});

describe('block commitment header', () => {
  it('round-trips through the canonical encoding (property)', () => {
    fc.assert(
      fc.property(headerArb, fc.integer({ min: 0, max: 1 << 20 }), (h, t) => {
        const header = { ...h, signOffThreshold: 1 + (t % h.committeeSize) };
        const bytes = encodeHeader(header);
        expect(decodeHeader(bytes)).toEqual(header);
        expect(encodeHeader(decodeHeader(bytes))).toEqual(bytes);
      }),
      { numRuns: 200 },
    );
  });

  it('hashes every field: changing any one changes the header hash and the commitment', () => {
    const base = headerHash(sampleHeader);
    const root = new Uint8Array(32).fill(1);
    const variants: BlockHeader[] = [
      { ...sampleHeader, chainId: 1 },
      { ...sampleHeader, blockNumber: 13 },
      { ...sampleHeader, slot: 41 },
      { ...sampleHeader, prevBlockHash: new Uint8Array(32) },
      { ...sampleHeader, treeHeight: 5 },
      { ...sampleHeader, committeeSize: 33 },
      { ...sampleHeader, assignment: { mode: 'binary-path', bitMode: 'high', openAfterSeconds: 30 } },
      { ...sampleHeader, assignment: { mode: 'binary-path', bitMode: 'low', openAfterSeconds: 31 } },
      { ...sampleHeader, assignment: { mode: 'sorted-rounds', subtreeHeight: 2, redundancy: 2 } },
      { ...sampleHeader, startState: { ...sampleHeader.startState, noteNextIndex: 65 } },
      { ...sampleHeader, signOffThreshold: 21 },
    ];
    const hashes = new Set(variants.map((v) => Buffer.from(headerHash(v)).toString('hex')));
    expect(hashes.size).toBe(variants.length);
    expect(hashes.has(Buffer.from(base).toString('hex'))).toBe(false);
    expect(blockCommitment(sampleHeader, root)).not.toEqual(blockCommitment(sampleHeader, new Uint8Array(32)));
    expect(blockCommitment(sampleHeader, root).length).toBe(32);
  });

  it('round-trips a state snapshot', () => {
    expect(decodeSnapshot(encodeSnapshot(sampleHeader.startState))).toEqual(sampleHeader.startState);
  });

  it('rejects malformed headers with clear errors', () => {
    const bytes = encodeHeader(sampleHeader);
    const withByte = (offset: number, value: number) => {
      const b = Uint8Array.from(bytes);
      b[offset] = value;
      return b;
    };
    expect(() => decodeHeader(bytes.subarray(0, bytes.length - 1))).toThrow(
      `header truncated: signOffThreshold needs 4 bytes at offset ${bytes.length - 4}, only 3 left`,
    );
    expect(() => decodeHeader(new Uint8Array([...bytes, 0]))).toThrow(/1 trailing bytes/);
    expect(() => decodeHeader(withByte(0, 0))).toThrow(/bad magic/);
    expect(() => decodeHeader(withByte(4, 2))).toThrow(/unsupported version 2/);
    const kOffset = 4 + 1 + 4 + 8 + 8 + 32;
    expect(() => decodeHeader(withByte(kOffset, 0))).toThrow(/treeHeight must be an integer in \[1, 20\], got 0/);
    expect(() => decodeHeader(withByte(kOffset, 21))).toThrow(HeaderError);
    expect(() => decodeHeader(withByte(kOffset + 5, 9))).toThrow(/unknown assignment mode byte 9/);
    expect(() => decodeHeader(withByte(kOffset + 6, 2))).toThrow(/bitMode byte must be 0 or 1/);
    expect(() => encodeHeader({ ...sampleHeader, signOffThreshold: 33 })).toThrow(
      /signOffThreshold must be an integer in \[1, 32\]/,
    );
    expect(() => encodeHeader({ ...sampleHeader, signOffThreshold: 0 })).toThrow(HeaderError);
    expect(() => encodeHeader({ ...sampleHeader, committeeSize: 0 })).toThrow(/committeeSize/);
    expect(() => encodeHeader({ ...sampleHeader, prevBlockHash: new Uint8Array(31) })).toThrow(
      /prevBlockHash must be 32 bytes/,
    );
    expect(() =>
      encodeHeader({ ...sampleHeader, startState: { ...sampleHeader.startState, noteRoot: 1n << 256n } }),
    ).toThrow(/noteRoot/);
    expect(() =>
      encodeHeader({ ...sampleHeader, assignment: { mode: 'sorted-rounds', subtreeHeight: 0, redundancy: 2 } }),
    ).toThrow(/subtreeHeight/);
    expect(() => encodeHeader({ ...sampleHeader, assignment: { mode: 'other' } as never })).toThrow(
      /unknown assignment mode/,
    );
    expect(() => blockCommitment(sampleHeader, new Uint8Array(31))).toThrow(/transcript root/);
    expect(() => decodeHeader('nope' as never)).toThrow(HeaderError);
    const huge = Uint8Array.from(bytes);
    huge.fill(0xff, 9, 17); // blockNumber = 2^64 − 1
    expect(() => decodeHeader(huge)).toThrow(/blockNumber .* exceeds the safe integer range/);
  });
});
