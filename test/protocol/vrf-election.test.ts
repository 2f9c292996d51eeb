import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bytesToHex } from '../../src/protocol/bytes.js';
import {
  ElectionError,
  ParameterError,
  committeeRank,
  compareVrf,
  elect,
  rankStakers,
  vrf,
  vrfBytes,
} from '../../src/protocol/index.js';
import { sha256 } from '@noble/hashes/sha2.js';

const prev = new Uint8Array(32).fill(9);
const input = { prevBlockHash: prev, slot: 3 };
const fakeKey = (i: number) => {
  const k = new Uint8Array(48);
  new DataView(k.buffer).setUint32(0, i);
  return k;
};

describe('vrf', () => {
  it('is sha256(pk ‖ prevBlockHash ‖ slot as u64 big-endian) read big-endian', () => {
    const pk = fakeKey(7);
    const joined = new Uint8Array(88);
    joined.set(pk);
    joined.set(prev, 48);
    joined.set([0, 0, 0, 1, 0, 0, 0x01, 0x2c], 80); // slot 2^32 + 300
    const digest = sha256(joined);
    expect(vrfBytes(pk, prev, 2 ** 32 + 300)).toEqual(digest);
    expect(vrf(pk, prev, 2 ** 32 + 300)).toBe(BigInt(`0x${bytesToHex(digest)}`));
  });

  it('changes with the previous block hash and with the slot (a missed slot re-draws the roles)', () => {
    expect(vrf(fakeKey(1), prev, 5)).not.toBe(vrf(fakeKey(1), new Uint8Array(32), 5));
    expect(vrf(fakeKey(1), prev, 5)).not.toBe(vrf(fakeKey(1), prev, 6));
  });

  it('rejects a previous block hash of the wrong length and a slot that is not a u64-safe integer', () => {
    expect(() => vrf(fakeKey(1), new Uint8Array(31), 0)).toThrow(ParameterError);
    expect(() => vrf(fakeKey(1), new Uint8Array(31), 0)).toThrow('previous block hash must be 32 bytes');
    expect(() => vrf(fakeKey(1), prev, -1)).toThrow(ParameterError);
    expect(() => vrf(fakeKey(1), prev, -1)).toThrow('slot must be a non-negative safe integer, got -1');
    expect(() => vrf(fakeKey(1), prev, 1.5)).toThrow('slot must be a non-negative safe integer, got 1.5');
  });
});

describe('election', () => {
  const keys = Array.from({ length: 50 }, (_, i) => fakeKey(i));

  it('picks the highest VRF as sequencer and the n lowest as committee', () => {
    const e = elect(keys, input, 10);
    const all = keys.map((k) => vrf(k, prev, 3)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    expect(e.sequencer.vrf).toBe(all[all.length - 1]);
    expect(e.committee.map((m) => m.vrf)).toEqual(all.slice(0, 10));
    expect(committeeRank(e, e.committee[3]!.publicKey)).toBe(3);
    expect(committeeRank(e, e.sequencer.publicKey)).toBe(-1);
  });

  it('never puts the sequencer in the committee, even when n exceeds the staker count', () => {
    const e = elect(keys.slice(0, 5), input, 10);
    expect(e.committee.length).toBe(4);
    expect(e.committee.some((m) => bytesToHex(m.publicKey) === bytesToHex(e.sequencer.publicKey))).toBe(false);
    expect(elect([keys[0]!], input, 3).committee).toEqual([]);
  });

  it('does not depend on the listing order (property)', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(keys, { minLength: 1 }), fc.integer({ min: 0, max: 60 }), (subset, n) => {
        const shuffled = [...subset].reverse();
        const a = elect(subset, input, n);
        const b = elect(shuffled, input, n);
        expect(bytesToHex(a.sequencer.publicKey)).toBe(bytesToHex(b.sequencer.publicKey));
        expect(a.committee.map((m) => bytesToHex(m.publicKey))).toEqual(
          b.committee.map((m) => bytesToHex(m.publicKey)),
        );
      }),
      { numRuns: 50 },
    );
  });

  it('orders by VRF and breaks ties by public key bytes', () => {
    const ranked = rankStakers(keys, input);
    for (let i = 1; i < ranked.length; i++) expect(ranked[i - 1]!.vrf < ranked[i]!.vrf).toBe(true);
    const low = { publicKey: fakeKey(1), vrf: 5n };
    const high = { publicKey: fakeKey(2), vrf: 5n };
    expect(compareVrf(low, high)).toBeLessThan(0);
    expect(compareVrf(high, low)).toBeGreaterThan(0);
    expect(compareVrf({ publicKey: fakeKey(9), vrf: 4n }, low)).toBeLessThan(0);
    expect([high, low].sort(compareVrf)).toEqual([low, high]);
  });

  it('re-draws the sequencer and the committee when the same head is extended in a later slot', () => {
    const a = elect(keys, { prevBlockHash: prev, slot: 3 }, 10);
    const b = elect(keys, { prevBlockHash: prev, slot: 4 }, 10);
    expect(bytesToHex(a.sequencer.publicKey)).not.toBe(bytesToHex(b.sequencer.publicKey));
    expect(a.committee.map((m) => bytesToHex(m.publicKey))).not.toEqual(
      b.committee.map((m) => bytesToHex(m.publicKey)),
    );
  });

  it('rejects an empty set, duplicate stakers and a bad committee size', () => {
    expect(() => elect([], input, 3)).toThrow(ElectionError);
    expect(() => elect([keys[0]!, keys[1]!, fakeKey(0)], input, 1)).toThrow(/duplicate staker/);
    expect(() => elect(keys, input, -1)).toThrow(/committee size/);
  });
});
