// The append-only, fsync'd record log under Node. Opening replays the intact prefix; damage
// at the end (a torn write) or in the middle is reported with its offset, the damaged bytes are
// copied aside to a sibling file (never deleted) and the log continues from the intact prefix.
// An append resolves only after fdatasync covers it; concurrent appends share one write and
// one fsync (group commit).
import { mkdir, open, readFile, rename, type FileHandle } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import { LogCorruptionError, LogFailedError } from './errors.js';
import { encodeRecord, scanRecords, type LogDamage } from './record-codec.js';

export interface LogOpenReport {
  path: string;
  records: number;
  goodBytes: number;
  /** Present when the file ended in damage; the damaged bytes were moved to `setAsideTo`. */
  damage?: LogDamage & { setAsideTo: string };
}

export interface OpenedLog {
  log: DurableLog;
  payloads: Uint8Array[];
  report: LogOpenReport;
}

export interface OpenLogOptions {
  /** Throw LogCorruptionError instead of setting damage aside (for tools that must not repair). */
  strict?: boolean;
}

async function fsyncDirectory(dir: string): Promise<void> {
  // Makes a newly created or renamed file's directory entry durable.
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function readIfExists(path: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Uint8Array(0);
    throw error;
  }
}

/** Copies the damaged tail to `<log>.damaged-<offset>-<time>` durably, then cuts it off the log. */
async function setAsideTail(path: string, bytes: Uint8Array, damage: LogDamage): Promise<string> {
  const asidePath = join(dirname(path), `${basename(path)}.damaged-${damage.offset}-${Date.now()}`);
  const temp = `${asidePath}.tmp`;
  const aside = await open(temp, 'w');
  try {
    await aside.writeFile(bytes.subarray(damage.offset));
    await aside.sync();
  } finally {
    await aside.close();
  }
  await rename(temp, asidePath);
  await fsyncDirectory(dirname(path));
  // Only now that the tail is safe elsewhere is it cut from the log.
  const log = await open(path, 'r+');
  try {
    await log.truncate(damage.offset);
    await log.sync();
  } finally {
    await log.close();
  }
  return asidePath;
}

export async function openDurableLog(path: string, options: OpenLogOptions = {}): Promise<OpenedLog> {
  await mkdir(dirname(path), { recursive: true });
  const bytes = await readIfExists(path);
  const scan = scanRecords(bytes);
  let damage: LogOpenReport['damage'];
  if (scan.damage) {
    const d = scan.damage;
    if (options.strict) {
      throw new LogCorruptionError(
        `command log ${path} is damaged at byte ${d.offset} (${d.reason}, ${d.kind}, ` +
          `${d.tailBytes} bytes, ${d.intactRecordsAfter} intact records after it)`,
        d.offset,
      );
    }
    damage = { ...d, setAsideTo: await setAsideTail(path, bytes, d) };
  }
  const handle = await open(path, 'a');
  await fsyncDirectory(dirname(path));
  const log = new DurableLog(path, handle, scan.goodBytes);
  return {
    log,
    payloads: scan.records.map((r) => r.payload.slice()),
    report: { path, records: scan.records.length, goodBytes: scan.goodBytes, damage },
  };
}

interface PendingAppend {
  bytes: Uint8Array;
  resolve: (offset: number) => void;
  reject: (error: Error) => void;
}

export class DurableLog {
  private queue: PendingAppend[] = [];
  private flushing: Promise<void> | undefined;
  private failure: Error | undefined;
  private closed = false;

  constructor(
    readonly path: string,
    private readonly handle: FileHandle,
    private size: number,
  ) {}

  /** Bytes in the log (acknowledged or being written). */
  get byteLength(): number {
    return this.size;
  }

  /** Appends one record; resolves with its offset once it is on stable storage. */
  append(payload: Uint8Array): Promise<number> {
    if (this.failure)
      return Promise.reject(new LogFailedError(`log ${this.path} failed earlier: ${this.failure.message}`));
    if (this.closed) return Promise.reject(new LogFailedError(`log ${this.path} is closed`));
    const bytes = encodeRecord(payload);
    return new Promise<number>((resolve, reject) => {
      this.queue.push({ bytes, resolve, reject });
      this.flushing ??= this.flush();
    });
  }

  private async flush(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue;
      this.queue = [];
      const total = batch.reduce((n, p) => n + p.bytes.length, 0);
      const joined = new Uint8Array(total);
      const offsets: number[] = [];
      let at = 0;
      for (const p of batch) {
        offsets.push(this.size + at);
        joined.set(p.bytes, at);
        at += p.bytes.length;
      }
      try {
        let written = 0;
        while (written < total) {
          const { bytesWritten } = await this.handle.write(joined, written, total - written);
          written += bytesWritten;
        }
        await this.handle.datasync();
        this.size += total;
        batch.forEach((p, i) => p.resolve(offsets[i]!));
      } catch (error) {
        // After a failed write or fsync the file's tail is unknown: refuse everything from now on.
        this.failure = error as Error;
        const failed = new LogFailedError(`write to ${this.path} failed: ${(error as Error).message}`);
        for (const p of [...batch, ...this.queue]) p.reject(failed);
        this.queue = [];
      }
    }
    this.flushing = undefined;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    while (this.flushing) await this.flushing;
    await this.handle.close();
  }
}
