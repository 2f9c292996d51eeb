// The append-only, fsync'd record log under Node. Opening replays the intact prefix. A torn tail
// (a crash or power loss mid-append: nothing intact after the damage) is copied aside to a
// sibling file (never deleted) and the log continues from the intact prefix. Damage in the middle
// (intact, acknowledged records after it) stops the open with LogCorruptionError naming the
// offset, the records at risk and the explicit repair command: nothing is dropped silently.
// One process at a time: `<log>.lock` holds the owner's pid. An append resolves only after
// fdatasync covers it; concurrent appends share one write and one fsync (group commit).
import { mkdir, open, readFile, rename, unlink, type FileHandle } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import { LogCorruptionError, LogFailedError, LogLockedError, LogRepairError } from './errors.js';
import { encodeRecord, scanRecords, type LogDamage } from './record-codec.js';

/** The file name the devnet uses for its log inside the data directory. */
export const LOG_FILE_NAME = 'commands.log';

export interface LogOpenReport {
  path: string;
  records: number;
  goodBytes: number;
  /** Present when the file ended in a torn tail; the torn bytes were moved to `setAsideTo`. */
  damage?: LogDamage & { setAsideTo: string };
  /** Present when a lock left by a process that no longer runs was taken over. */
  staleLockPid?: number;
}

export interface OpenedLog {
  log: DurableLog;
  payloads: Uint8Array[];
  report: LogOpenReport;
}

export interface OpenLogOptions {
  /** Throw LogCorruptionError for a torn tail too, instead of setting it aside. */
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

// --- the data directory's lock -------------------------------------------------------------------

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readLockPid(path: string): Promise<number | undefined> {
  try {
    const pid = Number.parseInt((await readFile(path, 'utf8')).trim(), 10);
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

export interface LogLock {
  readonly path: string;
  /** pid of a dead owner whose lock was taken over. */
  readonly stalePid?: number;
  release(): Promise<void>;
}

/**
 * Takes `<log>.lock` (created exclusively, holding our pid). A lock whose pid no longer runs is
 * stale and taken over; a live owner (including this process) makes it throw LogLockedError.
 */
export async function acquireLogLock(logPath: string): Promise<LogLock> {
  const path = `${logPath}.lock`;
  await mkdir(dirname(path), { recursive: true });
  let stalePid: number | undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await open(path, 'wx');
      try {
        await handle.writeFile(`${process.pid}\n`);
        await handle.sync();
      } finally {
        await handle.close();
      }
      let released = false;
      return {
        path,
        stalePid,
        async release() {
          if (released) return;
          released = true;
          // Only remove the lock if it is still ours.
          if ((await readLockPid(path)) === process.pid) await unlink(path).catch(() => {});
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const owner = await readLockPid(path);
    if (owner !== undefined && processAlive(owner)) {
      throw new LogLockedError(
        `${dirname(logPath)} is in use by another L1 process (pid ${owner}${owner === process.pid ? ', this process' : ''}; ` +
          `lock ${path}); stop it first, or use another data directory`,
        owner,
      );
    }
    // Stale (owner gone, or an empty lock from a crash between create and write): move it aside
    // atomically, then check we moved the stale one and not a lock a concurrent starter just took.
    const aside = `${path}.stale-${process.pid}`;
    try {
      await rename(path, aside);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw e;
    }
    const moved = await readLockPid(aside);
    if (moved !== owner) {
      await rename(aside, path).catch(() => {});
      continue;
    }
    await unlink(aside).catch(() => {});
    stalePid = owner;
  }
  throw new LogLockedError(`could not take the lock ${path}: another process keeps taking it`, 0);
}

// --- damage -------------------------------------------------------------------------------------

/** The explicit command that sets the damage at `offset` aside (see repairLog). */
export function repairCommand(logPath: string, offset: number): string {
  const target = basename(logPath) === LOG_FILE_NAME ? `--data-dir ${dirname(logPath)}` : `--log ${logPath}`;
  return `npm run l1:repair -- ${target} --truncate-at ${offset}`;
}

function corruptionError(path: string, d: LogDamage): LogCorruptionError {
  const command = repairCommand(path, d.offset);
  return new LogCorruptionError(
    `command log ${path} is damaged at byte ${d.offset} (${d.reason}, ${d.kind}): ` +
      `${d.intactRecordsAfter} acknowledged records after it are at risk (${d.tailBytes} bytes); ` +
      `the L1 will not start on it. Keep a copy of the directory; to continue from the intact prefix ` +
      `and set the rest aside (not delete it), run: ${command}`,
    d.offset,
    d.intactRecordsAfter,
    command,
  );
}

/** Copies the bytes from `damage.offset` on to `<log>.damaged-<offset>-<time>` durably, then cuts them off the log. */
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
  const lock = await acquireLogLock(path);
  try {
    const bytes = await readIfExists(path);
    const scan = scanRecords(bytes);
    let damage: LogOpenReport['damage'];
    if (scan.damage) {
      const d = scan.damage;
      if (d.kind === 'corrupt-middle' || options.strict) throw corruptionError(path, d);
      damage = { ...d, setAsideTo: await setAsideTail(path, bytes, d) };
    }
    const handle = await open(path, 'a');
    await fsyncDirectory(dirname(path));
    const log = new DurableLog(path, handle, scan.goodBytes, lock);
    return {
      log,
      payloads: scan.records.map((r) => r.payload.slice()),
      report: {
        path,
        records: scan.records.length,
        goodBytes: scan.goodBytes,
        damage,
        ...(lock.stalePid === undefined ? {} : { staleLockPid: lock.stalePid }),
      },
    };
  } catch (e) {
    await lock.release();
    throw e;
  }
}

export interface RepairOutcome {
  path: string;
  /** Intact records kept (the prefix before the damage). */
  keptRecords: number;
  /** Intact records that were after the damage and are now only in the set-aside file. */
  recordsSetAside: number;
  setAsideTo: string;
}

/**
 * The explicit repair of a damaged log: refuses unless `truncateAt` is exactly where the damage
 * starts, then moves everything from there on to a set-aside file (never deleted) and cuts the log.
 * Takes the lock, so it refuses while a node runs on the log.
 */
export async function repairLog(options: { path: string; truncateAt: number }): Promise<RepairOutcome> {
  const { path, truncateAt } = options;
  const lock = await acquireLogLock(path);
  try {
    const bytes = await readIfExists(path);
    const scan = scanRecords(bytes);
    if (!scan.damage)
      throw new LogRepairError(`command log ${path} is intact (${scan.records.length} records); nothing to repair`);
    if (scan.damage.offset !== truncateAt)
      throw new LogRepairError(
        `command log ${path} is damaged at byte ${scan.damage.offset}, not ${truncateAt}; nothing changed`,
      );
    const setAsideTo = await setAsideTail(path, bytes, scan.damage);
    return { path, keptRecords: scan.records.length, recordsSetAside: scan.damage.intactRecordsAfter, setAsideTo };
  } finally {
    await lock.release();
  }
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
    private readonly lock?: LogLock,
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
    await this.lock?.release();
  }
}
