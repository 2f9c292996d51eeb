import { describe, expect, it } from 'vitest';
import {
  MessageError,
  SignatureError,
  aggregateSignOff,
  assertSignOff,
  assertTransitionSignOff,
  decodeSignOff,
  encodeSignOff,
  generateStakingKey,
  signBlockCommitment,
  signTransition,
  type StateSnapshot,
} from '../../src/protocol/index.js';

const members = Array.from({ length: 5 }, (_, i) => generateStakingKey(new Uint8Array(48).fill(40 + i)));
const committee = members.map((m) => m.publicKey);
const commitment = new Uint8Array(32).fill(0x5a);
const start: StateSnapshot = { noteRoot: 1n, noteNextIndex: 0, nullifierRoot: 2n, nullifierNextIndex: 1 };
const end: StateSnapshot = { noteRoot: 3n, noteNextIndex: 16, nullifierRoot: 4n, nullifierNextIndex: 17 };

const signOffBy = (ranks: number[], msg = commitment) =>
  aggregateSignOff(ranks.map((rank) => ({ rank, signature: signBlockCommitment(members[rank]!.secretKey, msg) })));

describe('M-of-N sign-off', () => {
  const three = signOffBy([4, 0, 2]);

  it('accepts M or more committee signatures over the block commitment', () => {
    expect(three.signers).toEqual([0, 2, 4]);
    expect(() => assertSignOff({ committee, threshold: 3, blockCommitment: commitment, signOff: three })).not.toThrow();
  });

  it('rejects fewer than M signers', () => {
    expect(() => assertSignOff({ committee, threshold: 4, blockCommitment: commitment, signOff: three })).toThrow(
      /only 3 of 5 committee members signed; 4 required/,
    );
  });

  it('rejects signers that did not sign, another commitment, and forged signer lists', () => {
    expect(() =>
      assertSignOff({ committee, threshold: 3, blockCommitment: new Uint8Array(32), signOff: three }),
    ).toThrow(SignatureError);
    // Claim rank 1 signed instead of rank 2.
    expect(() =>
      assertSignOff({
        committee,
        threshold: 3,
        blockCommitment: commitment,
        signOff: { ...three, signers: [0, 1, 4] },
      }),
    ).toThrow(SignatureError);
    expect(() =>
      assertSignOff({
        committee,
        threshold: 3,
        blockCommitment: commitment,
        signOff: { ...three, signers: [0, 2, 5] },
      }),
    ).toThrow(/outside the committee of 5/);
    expect(() =>
      assertSignOff({
        committee,
        threshold: 3,
        blockCommitment: commitment,
        signOff: { ...three, signers: [0, 2, 2, 4] },
      }),
    ).toThrow(/strictly ascending/);
    expect(() =>
      aggregateSignOff([
        { rank: 1, signature: three.aggregateSignature },
        { rank: 1, signature: three.aggregateSignature },
      ]),
    ).toThrow(/rank 1 signed twice/);
    const tampered = Uint8Array.from(three.aggregateSignature);
    tampered[40] ^= 1;
    expect(() =>
      assertSignOff({
        committee,
        threshold: 3,
        blockCommitment: commitment,
        signOff: { ...three, aggregateSignature: tampered },
      }),
    ).toThrow(SignatureError);
  });

  it('encodes signers as a bitfield and round-trips', () => {
    const bytes = encodeSignOff(three, 5);
    expect(bytes.length).toBe(4 + 1 + 96);
    expect(bytes[4]).toBe(0b10101000);
    const back = decodeSignOff(bytes);
    expect(back).toEqual({ committeeSize: 5, signOff: three });
    const stray = Uint8Array.from(bytes);
    stray[4] |= 0b00000100; // rank 5 in a committee of 5
    expect(() => decodeSignOff(stray)).toThrow(/bit 5 set beyond the committee of 5/);
    expect(() => decodeSignOff(bytes.subarray(0, 50))).toThrow(MessageError);
  });
});

describe('BLS training wheel', () => {
  const signOff = aggregateSignOff(
    [0, 1, 3].map((rank) => ({ rank, signature: signTransition(members[rank]!.secretKey, start, end, commitment) })),
  );

  it('accepts an aggregate over (start, end, block commitment)', () => {
    expect(() =>
      assertTransitionSignOff({ committee, threshold: 3, start, end, blockCommitment: commitment, signOff }),
    ).not.toThrow();
  });

  it('rejects another end state, and a data-availability sign-off reused as a transition sign-off', () => {
    expect(() =>
      assertTransitionSignOff({
        committee,
        threshold: 3,
        start,
        end: { ...end, noteNextIndex: 15 },
        blockCommitment: commitment,
        signOff,
      }),
    ).toThrow(SignatureError);
    const da = signOffBy([0, 1, 3]);
    expect(() =>
      assertTransitionSignOff({ committee, threshold: 3, start, end, blockCommitment: commitment, signOff: da }),
    ).toThrow(SignatureError);
  });
});
