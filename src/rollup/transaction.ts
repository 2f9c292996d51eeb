// Transactions: shape rules, the canonical binary encoding, identity, and the effects hash.
//
// Encoding, version 1, big-endian:
//   u8   version (= 1)
//   u64  fee
//   u8   note-hash count n ≤ K, then n × 32-byte field elements (canonical, non-zero)
//   u8   nullifier count m ≤ K, then m × 32-byte field elements (canonical, non-zero)
//   u32  payload length L ≤ maxPayloadBytes, then L bytes
// Nothing may follow. decodeTransaction rejects every other byte string with a DecodeError.
import { sha256 } from '@noble/hashes/sha2.js';
import { RollupReader, RollupWriter } from './bytes.js';
import { DecodeError, InvalidTransactionError } from './errors.js';
import { bytesToBigintBE, isFieldElement } from './field.js';
import type { FieldHasher } from './hasher.js';
import { DEFAULT_ROLLUP_PARAMS } from './params.js';
import type { RollupParams, Transaction } from './types.js';

export const TRANSACTION_ENCODING_VERSION = 1;
export const U64_MAX = (1n << 64n) - 1n;

/** The empty transaction: what padding leaves carry. */
export function emptyTransaction(): Transaction {
  return { noteHashes: [], nullifiers: [], fee: 0n, payload: new Uint8Array(0) };
}

/** Shape rules every transaction obeys (state rules such as duplicate nullifiers live elsewhere). */
export function validateTransaction(tx: Transaction, params: RollupParams = DEFAULT_ROLLUP_PARAMS): void {
  const checkList = (list: readonly bigint[], max: number, what: string) => {
    if (!Array.isArray(list)) throw new InvalidTransactionError(`${what} must be an array`);
    if (list.length > max) throw new InvalidTransactionError(`${list.length} ${what}, at most ${max} allowed`);
    list.forEach((x, i) => {
      if (typeof x !== 'bigint' || !isFieldElement(x))
        throw new InvalidTransactionError(`${what}[${i}] is not a canonical field element`);
      if (x === 0n) throw new InvalidTransactionError(`${what}[${i}] is zero; zero is reserved for empty slots`);
    });
  };
  checkList(tx.noteHashes, params.maxNoteHashesPerTx, 'note hashes');
  checkList(tx.nullifiers, params.maxNullifiersPerTx, 'nullifiers');
  if (typeof tx.fee !== 'bigint' || tx.fee < 0n || tx.fee > U64_MAX)
    throw new InvalidTransactionError(`fee ${String(tx.fee)} is not an unsigned 64-bit integer`);
  if (!(tx.payload instanceof Uint8Array)) throw new InvalidTransactionError('payload must be a Uint8Array');
  if (tx.payload.length > params.maxPayloadBytes)
    throw new InvalidTransactionError(
      `payload of ${tx.payload.length} bytes exceeds the ${params.maxPayloadBytes}-byte limit`,
    );
}

export function encodeTransaction(tx: Transaction, params: RollupParams = DEFAULT_ROLLUP_PARAMS): Uint8Array {
  validateTransaction(tx, params);
  const w = new RollupWriter().u8(TRANSACTION_ENCODING_VERSION).u64(tx.fee);
  w.u8(tx.noteHashes.length);
  for (const x of tx.noteHashes) w.field(x);
  w.u8(tx.nullifiers.length);
  for (const x of tx.nullifiers) w.field(x);
  return w.u32(tx.payload.length).bytes(tx.payload).finish();
}

/** Longest encoding a valid transaction can have under `params` (full lists, largest payload). */
export function maxTransactionEncodedLength(params: RollupParams = DEFAULT_ROLLUP_PARAMS): number {
  return 1 + 8 + 1 + 32 * params.maxNoteHashesPerTx + 1 + 32 * params.maxNullifiersPerTx + 4 + params.maxPayloadBytes;
}

function readEntries(r: RollupReader, max: number, what: 'note hashes' | 'nullifiers'): bigint[] {
  const count = r.u8(`${what} count`);
  if (count > max)
    throw new DecodeError(
      what === 'note hashes' ? 'too-many-note-hashes' : 'too-many-nullifiers',
      `transaction declares ${count} ${what}, at most ${max} allowed`,
    );
  const out: bigint[] = [];
  for (let i = 0; i < count; i++) {
    const x = r.field(`${what}[${i}]`);
    if (x === 0n)
      throw new DecodeError('zero-entry', `transaction: ${what}[${i}] is zero; zero is reserved for empty slots`);
    out.push(x);
  }
  return out;
}

export function decodeTransaction(bytes: Uint8Array, params: RollupParams = DEFAULT_ROLLUP_PARAMS): Transaction {
  const r = new RollupReader(bytes, 'transaction');
  const version = r.u8('version');
  if (version !== TRANSACTION_ENCODING_VERSION)
    throw new DecodeError(
      'wrong-version',
      `transaction encoding version ${version} is not supported (expected ${TRANSACTION_ENCODING_VERSION})`,
    );
  const fee = r.u64('fee');
  const noteHashes = readEntries(r, params.maxNoteHashesPerTx, 'note hashes');
  const nullifiers = readEntries(r, params.maxNullifiersPerTx, 'nullifiers');
  const payloadLength = r.u32('payload length');
  if (payloadLength > params.maxPayloadBytes)
    throw new DecodeError(
      'oversized-payload',
      `transaction payload of ${payloadLength} bytes exceeds the ${params.maxPayloadBytes}-byte limit`,
    );
  const payload = r.take(payloadLength, 'payload');
  r.end();
  return { noteHashes, nullifiers, fee, payload };
}

/** The transaction's id: sha256 of its canonical encoding. */
export function transactionId(tx: Transaction, params: RollupParams = DEFAULT_ROLLUP_PARAMS): Uint8Array {
  return sha256(encodeTransaction(tx, params));
}

/** sha256(payload) read big-endian with the top 3 bits cleared: a 253-bit value, always < p. */
export function payloadCommitment(payload: Uint8Array): bigint {
  return bytesToBigintBE(sha256(payload)) & ((1n << 253n) - 1n);
}

/** Domain tag that starts the effects chain: the ASCII bytes of "fernet.tx-effects.v1", big-endian. */
export const EFFECTS_DOMAIN_TAG = bytesToBigintBE(new TextEncoder().encode('fernet.tx-effects.v1'), 0, 20);

/**
 * The list the effects hash absorbs, in order: K note-hash slots, K nullifier slots (each list
 * zero-padded to K), fee, payload commitment. 2K + 2 elements.
 */
export function transactionEffects(tx: Transaction, params: RollupParams = DEFAULT_ROLLUP_PARAMS): bigint[] {
  return [
    ...padSlots(tx.noteHashes, params.maxNoteHashesPerTx),
    ...padSlots(tx.nullifiers, params.maxNullifiersPerTx),
    tx.fee,
    payloadCommitment(tx.payload),
  ];
}

/**
 * effectsHash = fold of H over the effects list starting from the domain tag:
 * acc₀ = EFFECTS_DOMAIN_TAG, acc_{i+1} = H(acc_i, e_i); 2K + 2 Poseidon calls.
 */
export function transactionEffectsHash(
  hasher: FieldHasher,
  tx: Transaction,
  params: RollupParams = DEFAULT_ROLLUP_PARAMS,
): bigint {
  let acc = EFFECTS_DOMAIN_TAG;
  for (const e of transactionEffects(tx, params)) acc = hasher.hash2(acc, e);
  return acc;
}

/** The list padded with zeros to exactly k slots. */
export function padSlots(list: readonly bigint[], k: number): bigint[] {
  return [...list, ...new Array<bigint>(Math.max(0, k - list.length)).fill(0n)];
}
