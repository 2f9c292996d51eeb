import { sha256 } from '@noble/hashes/sha2.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { DecodeError, InvalidTransactionError } from '../../src/rollup/errors.js';
import { FR_MODULUS, bytesToBigintBE, fieldToBytesBE } from '../../src/rollup/field.js';
import type { FieldHasher } from '../../src/rollup/hasher.js';
import { DEFAULT_ROLLUP_PARAMS } from '../../src/rollup/params.js';
import {
  EFFECTS_DOMAIN_TAG,
  decodeTransaction,
  emptyTransaction,
  encodeTransaction,
  maxTransactionEncodedLength,
  payloadCommitment,
  transactionEffectsHash,
  transactionId,
  validateTransaction,
} from '../../src/rollup/transaction.js';
import type { Transaction } from '../../src/rollup/types.js';
import { expectDecodeError, liteHasher, loadKernelHasher } from './helpers.js';

let hasher: FieldHasher;
beforeAll(async () => {
  hasher = await loadKernelHasher();
});

const sample: Transaction = {
  noteHashes: [0x1234n, FR_MODULUS - 1n],
  nullifiers: [0xabcdefn],
  fee: 0x0102030405060708n,
  payload: new Uint8Array([9, 8, 7]),
};

function hex(b: Uint8Array): string {
  return Buffer.from(b).toString('hex');
}

describe('transaction encoding', () => {
  it('has the documented big-endian layout', () => {
    const bytes = encodeTransaction(sample);
    const expected =
      '01' +
      '0102030405060708' +
      '02' +
      hex(fieldToBytesBE(0x1234n)) +
      hex(fieldToBytesBE(FR_MODULUS - 1n)) +
      '01' +
      hex(fieldToBytesBE(0xabcdefn)) +
      '00000003' +
      '090807';
    expect(hex(bytes)).toBe(expected);
  });

  it('round-trips, including the empty transaction and a maximal payload', () => {
    expect(decodeTransaction(encodeTransaction(sample))).toEqual(sample);
    expect(decodeTransaction(encodeTransaction(emptyTransaction()))).toEqual(emptyTransaction());
    const big = { ...sample, payload: new Uint8Array(32 * 1024).fill(0x5a) };
    expect(decodeTransaction(encodeTransaction(big))).toEqual(big);
  });

  it('a full transaction with the largest payload has exactly the maximum encoded length', () => {
    const full = { ...sample, nullifiers: [0xabcdefn, 7n], payload: new Uint8Array(32 * 1024) };
    expect(encodeTransaction(full).length).toBe(maxTransactionEncodedLength());
    expect(maxTransactionEncodedLength()).toBe(1 + 8 + 1 + 64 + 1 + 64 + 4 + 32 * 1024);
  });

  it('rejects a wrong version', () => {
    const bytes = encodeTransaction(sample);
    bytes[0] = 2;
    expectDecodeError(() => decodeTransaction(bytes), 'wrong-version', /version 2 is not supported \(expected 1\)/);
  });

  it('rejects truncation at every length', () => {
    const bytes = encodeTransaction(sample);
    for (let n = 0; n < bytes.length; n++) {
      expect(() => decodeTransaction(bytes.subarray(0, n)), `length ${n}`).toThrow(DecodeError);
    }
    expectDecodeError(
      () => decodeTransaction(bytes.subarray(0, 20)),
      'truncated',
      /note hashes\[0\] needs 32 bytes at offset 10, only 10 left/,
    );
    expectDecodeError(() => decodeTransaction(new Uint8Array(0)), 'truncated', /version needs 1 bytes/);
  });

  it('rejects trailing bytes', () => {
    const bytes = new Uint8Array([...encodeTransaction(sample), 0]);
    expectDecodeError(() => decodeTransaction(bytes), 'trailing-bytes', /1 trailing bytes/);
  });

  it('rejects an oversized payload from its declared length alone', () => {
    const bytes = encodeTransaction(emptyTransaction());
    new DataView(bytes.buffer).setUint32(bytes.length - 4, 32 * 1024 + 1, false);
    expectDecodeError(() => decodeTransaction(bytes), 'oversized-payload', /32769 bytes exceeds the 32768-byte limit/);
  });

  it('rejects too many note hashes or nullifiers', () => {
    const bytes = encodeTransaction(emptyTransaction());
    const tooManyNotes = Uint8Array.from(bytes);
    tooManyNotes[9] = 3;
    expectDecodeError(
      () => decodeTransaction(tooManyNotes),
      'too-many-note-hashes',
      /declares 3 note hashes, at most 2/,
    );
    const tooManyNullifiers = Uint8Array.from(bytes);
    tooManyNullifiers[10] = 3;
    expectDecodeError(
      () => decodeTransaction(tooManyNullifiers),
      'too-many-nullifiers',
      /declares 3 nullifiers, at most 2/,
    );
  });

  it('rejects non-canonical field elements (p and 2^256 − 1)', () => {
    for (const bad of [FR_MODULUS, (1n << 256n) - 1n]) {
      const bytes = encodeTransaction({ ...sample, noteHashes: [1n] });
      bytes.set(fieldToBytesBE(bad), 10);
      expectDecodeError(
        () => decodeTransaction(bytes),
        'non-canonical-field',
        /note hashes\[0\] at offset 10 is not a canonical field element/,
      );
    }
  });

  it('rejects a zero entry (zero marks an empty slot)', () => {
    const bytes = encodeTransaction({ ...sample, nullifiers: [5n] });
    bytes.set(fieldToBytesBE(0n), 1 + 8 + 1 + 64 + 1);
    expectDecodeError(() => decodeTransaction(bytes), 'zero-entry', /nullifiers\[0\] is zero/);
  });

  it('encode refuses invalid transactions with InvalidTransactionError', () => {
    const bad: [Partial<Transaction>, RegExp][] = [
      [{ noteHashes: [1n, 2n, 3n] }, /3 note hashes, at most 2/],
      [{ nullifiers: [0n] }, /nullifiers\[0\] is zero/],
      [{ nullifiers: [FR_MODULUS] }, /not a canonical field element/],
      [{ fee: 1n << 64n }, /not an unsigned 64-bit integer/],
      [{ fee: -1n }, /not an unsigned 64-bit integer/],
      [{ payload: new Uint8Array(32 * 1024 + 1) }, /exceeds the 32768-byte limit/],
    ];
    for (const [patch, message] of bad) {
      expect(() => encodeTransaction({ ...sample, ...patch })).toThrow(InvalidTransactionError);
      expect(() => validateTransaction({ ...sample, ...patch })).toThrow(message);
    }
  });

  it('the id is sha256 of the encoding', () => {
    expect(hex(transactionId(sample))).toBe(hex(sha256(encodeTransaction(sample))));
  });
});

describe('effects hash', () => {
  it('commits the payload as sha256 with the top 3 bits cleared', () => {
    const payload = new Uint8Array([1, 2, 3]);
    const digest = bytesToBigintBE(sha256(payload));
    expect(payloadCommitment(payload)).toBe(digest % (1n << 253n));
    expect(payloadCommitment(payload) < FR_MODULUS).toBe(true);
  });

  it('is the documented chain from the domain tag over (notes, nullifiers, fee, payload)', () => {
    const elems = [0x1234n, FR_MODULUS - 1n, 0xabcdefn, 0n, sample.fee, payloadCommitment(sample.payload)];
    let acc = EFFECTS_DOMAIN_TAG;
    for (const e of elems) acc = liteHasher.hash2(acc, e);
    expect(transactionEffectsHash(hasher, sample)).toBe(acc);
    expect(EFFECTS_DOMAIN_TAG).toBe(BigInt(`0x${Buffer.from('fernet.tx-effects.v1').toString('hex')}`));
  });

  it('changes with every effect', () => {
    const base = transactionEffectsHash(hasher, sample, DEFAULT_ROLLUP_PARAMS);
    const variants: Transaction[] = [
      { ...sample, noteHashes: [0x1235n, FR_MODULUS - 1n] },
      { ...sample, nullifiers: [0xabcdefn, 1n] },
      { ...sample, fee: sample.fee + 1n },
      { ...sample, payload: new Uint8Array([9, 8, 6]) },
      // Moving a note hash into the nullifier list changes the hash: positions are fixed slots.
      { ...sample, noteHashes: [0x1234n], nullifiers: [FR_MODULUS - 1n, 0xabcdefn] },
    ];
    for (const v of variants) expect(transactionEffectsHash(hasher, v)).not.toBe(base);
  });
});
