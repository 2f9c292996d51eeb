// Framing of the append-only command log (pure: no I/O, so it is tested byte by byte).
//
// A record is   magic (4) ‖ length (4, big-endian) ‖ checksum (32) ‖ payload (length bytes)
// with checksum = sha256(magic ‖ length ‖ payload). Covering the length in the checksum means a
// flipped length bit is caught, not trusted; the magic lets a scan tell a torn tail (nothing
// valid after the damage) from a damaged middle (valid records follow the damage).
import { sha256 } from '@noble/hashes/sha2.js';

export const RECORD_MAGIC = 0x464c3152; // "FL1R"
export const RECORD_HEADER_BYTES = 40;
/** Largest payload we ever write; a bigger length field is damage, not data. */
export const MAX_RECORD_PAYLOAD = 64 * 1024 * 1024;

export function encodeRecord(payload: Uint8Array): Uint8Array {
  if (payload.length > MAX_RECORD_PAYLOAD) {
    throw new RangeError(`record payload of ${payload.length} bytes exceeds ${MAX_RECORD_PAYLOAD}`);
  }
  const out = new Uint8Array(RECORD_HEADER_BYTES + payload.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, RECORD_MAGIC);
  view.setUint32(4, payload.length);
  out.set(payload, RECORD_HEADER_BYTES);
  out.set(recordChecksum(out.subarray(0, 8), payload), 8);
  return out;
}

function recordChecksum(prefix: Uint8Array, payload: Uint8Array): Uint8Array {
  return sha256.create().update(prefix).update(payload).digest();
}

export type DamageReason =
  | 'truncated-header' // fewer than 40 bytes left
  | 'bad-magic'
  | 'bad-length' // length field larger than any record we write
  | 'truncated-payload' // the record runs past the end of the file
  | 'checksum-mismatch';

export interface LogDamage {
  /** Byte offset of the first damaged record: everything before it is intact. */
  offset: number;
  reason: DamageReason;
  /** Bytes from `offset` to the end of the file. */
  tailBytes: number;
  /** Intact records found after the damage: 0 means a torn tail, more means a damaged middle. */
  intactRecordsAfter: number;
  kind: 'torn-tail' | 'corrupt-middle';
}

export interface ScanResult {
  /** Payloads of the intact prefix, in order, with their byte offsets. */
  records: Array<{ offset: number; payload: Uint8Array }>;
  /** Length of the intact prefix in bytes. */
  goodBytes: number;
  damage?: LogDamage;
}

interface RecordProbe {
  ok: boolean;
  reason?: DamageReason;
  end?: number;
}

function probeRecord(bytes: Uint8Array, offset: number): RecordProbe {
  if (bytes.length - offset < RECORD_HEADER_BYTES) return { ok: false, reason: 'truncated-header' };
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, RECORD_HEADER_BYTES);
  if (view.getUint32(0) !== RECORD_MAGIC) return { ok: false, reason: 'bad-magic' };
  const length = view.getUint32(4);
  if (length > MAX_RECORD_PAYLOAD) return { ok: false, reason: 'bad-length' };
  const end = offset + RECORD_HEADER_BYTES + length;
  if (end > bytes.length) return { ok: false, reason: 'truncated-payload' };
  const expected = recordChecksum(
    bytes.subarray(offset, offset + 8),
    bytes.subarray(offset + RECORD_HEADER_BYTES, end),
  );
  const stored = bytes.subarray(offset + 8, offset + RECORD_HEADER_BYTES);
  for (let i = 0; i < 32; i++) if (expected[i] !== stored[i]) return { ok: false, reason: 'checksum-mismatch' };
  return { ok: true, end };
}

/** Counts intact records after `from` by searching for the magic at every byte (rare path). */
function countIntactAfter(bytes: Uint8Array, from: number): number {
  let count = 0;
  let offset = from;
  while (offset + RECORD_HEADER_BYTES <= bytes.length) {
    const probe = probeRecord(bytes, offset);
    if (probe.ok) {
      count++;
      offset = probe.end!;
    } else {
      offset++;
    }
  }
  return count;
}

/** Splits a log image into its intact prefix and, if any, the damage that ends it. */
export function scanRecords(bytes: Uint8Array): ScanResult {
  const records: ScanResult['records'] = [];
  let offset = 0;
  while (offset < bytes.length) {
    const probe = probeRecord(bytes, offset);
    if (!probe.ok) {
      const intactRecordsAfter = countIntactAfter(bytes, offset + 1);
      return {
        records,
        goodBytes: offset,
        damage: {
          offset,
          reason: probe.reason!,
          tailBytes: bytes.length - offset,
          intactRecordsAfter,
          kind: intactRecordsAfter > 0 ? 'corrupt-middle' : 'torn-tail',
        },
      };
    }
    records.push({ offset, payload: bytes.subarray(offset + RECORD_HEADER_BYTES, probe.end!) });
    offset = probe.end!;
  }
  return { records, goodBytes: offset };
}
