// Aggregate committee signatures checked on L1:
// - M-of-N data-availability sign-off: members sign the block commitment once they hold the
//   transcript chunks they need; the block is canonical only with at least M signers.
// - BLS validation training wheel (optional): members sign (start state, end state, block
//   commitment) and L1 checks the aggregate.
// Signers are named by committee rank. Wire form: committeeSize u32 ‖ bitfield ⌈n/8⌉ bytes
// (bit r set = rank r signed, most significant bit first) ‖ aggregate signature 96.
// Sound against rogue keys only because registration checks proofs of possession.
import { ByteReader, HASH_BYTES, concat, u32 } from './bytes.js';
import { MessageError, SignatureError } from './errors.js';
import { SIGNATURE_BYTES, aggregateSignatures, assertAggregateSignature, sign, type SigningDomain } from './keys.js';
import { encodeSnapshot, validateSnapshot, type StateSnapshot } from './header.js';

export interface SignOff {
  /** Committee ranks of the signers, ascending, distinct. */
  readonly signers: readonly number[];
  readonly aggregateSignature: Uint8Array;
}

function checkCommitment(blockCommitment: Uint8Array): void {
  if (!(blockCommitment instanceof Uint8Array) || blockCommitment.length !== HASH_BYTES) {
    throw new MessageError(`block commitment must be ${HASH_BYTES} bytes`);
  }
}

export function signBlockCommitment(secretKey: Uint8Array, blockCommitment: Uint8Array): Uint8Array {
  checkCommitment(blockCommitment);
  return sign(secretKey, 'sign-off', blockCommitment);
}

export function transitionPayload(start: StateSnapshot, end: StateSnapshot, blockCommitment: Uint8Array): Uint8Array {
  validateSnapshot(start, 'start');
  validateSnapshot(end, 'end');
  checkCommitment(blockCommitment);
  return concat(encodeSnapshot(start), encodeSnapshot(end), blockCommitment);
}

export function signTransition(
  secretKey: Uint8Array,
  start: StateSnapshot,
  end: StateSnapshot,
  blockCommitment: Uint8Array,
): Uint8Array {
  return sign(secretKey, 'transition', transitionPayload(start, end, blockCommitment));
}

/** Collects individual signatures (by rank) into one SignOff. */
export function aggregateSignOff(parts: readonly { rank: number; signature: Uint8Array }[]): SignOff {
  const sorted = [...parts].sort((a, b) => a.rank - b.rank);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.rank === sorted[i - 1]!.rank) throw new MessageError(`rank ${sorted[i]!.rank} signed twice`);
  }
  return {
    signers: sorted.map((p) => p.rank),
    aggregateSignature: aggregateSignatures(sorted.map((p) => p.signature)),
  };
}

function assertSigners(committeeSize: number, threshold: number, signers: readonly number[]): void {
  for (let i = 0; i < signers.length; i++) {
    const r = signers[i]!;
    if (!Number.isInteger(r) || r < 0 || r >= committeeSize)
      throw new MessageError(`signer rank ${r} is outside the committee of ${committeeSize}`);
    if (i > 0 && r <= signers[i - 1]!)
      throw new MessageError('signer ranks must be strictly ascending (no duplicates)');
  }
  if (signers.length < threshold) {
    throw new SignatureError(
      `only ${signers.length} of ${committeeSize} committee members signed; ${threshold} required`,
    );
  }
}

function assertAggregate(
  domain: SigningDomain,
  payload: Uint8Array,
  committee: readonly Uint8Array[],
  threshold: number,
  signOff: SignOff,
): void {
  if (!Number.isInteger(threshold) || threshold < 1)
    throw new MessageError(`threshold must be a positive integer, got ${threshold}`);
  assertSigners(committee.length, threshold, signOff.signers);
  assertAggregateSignature(
    signOff.signers.map((r) => committee[r]!),
    domain,
    payload,
    signOff.aggregateSignature,
  );
}

/** Throws unless at least `threshold` committee members (ranked public keys) signed the commitment. */
export function assertSignOff(args: {
  committee: readonly Uint8Array[];
  threshold: number;
  blockCommitment: Uint8Array;
  signOff: SignOff;
}): void {
  checkCommitment(args.blockCommitment);
  assertAggregate('sign-off', args.blockCommitment, args.committee, args.threshold, args.signOff);
}

/** Training wheel: throws unless at least `threshold` members signed (start, end, commitment). */
export function assertTransitionSignOff(args: {
  committee: readonly Uint8Array[];
  threshold: number;
  start: StateSnapshot;
  end: StateSnapshot;
  blockCommitment: Uint8Array;
  signOff: SignOff;
}): void {
  assertAggregate(
    'transition',
    transitionPayload(args.start, args.end, args.blockCommitment),
    args.committee,
    args.threshold,
    args.signOff,
  );
}

export function encodeSignOff(signOff: SignOff, committeeSize: number): Uint8Array {
  assertSigners(committeeSize, 0, signOff.signers);
  const bits = new Uint8Array(Math.ceil(committeeSize / 8));
  for (const r of signOff.signers) bits[r >> 3]! |= 0x80 >> (r & 7);
  if (signOff.aggregateSignature.length !== SIGNATURE_BYTES)
    throw new SignatureError('aggregate signature must be 96 bytes');
  return concat(u32(committeeSize), bits, signOff.aggregateSignature);
}

export function decodeSignOff(bytes: Uint8Array): { committeeSize: number; signOff: SignOff } {
  const rd = new ByteReader(bytes, (m) => new MessageError(m), { what: 'sign-off' });
  const committeeSize = rd.number(4, 'committeeSize');
  const bits = rd.take(Math.ceil(committeeSize / 8), 'signer bitfield');
  const aggregateSignature = rd.take(SIGNATURE_BYTES, 'aggregateSignature');
  rd.end();
  const signers: number[] = [];
  for (let r = 0; r < bits.length * 8; r++) {
    if (bits[r >> 3]! & (0x80 >> (r & 7))) {
      if (r >= committeeSize) throw new MessageError(`sign-off: bit ${r} set beyond the committee of ${committeeSize}`);
      signers.push(r);
    }
  }
  return { committeeSize, signOff: { signers, aggregateSignature } };
}
