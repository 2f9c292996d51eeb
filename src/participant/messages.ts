// Gossip messages of the participant layer (topics: TOPICS.results and TOPICS.signOffs of the
// transport port) and their binary encodings (big-endian, versioned,
// exact length). Results, commitments and sign-offs are also posted to the L1; gossip tells peers
// who holds which payload and carries sign-off shares to whoever aggregates them.
//
//   result announcement: "FNRA" ‖ v1 ‖ signed result (encodeResult) ‖ holder len u8 ‖ holder utf8
//                        ‖ hasChildren u8 ‖ [left digest 32 ‖ right digest 32]
//   sign-off share:      "FNSS" ‖ v1 ‖ blockCommitment 32 ‖ rank u32 ‖ BLS signature 96
import { ByteReader, bytesToHex, concat, equalBytes, u8, u32 } from '../protocol/bytes.js';
import {
  assertResult,
  decodeResult,
  encodeResult,
  SIGNATURE_BYTES,
  SIGNED_RESULT_BYTES,
  type SignedResult,
} from '../protocol/index.js';
import { PeerMessageError } from './errors.js';

/** Largest announcement or share accepted (a result announcement is about 360 bytes). */
export const MAX_GOSSIP_BYTES = 1024;
const MAX_HOLDER_BYTES = 128;
const VERSION = 1;
const text = new TextEncoder();
const untext = new TextDecoder('utf-8', { fatal: true });

export interface ResultAnnouncement {
  readonly result: SignedResult;
  /** The transport id of the peer that serves the payload. */
  readonly holder: string;
  /** For a merge: the digests of the two child payloads it folded (left, right). */
  readonly children?: readonly [Uint8Array, Uint8Array];
}

export interface SignOffShare {
  readonly blockCommitment: Uint8Array;
  readonly rank: number;
  readonly signature: Uint8Array;
}

const magic = (m: string) => text.encode(m);

function readMagic(r: ByteReader, m: string, what: string): void {
  const got = r.take(4, 'magic');
  if (!equalBytes(got, magic(m))) throw new PeerMessageError(`${what}: bad magic ${bytesToHex(got)}`);
  const v = r.number(1, 'version');
  if (v !== VERSION) throw new PeerMessageError(`${what}: version ${v} is not supported (expected ${VERSION})`);
}

function capped(bytes: Uint8Array, what: string): void {
  if (!(bytes instanceof Uint8Array)) throw new PeerMessageError(`${what}: expected bytes`);
  if (bytes.length > MAX_GOSSIP_BYTES)
    throw new PeerMessageError(`${what}: ${bytes.length} bytes exceeds the cap of ${MAX_GOSSIP_BYTES}`);
}

export function encodeResultAnnouncement(a: ResultAnnouncement): Uint8Array {
  const holder = text.encode(a.holder);
  if (holder.length < 1 || holder.length > MAX_HOLDER_BYTES)
    throw new RangeError(`holder id of ${holder.length} bytes is outside [1, ${MAX_HOLDER_BYTES}]`);
  const parts = [magic('FNRA'), u8(VERSION), encodeResult(a.result), u8(holder.length), holder];
  if (a.children) parts.push(u8(1), a.children[0], a.children[1]);
  else parts.push(u8(0));
  return concat(...parts);
}

/** Decodes and checks the result's signature (a forged announcement is refused here). */
export function decodeResultAnnouncement(bytes: Uint8Array): ResultAnnouncement {
  const what = 'result announcement';
  capped(bytes, what);
  const r = new ByteReader(bytes, (m) => new PeerMessageError(m), { what });
  readMagic(r, 'FNRA', what);
  let result: SignedResult;
  try {
    result = decodeResult(r.take(SIGNED_RESULT_BYTES, 'result'));
    assertResult(result);
  } catch (e) {
    if (e instanceof PeerMessageError) throw e;
    throw new PeerMessageError(`${what}: ${(e as Error).message}`);
  }
  const holderLength = r.number(1, 'holder length');
  if (holderLength < 1) throw new PeerMessageError(`${what}: empty holder id`);
  let holder: string;
  try {
    holder = untext.decode(r.take(holderLength, 'holder'));
  } catch (e) {
    if (e instanceof PeerMessageError) throw e;
    throw new PeerMessageError(`${what}: holder id is not UTF-8`);
  }
  const flag = r.number(1, 'children flag');
  if (flag > 1) throw new PeerMessageError(`${what}: children flag ${flag} is not 0 or 1`);
  const children = flag === 1 ? ([r.take(32, 'left digest'), r.take(32, 'right digest')] as const) : undefined;
  r.end();
  if ((result.kind === 'merge') !== (children !== undefined))
    throw new PeerMessageError(`${what}: a ${result.kind} result must ${children ? 'not ' : ''}name child digests`);
  return children ? { result, holder, children } : { result, holder };
}

export function encodeSignOffShare(s: SignOffShare): Uint8Array {
  if (s.blockCommitment.length !== 32 || s.signature.length !== SIGNATURE_BYTES)
    throw new RangeError('sign-off share: commitment must be 32 bytes and the signature 96');
  return concat(magic('FNSS'), u8(VERSION), s.blockCommitment, u32(s.rank), s.signature);
}

/** Decodes the shape only; the aggregator checks the signature against the committee key of `rank`. */
export function decodeSignOffShare(bytes: Uint8Array): SignOffShare {
  const what = 'sign-off share';
  capped(bytes, what);
  const r = new ByteReader(bytes, (m) => new PeerMessageError(m), { what });
  readMagic(r, 'FNSS', what);
  const blockCommitment = r.take(32, 'block commitment');
  const rank = r.number(4, 'rank');
  const signature = r.take(SIGNATURE_BYTES, 'signature');
  r.end();
  return { blockCommitment, rank, signature };
}
