import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bytesToHex } from '../../src/protocol/bytes.js';
import {
  ElectionError,
  committeeRank,
  compareVrf,
  elect,
  rankStakers,
  vrf,
  vrfBytes,
} from '../../src/protocol/index.js';
import { sha256 } from '@noble/hashes/sha2.js';

const prev = new Uint8Array(32).fill(9);
const fakeKey = (i: number) => {
  const k = new Uint8Array(48);
  new DataView(k.buffer).setUint32(0, i);
  return k;
};

describe('vrf', () => {
  it('is sha256(pk ‖ prevBlockHash) read big-endian', () => {
    const pk = fakeKey(7);
    const joined = new Uint8Array(80);
    joined.set(pk);
    joined.set(prev, 48);
    const digest = sha256(joined);
    expect(vrfBytes(pk, prev)).toEqual(digest);
    expect(vrf(pk, prev)).toBe(BigInt(`0x${bytesToHex(digest)}`));
  });

  it('changes with the previous block hash', () => {
    expect(vrf(fakeKey(1), prev)).not.toBe(vrf(fakeKey(1), new Uint8Array(32)));
  });

  it('rejects a previous block hash of the wrong length', () => {
    expect(() => vrf(fakeKey(1), new Uint8Array(31))).toThrow(/32 bytes/);
  });
});

describe('election', () => {
  const keys = Array.from({ length: 50 }, (_, i) => fakeKey(i));

  it('picks the highest VRF as sequencer and the n lowest as committee', () => {
    const e = elect(keys, prev, 10);
    const all = keys.map((k) => vrf(k, prev)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    expect(e.sequencer.vrf).toBe(all[all.length - 1]);
    expect(e.committee.map((m) => m.vrf)).toEqual(all.slice(0, 10));
    expect(committeeRank(e, e.committee[3]!.publicKey)).toBe(3);
    expect(committeeRank(e, e.sequencer.publicKey)).toBe(-1);
  });

  it('never puts the sequencer in the committee, even when n exceeds the staker count', () => {
    const e = elect(keys.slice(0, 5), prev, 10);
    expect(e.committee.length).toBe(4);
    expect(e.committee.some((m) => bytesToHex(m.publicKey) === bytesToHex(e.sequencer.publicKey))).toBe(false);
    expect(elect([keys[0]!], prev, 3).committee).toEqual([]);
  });

  it('does not depend on the listing order (property)', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(keys, { minLength: 1 }), fc.integer({ min: 0, max: 60 }), (subset, n) => {
        const shuffled = [...subset].reverse();
        const a = elect(subset, prev, n);
        const b = elect(shuffled, prev, n);
        expect(bytesToHex(a.sequencer.publicKey)).toBe(bytesToHex(b.sequencer.publicKey));
        expect(a.committee.map((m) => bytesToHex(m.publicKey))).toEqual(
          b.committee.map((m) => bytesToHex(m.publicKey)),
        );
      }),
      { numRuns: 50 },
    );
  });

  it('orders by VRF and breaks ties by public key bytes', () => {
    const ranked = rankStakers(keys, prev);
    for (let i = 1; i < ranked.length; i++) expect(ranked[i - 1]!.vrf < ranked[i]!.vrf).toBe(true);
    const low = { publicKey: fakeKey(1), vrf: 5n };
    const high = { publicKey: fakeKey(2), vrf: 5n };
    expect(compareVrf(low, high)).toBeLessThan(0);
    expect(compareVrf(high, low)).toBeGreaterThan(0);
    expect(compareVrf({ publicKey: fakeKey(9), vrf: 4n }, low)).toBeLessThan(0);
    expect([high, low].sort(compareVrf)).toEqual([low, high]);
  });

  it('rejects an empty set, duplicate stakers and a bad committee size', () => {
    expect(() => elect([], prev, 3)).toThrow(ElectionError);
    expect(() => elect([keys[0]!, keys[1]!, fakeKey(0)], prev, 1)).toThrow(/duplicate staker/);
    expect(() => elect(keys, prev, -1)).toThrow(/committee size/);
  });
});
