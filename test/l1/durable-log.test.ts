import { appendFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { concatBytes } from '@noble/hashes/utils.js';
import { describe, expect, test } from 'vitest';
import { openDurableLog, repairLog } from '../../src/l1/durable-log.js';
import { LogCorruptionError, LogRepairError } from '../../src/l1/errors.js';
import { encodeRecord, RECORD_HEADER_BYTES, scanRecords } from '../../src/l1/record-codec.js';
import { runUntilKilled } from './helpers.js';

const enc = new TextEncoder();
const dec = new TextDecoder();
const tempDir = () => mkdtemp(join(tmpdir(), 'l1-log-'));

describe('record codec', () => {
  test('round-trips records and reports an intact log', () => {
    const bytes = concatBytes(
      encodeRecord(enc.encode('a')),
      encodeRecord(enc.encode('')),
      encodeRecord(enc.encode('ccc')),
    );
    const scan = scanRecords(bytes);
    expect(scan.damage).toBeUndefined();
    expect(scan.records.map((r) => dec.decode(r.payload))).toEqual(['a', '', 'ccc']);
    expect(scan.goodBytes).toBe(bytes.length);
  });

  test('a flipped length bit is caught by the checksum, not trusted', () => {
    const rec = encodeRecord(enc.encode('hello world'));
    const bad = concatBytes(rec, rec);
    bad[rec.length + 7] ^= 0x01; // length of the second record: 11 -> 10
    const scan = scanRecords(bad);
    expect(scan.records).toHaveLength(1);
    expect(scan.damage).toMatchObject({ offset: rec.length, reason: 'checksum-mismatch', kind: 'torn-tail' });
  });

  test('each damage reason is named', () => {
    const rec = encodeRecord(enc.encode('payload'));
    expect(scanRecords(rec.subarray(0, 20)).damage?.reason).toBe('truncated-header');
    expect(scanRecords(rec.subarray(0, RECORD_HEADER_BYTES + 3)).damage?.reason).toBe('truncated-payload');
    const magic = rec.slice();
    magic[0] ^= 0xff;
    expect(scanRecords(magic).damage?.reason).toBe('bad-magic');
    const length = rec.slice();
    length[4] = 0xff;
    expect(scanRecords(length).damage?.reason).toBe('bad-length');
  });
});

describe('durable log on disk', () => {
  test('appends survive reopening, in order', async () => {
    const path = join(await tempDir(), 'l1.log');
    const first = await openDurableLog(path);
    expect(first.report).toMatchObject({ records: 0, goodBytes: 0 });
    await Promise.all(['one', 'two', 'three'].map((s) => first.log.append(enc.encode(s))));
    await first.log.append(enc.encode('four'));
    await first.log.close();
    const again = await openDurableLog(path);
    expect(again.payloads.map((p) => dec.decode(p))).toEqual(['one', 'two', 'three', 'four']);
    expect(again.report.damage).toBeUndefined();
    await again.log.close();
  });

  test('a truncated tail is reported with its offset, set aside, and the log continues', async () => {
    const dir = await tempDir();
    const path = join(dir, 'l1.log');
    const good = [encodeRecord(enc.encode('kept-1')), encodeRecord(enc.encode('kept-2'))];
    const torn = encodeRecord(enc.encode('torn-record-payload')).subarray(0, 50);
    await writeFile(path, concatBytes(...good, torn));
    const opened = await openDurableLog(path);
    const goodBytes = good[0]!.length + good[1]!.length;
    expect(opened.payloads.map((p) => dec.decode(p))).toEqual(['kept-1', 'kept-2']);
    expect(opened.report.damage).toMatchObject({
      offset: goodBytes,
      reason: 'truncated-payload',
      kind: 'torn-tail',
      tailBytes: 50,
    });
    // The torn bytes are kept, byte for byte, in the side file.
    const aside = new Uint8Array(await readFile(opened.report.damage!.setAsideTo));
    expect(aside).toEqual(torn);
    // New appends follow the intact prefix, and a reopen is clean.
    await opened.log.append(enc.encode('after'));
    await opened.log.close();
    const again = await openDurableLog(path);
    expect(again.payloads.map((p) => dec.decode(p))).toEqual(['kept-1', 'kept-2', 'after']);
    expect(again.report.damage).toBeUndefined();
    await again.log.close();
  });

  test('a corrupted middle record refuses the open (offset, records at risk, repair command); the repair sets aside', async () => {
    const dir = await tempDir();
    const path = join(dir, 'l1.log');
    const records = ['r0', 'r1', 'r2', 'r3'].map((s) => encodeRecord(enc.encode(s)));
    const image = concatBytes(...records);
    const r1Offset = records[0]!.length;
    image[r1Offset + RECORD_HEADER_BYTES] ^= 0x20; // one bit of r1's payload
    await writeFile(path, image);
    const attempt = openDurableLog(path);
    await expect(attempt).rejects.toBeInstanceOf(LogCorruptionError);
    await expect(attempt).rejects.toMatchObject({
      offset: r1Offset,
      recordsAtRisk: 2,
      repairCommand: `npm run l1:repair -- --log ${path} --truncate-at ${r1Offset}`,
    });
    expect(new Uint8Array(await readFile(path))).toEqual(image);
    await expect(repairLog({ path, truncateAt: r1Offset + 1 })).rejects.toThrow(
      new LogRepairError(`command log ${path} is damaged at byte ${r1Offset}, not ${r1Offset + 1}; nothing changed`),
    );
    const repaired = await repairLog({ path, truncateAt: r1Offset });
    expect(repaired).toMatchObject({ keptRecords: 1, recordsSetAside: 2 });
    const aside = new Uint8Array(await readFile(repaired.setAsideTo));
    expect(aside).toEqual(image.subarray(r1Offset));
    expect(scanRecords(aside.subarray(records[1]!.length)).records.map((r) => dec.decode(r.payload))).toEqual([
      'r2',
      'r3',
    ]);
    await expect(repairLog({ path, truncateAt: r1Offset })).rejects.toThrow(
      new LogRepairError(`command log ${path} is intact (1 records); nothing to repair`),
    );
    const opened = await openDurableLog(path);
    expect(opened.payloads.map((p) => dec.decode(p))).toEqual(['r0']);
    await opened.log.close();
  });

  test('strict mode refuses a damaged log with LogCorruptionError and changes nothing', async () => {
    const dir = await tempDir();
    const path = join(dir, 'l1.log');
    await writeFile(path, encodeRecord(enc.encode('ok')));
    await appendFile(path, new Uint8Array([1, 2, 3]));
    const before = await readFile(path);
    const attempt = openDurableLog(path, { strict: true });
    await expect(attempt).rejects.toBeInstanceOf(LogCorruptionError);
    await expect(attempt).rejects.toMatchObject({ offset: 42 });
    expect(await readFile(path)).toEqual(before);
    expect((await readdir(dir)).filter((f) => f.includes('damaged'))).toEqual([]);
  });
});

describe('crash safety with a real process kill', () => {
  /** Runs the writer until it has acknowledged `killAfterAcks` records, plus `extraMs`, then SIGKILLs it. */
  async function runAndKill(path: string, start: number, killAfterAcks: number, extraMs: number): Promise<number[]> {
    const acks: number[] = [];
    await runUntilKilled('log-writer.ts', [path, String(start), '100000'], extraMs, (line) => {
      if (line.startsWith('ack ')) acks.push(Number(line.slice(4)));
      return acks.length >= killAfterAcks;
    });
    return acks;
  }

  test('every acknowledged record survives SIGKILL at several points', async () => {
    const dir = await tempDir();
    const path = join(dir, 'l1.log');
    let expectedStart = 0;
    const tornTails: number[] = [];
    const plan: Array<[number, number]> = [
      [5, 0],
      [20, 3],
      [40, 1],
      [10, 7],
      [60, 0],
      [30, 2],
    ];
    for (const [acksBeforeKill, extraMs] of plan) {
      const acks = await runAndKill(path, expectedStart, acksBeforeKill, extraMs);
      const reopened = await openDurableLog(path);
      const seqs = reopened.payloads.map((p) => (JSON.parse(dec.decode(p)) as { seq: number }).seq);
      // The replayed log is exactly 0..n-1: no gaps, no reordering, no duplicates...
      expect(seqs).toEqual(seqs.map((_, i) => i));
      // ...and it holds every record the writer acknowledged.
      expect(acks.length).toBeGreaterThanOrEqual(acksBeforeKill);
      for (const seq of acks) expect(seq).toBeLessThan(seqs.length);
      if (reopened.report.damage) {
        expect(reopened.report.damage.kind).toBe('torn-tail');
        tornTails.push(reopened.report.damage.offset);
      }
      expectedStart = seqs.length;
      await reopened.log.close();
    }
    // Anything set aside holds only the torn bytes; the files are left for inspection.
    const asides = (await readdir(dir)).filter((f) => f.includes('damaged'));
    expect(asides.length).toBe(tornTails.length);
    console.info(
      `crash test: ${plan.length} kills, ${tornTails.length} torn tails recovered, ${expectedStart} records kept`,
    );
    await rm(dir, { recursive: true });
  }, 120_000);
});
