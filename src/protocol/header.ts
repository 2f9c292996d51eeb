// The block commitment header the sequencer posts to L1, its canonical binary encoding and hash.
//
// Layout (big-endian, version 1):
//   magic "FNHD" ‖ version u8 ‖ chainId u32 ‖ blockNumber u64 ‖ slot u64 ‖ prevBlockHash 32 ‖
//   k u8 ‖ n u32 ‖ mode u8 ‖ mode params ‖ startState ‖ M u32
//   mode 1 = binary-path:   bitMode u8 (0 low, 1 high) ‖ openAfterSeconds u32
//   mode 2 = sorted-rounds: m u8 ‖ ρ u8
//   startState = noteRoot 32 ‖ noteNextIndex u64 ‖ nullifierRoot 32 ‖ nullifierNextIndex u64
// commitment = sha256(encodeHeader(header) ‖ transcriptRoot); the magic and version separate it
// from every other hashed message.
import { ByteReader, bytesToHex, concat, sha256, u32, u64, u8, uintBE, HASH_BYTES } from './bytes.js';
import { HeaderError } from './errors.js';
import { MAX_TREE_HEIGHT } from './tree.js';

const MAGIC = Uint8Array.from([0x46, 0x4e, 0x48, 0x44]); // "FNHD"
const VERSION = 1;
export const MAX_COMMITTEE_SIZE = 1 << 24;
export const MAX_SUBTREE_HEIGHT = 8;
export const MAX_REDUNDANCY = 16;

export type BitMode = 'low' | 'high';

export type AssignmentParams =
  | { readonly mode: 'binary-path'; readonly bitMode: BitMode; readonly openAfterSeconds: number }
  | { readonly mode: 'sorted-rounds'; readonly subtreeHeight: number; readonly redundancy: number };

/** Snapshot of both state trees (roots are field elements, at most 256 bits). */
export interface StateSnapshot {
  readonly noteRoot: bigint;
  readonly noteNextIndex: number;
  readonly nullifierRoot: bigint;
  readonly nullifierNextIndex: number;
}

export interface BlockHeader {
  readonly chainId: number;
  readonly blockNumber: number;
  readonly slot: number;
  readonly prevBlockHash: Uint8Array;
  /** Tree height k: the block has 2^k leaves. */
  readonly treeHeight: number;
  /** Committee size n. */
  readonly committeeSize: number;
  readonly assignment: AssignmentParams;
  readonly startState: StateSnapshot;
  /** M of the M-of-N sign-off. */
  readonly signOffThreshold: number;
}

function fail(message: string): HeaderError {
  return new HeaderError(message);
}

function checkInt(value: unknown, field: string, min: number, max: number): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw fail(`${field} must be an integer in [${min}, ${max}], got ${String(value)}`);
  }
}

function checkRoot(value: unknown, field: string): void {
  if (typeof value !== 'bigint' || value < 0n || value >= 1n << 256n) {
    throw fail(`${field} must be a bigint in [0, 2^256), got ${String(value)}`);
  }
}

export function validateSnapshot(s: StateSnapshot, field = 'startState'): void {
  if (s === null || typeof s !== 'object') throw fail(`${field} is missing`);
  checkRoot(s.noteRoot, `${field}.noteRoot`);
  checkInt(s.noteNextIndex, `${field}.noteNextIndex`, 0, Number.MAX_SAFE_INTEGER);
  checkRoot(s.nullifierRoot, `${field}.nullifierRoot`);
  checkInt(s.nullifierNextIndex, `${field}.nullifierNextIndex`, 0, Number.MAX_SAFE_INTEGER);
}

/** Throws HeaderError naming the first field that breaks a rule. */
export function validateHeader(h: BlockHeader): void {
  if (h === null || typeof h !== 'object') throw fail('header must be an object');
  checkInt(h.chainId, 'chainId', 0, 0xffffffff);
  checkInt(h.blockNumber, 'blockNumber', 0, Number.MAX_SAFE_INTEGER);
  checkInt(h.slot, 'slot', 0, Number.MAX_SAFE_INTEGER);
  if (!(h.prevBlockHash instanceof Uint8Array) || h.prevBlockHash.length !== HASH_BYTES) {
    throw fail(`prevBlockHash must be ${HASH_BYTES} bytes`);
  }
  checkInt(h.treeHeight, 'treeHeight', 1, MAX_TREE_HEIGHT);
  checkInt(h.committeeSize, 'committeeSize', 1, MAX_COMMITTEE_SIZE);
  const a = h.assignment;
  if (a === null || typeof a !== 'object') throw fail('assignment is missing');
  if (a.mode === 'binary-path') {
    if (a.bitMode !== 'low' && a.bitMode !== 'high')
      throw fail(`assignment.bitMode must be "low" or "high", got ${String(a.bitMode)}`);
    checkInt(a.openAfterSeconds, 'assignment.openAfterSeconds', 0, 0xffffffff);
  } else if (a.mode === 'sorted-rounds') {
    checkInt(a.subtreeHeight, 'assignment.subtreeHeight', 1, MAX_SUBTREE_HEIGHT);
    checkInt(a.redundancy, 'assignment.redundancy', 1, MAX_REDUNDANCY);
  } else {
    throw fail(`unknown assignment mode ${String((a as { mode: unknown }).mode)}`);
  }
  validateSnapshot(h.startState);
  checkInt(h.signOffThreshold, 'signOffThreshold', 1, h.committeeSize);
}

export function encodeSnapshot(s: StateSnapshot): Uint8Array {
  return concat(uintBE(s.noteRoot, 32), u64(s.noteNextIndex), uintBE(s.nullifierRoot, 32), u64(s.nullifierNextIndex));
}

export const SNAPSHOT_BYTES = 32 + 8 + 32 + 8;

function encodeAssignment(a: AssignmentParams): Uint8Array {
  return a.mode === 'binary-path'
    ? concat(u8(1), u8(a.bitMode === 'low' ? 0 : 1), u32(a.openAfterSeconds))
    : concat(u8(2), u8(a.subtreeHeight), u8(a.redundancy));
}

export function encodeHeader(h: BlockHeader): Uint8Array {
  validateHeader(h);
  return concat(
    MAGIC,
    u8(VERSION),
    u32(h.chainId),
    u64(h.blockNumber),
    u64(h.slot),
    h.prevBlockHash,
    u8(h.treeHeight),
    u32(h.committeeSize),
    encodeAssignment(h.assignment),
    encodeSnapshot(h.startState),
    u32(h.signOffThreshold),
  );
}

function readSnapshot(r: ByteReader, field: string): StateSnapshot {
  return {
    noteRoot: r.uint(32, `${field}.noteRoot`),
    noteNextIndex: r.number(8, `${field}.noteNextIndex`),
    nullifierRoot: r.uint(32, `${field}.nullifierRoot`),
    nullifierNextIndex: r.number(8, `${field}.nullifierNextIndex`),
  };
}

export function decodeSnapshot(bytes: Uint8Array): StateSnapshot {
  const r = new ByteReader(bytes, fail, { what: 'snapshot' });
  const s = readSnapshot(r, 'snapshot');
  r.end();
  return s;
}

/** Parses and validates a header; throws HeaderError for anything malformed or out of range. */
export function decodeHeader(bytes: Uint8Array): BlockHeader {
  if (!(bytes instanceof Uint8Array)) throw fail('header bytes must be a Uint8Array');
  const r = new ByteReader(bytes, fail, { what: 'header' });
  const magic = r.take(4, 'magic');
  if (bytesToHex(magic) !== bytesToHex(MAGIC)) throw fail('header: bad magic (not a block commitment header)');
  const version = r.number(1, 'version');
  if (version !== VERSION) throw fail(`header: unsupported version ${version}`);
  const chainId = r.number(4, 'chainId');
  const blockNumber = r.number(8, 'blockNumber');
  const slot = r.number(8, 'slot');
  const prevBlockHash = r.take(32, 'prevBlockHash');
  const treeHeight = r.number(1, 'treeHeight');
  const committeeSize = r.number(4, 'committeeSize');
  const mode = r.number(1, 'assignment mode');
  let assignment: AssignmentParams;
  if (mode === 1) {
    const bit = r.number(1, 'bitMode');
    if (bit > 1) throw fail(`header: bitMode byte must be 0 or 1, got ${bit}`);
    assignment = {
      mode: 'binary-path',
      bitMode: bit === 0 ? 'low' : 'high',
      openAfterSeconds: r.number(4, 'openAfterSeconds'),
    };
  } else if (mode === 2) {
    assignment = {
      mode: 'sorted-rounds',
      subtreeHeight: r.number(1, 'subtreeHeight'),
      redundancy: r.number(1, 'redundancy'),
    };
  } else {
    throw fail(`header: unknown assignment mode byte ${mode}`);
  }
  const startState = readSnapshot(r, 'startState');
  const signOffThreshold = r.number(4, 'signOffThreshold');
  r.end();
  const header: BlockHeader = {
    chainId,
    blockNumber,
    slot,
    prevBlockHash,
    treeHeight,
    committeeSize,
    assignment,
    startState,
    signOffThreshold,
  };
  validateHeader(header);
  return header;
}

export function headerHash(h: BlockHeader): Uint8Array {
  return sha256(encodeHeader(h));
}

/** The block commitment: sha256(header bytes ‖ transcript root). */
export function blockCommitment(h: BlockHeader, transcriptRoot: Uint8Array): Uint8Array {
  if (!(transcriptRoot instanceof Uint8Array) || transcriptRoot.length !== HASH_BYTES) {
    throw fail(`transcript root must be ${HASH_BYTES} bytes`);
  }
  return sha256(encodeHeader(h), transcriptRoot);
}
