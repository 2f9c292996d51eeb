// Wire forms of the request protocols and the address announcement. Fixed layouts, big-endian,
// decoded strictly: a wrong length, version or status raises PeerMessageError('malformed').
//
// /fernet/transcript/1.0.0, one request per stream, each one length-prefixed message (varint):
//   request  = u8 version=1 ‖ commitment 32 ‖ u32 chunkIndex                          (37 bytes)
//   response = u8 status ‖ [status ok: u32 chunkLength ‖ chunk ‖ inclusion proof (rollup form)]
// /fernet/payload/1.0.0, one request per stream:
//   request  = u8 version=1 ‖ commitment 32 ‖ u8 level ‖ u32 index                    (38 bytes)
//   response = head (u8 status ‖ u32 totalLength), then pieces (each one message, ≤ the piece
//              cap) whose lengths sum to totalLength
// Address announcement on the peers topic:
//   u8 version=1 ‖ u8 count ‖ count × (u16 length ‖ multiaddr bytes)
import { PeerMessageError } from './errors.js';

const VERSION = 1;
export const COMMITMENT_BYTES = 32;

export type ResponseStatus = 'ok' | 'not-found' | 'unlinked';
const STATUS_CODES: Record<ResponseStatus, number> = { ok: 0, 'not-found': 1, unlinked: 2 };
const STATUS_NAMES = new Map(Object.entries(STATUS_CODES).map(([k, v]) => [v, k as ResponseStatus]));

function malformed(what: string, why: string): PeerMessageError {
  return new PeerMessageError('malformed', `${what}: ${why}`);
}

function status(what: string, code: number): ResponseStatus {
  const s = STATUS_NAMES.get(code);
  if (s === undefined) throw malformed(what, `unknown status ${code}`);
  return s;
}

export interface ChunkRequest {
  commitment: Uint8Array;
  chunkIndex: number;
}

export function encodeChunkRequest(r: ChunkRequest): Uint8Array {
  const out = new Uint8Array(1 + COMMITMENT_BYTES + 4);
  out[0] = VERSION;
  out.set(r.commitment, 1);
  new DataView(out.buffer).setUint32(1 + COMMITMENT_BYTES, r.chunkIndex);
  return out;
}

export function decodeChunkRequest(bytes: Uint8Array): ChunkRequest {
  const what = 'transcript request';
  if (bytes.length !== 1 + COMMITMENT_BYTES + 4) throw malformed(what, `${bytes.length} bytes, expected 37`);
  if (bytes[0] !== VERSION) throw malformed(what, `version ${bytes[0]}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { commitment: bytes.slice(1, 1 + COMMITMENT_BYTES), chunkIndex: view.getUint32(1 + COMMITMENT_BYTES) };
}

export type ChunkResponse =
  | { status: 'ok'; chunk: Uint8Array; proof: Uint8Array }
  | { status: 'not-found' | 'unlinked' };

export function encodeChunkResponse(r: ChunkResponse): Uint8Array {
  if (r.status !== 'ok') return Uint8Array.of(STATUS_CODES[r.status]);
  const out = new Uint8Array(1 + 4 + r.chunk.length + r.proof.length);
  out[0] = STATUS_CODES.ok;
  new DataView(out.buffer).setUint32(1, r.chunk.length);
  out.set(r.chunk, 5);
  out.set(r.proof, 5 + r.chunk.length);
  return out;
}

export function decodeChunkResponse(bytes: Uint8Array, maxChunkBytes: number): ChunkResponse {
  const what = 'transcript response';
  if (bytes.length < 1) throw malformed(what, 'empty');
  const s = status(what, bytes[0]!);
  if (s !== 'ok') {
    if (bytes.length !== 1) throw malformed(what, `status ${s} with ${bytes.length - 1} trailing bytes`);
    return { status: s };
  }
  if (bytes.length < 5) throw malformed(what, 'truncated chunk length');
  const chunkLength = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(1);
  if (chunkLength > maxChunkBytes)
    throw new PeerMessageError('oversized', `${what}: chunk of ${chunkLength} bytes exceeds ${maxChunkBytes}`);
  if (5 + chunkLength > bytes.length) throw malformed(what, 'chunk runs past the message');
  return { status: 'ok', chunk: bytes.slice(5, 5 + chunkLength), proof: bytes.slice(5 + chunkLength) };
}

export interface PayloadKey {
  commitment: Uint8Array;
  level: number;
  index: number;
}

export function encodePayloadRequest(k: PayloadKey): Uint8Array {
  const out = new Uint8Array(1 + COMMITMENT_BYTES + 1 + 4);
  out[0] = VERSION;
  out.set(k.commitment, 1);
  out[1 + COMMITMENT_BYTES] = k.level;
  new DataView(out.buffer).setUint32(2 + COMMITMENT_BYTES, k.index);
  return out;
}

export function decodePayloadRequest(bytes: Uint8Array): PayloadKey {
  const what = 'payload request';
  if (bytes.length !== 2 + COMMITMENT_BYTES + 4) throw malformed(what, `${bytes.length} bytes, expected 38`);
  if (bytes[0] !== VERSION) throw malformed(what, `version ${bytes[0]}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return {
    commitment: bytes.slice(1, 1 + COMMITMENT_BYTES),
    level: bytes[1 + COMMITMENT_BYTES]!,
    index: view.getUint32(2 + COMMITMENT_BYTES),
  };
}

export interface PayloadHead {
  status: ResponseStatus;
  totalLength: number;
}

export function encodePayloadHead(h: PayloadHead): Uint8Array {
  const out = new Uint8Array(5);
  out[0] = STATUS_CODES[h.status];
  new DataView(out.buffer).setUint32(1, h.totalLength);
  return out;
}

export function decodePayloadHead(bytes: Uint8Array): PayloadHead {
  const what = 'payload response head';
  if (bytes.length !== 5) throw malformed(what, `${bytes.length} bytes, expected 5`);
  const s = status(what, bytes[0]!);
  const totalLength = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(1);
  if (s !== 'ok' && totalLength !== 0) throw malformed(what, `status ${s} with length ${totalLength}`);
  return { status: s, totalLength };
}

const MAX_ANNOUNCED_ADDRESSES = 16;
const MAX_ADDRESS_BYTES = 512;

export function encodeAddresses(addrs: readonly Uint8Array[]): Uint8Array {
  const list = addrs.slice(0, MAX_ANNOUNCED_ADDRESSES).filter((a) => a.length <= MAX_ADDRESS_BYTES);
  const out = new Uint8Array(2 + list.reduce((n, a) => n + 2 + a.length, 0));
  const view = new DataView(out.buffer);
  out[0] = VERSION;
  out[1] = list.length;
  let o = 2;
  for (const a of list) {
    view.setUint16(o, a.length);
    out.set(a, o + 2);
    o += 2 + a.length;
  }
  return out;
}

export function decodeAddresses(bytes: Uint8Array): Uint8Array[] {
  const what = 'address announcement';
  if (bytes.length < 2 || bytes[0] !== VERSION) throw malformed(what, 'bad version or truncated');
  const count = bytes[1]!;
  if (count > MAX_ANNOUNCED_ADDRESSES) throw malformed(what, `${count} addresses, at most ${MAX_ANNOUNCED_ADDRESSES}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: Uint8Array[] = [];
  let o = 2;
  for (let i = 0; i < count; i++) {
    if (o + 2 > bytes.length) throw malformed(what, 'truncated');
    const n = view.getUint16(o);
    if (n > MAX_ADDRESS_BYTES || o + 2 + n > bytes.length) throw malformed(what, `address ${i} runs past the message`);
    out.push(bytes.slice(o + 2, o + 2 + n));
    o += 2 + n;
  }
  if (o !== bytes.length) throw malformed(what, 'trailing bytes');
  return out;
}
