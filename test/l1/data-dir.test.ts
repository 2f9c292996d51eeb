// The L1's data directory under real processes: a damaged middle record stops the start (offset,
// records at risk, the repair command) until the explicit repair sets the damage aside; a second
// process on the same directory is refused; a lock left by a killed process is taken over.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { LogLockedError } from '../../src/l1/errors.js';
import { L1Node } from '../../src/l1/node.js';
import { RECORD_HEADER_BYTES, scanRecords } from '../../src/l1/record-codec.js';
import { SimulatedProofVerifier } from '../../src/l1/simulated-proof.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const fixture = fileURLToPath(new URL('./fixtures/l1-process.ts', import.meta.url));

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], env: Record<string, string> = {}): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The devnet's real entry point (it fails on the L1's data directory before it needs dist/). */
async function startDevnet(dataDir: string): Promise<Finished> {
  return run(process.execPath, ['--import', 'tsx', 'src/node/devnet.ts'], {
    L1_DATA_DIR: dataDir,
    L1_PORT: String(await freePort()),
    APP_PORT: String(await freePort()),
    L1_VERIFIER: 'simulated',
  });
}

/** Starts the L1 fixture process and resolves once it serves (or rejects with its stderr). */
function startL1Process(
  dataDir: string,
): Promise<{ child: ChildProcess; url: string; exited: Promise<number | null> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fixture, dataDir], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.on('data', (d: Buffer) => {
      const m = /ready (\S+)/.exec(d.toString());
      if (m) resolve({ child, url: m[1]!, exited });
    });
    void exited.then((code) => reject(new Error(`L1 process exited ${code}: ${stderr}`)));
  });
}

async function writeLog(dir: string, slots: number): Promise<string> {
  const logPath = join(dir, 'commands.log');
  const node = await L1Node.open({ logPath, verifier: new SimulatedProofVerifier() });
  for (let s = 1; s <= slots; s++) await node.advanceTo(s);
  await node.close();
  return logPath;
}

test('a corrupt middle record stops the L1 process until the explicit repair, which sets the rest aside', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'l1-datadir-'));
  const logPath = await writeLog(dir, 5);
  const image = new Uint8Array(await readFile(logPath));
  const offsets = scanRecords(image).records.map((r) => r.offset);
  const damagedAt = offsets[1]!;
  image[damagedAt + RECORD_HEADER_BYTES + 3]! ^= 0x04; // one bit of record 1's payload
  await writeFile(logPath, image);

  const repair = `npm run l1:repair -- --data-dir ${dir} --truncate-at ${damagedAt}`;
  for (let attempt = 0; attempt < 2; attempt++) {
    // Every start refuses the same way, not just the first: nothing is dropped silently.
    const started = await startDevnet(dir);
    expect(started.code).toBe(1);
    expect(started.stderr).toContain(
      `command log ${logPath} is damaged at byte ${damagedAt} (checksum-mismatch, corrupt-middle)`,
    );
    expect(started.stderr).toContain('3 acknowledged records after it are at risk');
    expect(started.stderr).toContain(repair);
    expect(started.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(new Uint8Array(await readFile(logPath))).toEqual(image);
    expect((await readdir(dir)).filter((f) => f.includes('damaged'))).toEqual([]);
  }

  // The repair refuses an offset that is not where the damage starts, and changes nothing.
  const wrong = await run('npm', [
    'run',
    '--silent',
    'l1:repair',
    '--',
    '--data-dir',
    dir,
    '--truncate-at',
    String(offsets[2]),
  ]);
  expect(wrong.code).toBe(1);
  expect(wrong.stderr).toContain(`is damaged at byte ${damagedAt}, not ${offsets[2]}; nothing changed`);
  expect(new Uint8Array(await readFile(logPath))).toEqual(image);

  const fixed = await run('npm', [
    'run',
    '--silent',
    'l1:repair',
    '--',
    '--data-dir',
    dir,
    '--truncate-at',
    String(damagedAt),
  ]);
  expect(fixed.stderr).toBe('');
  expect(fixed.code).toBe(0);
  expect(fixed.stdout).toContain('with 1 records; 3 intact records after the damage were set aside');
  const aside = (await readdir(dir)).filter((f) => f.startsWith(`commands.log.damaged-${damagedAt}-`));
  expect(aside).toHaveLength(1);
  expect(new Uint8Array(await readFile(join(dir, aside[0]!)))).toEqual(image.subarray(damagedAt));

  const l1 = await startL1Process(dir);
  const health = (await (await fetch(`${l1.url}health`)).json()) as { slot: number };
  expect(health.slot).toBe(1);
  l1.child.kill('SIGTERM');
  expect(await l1.exited).toBe(0);
  await rm(dir, { recursive: true });
}, 120_000);

test('a second L1 process on the same data directory is refused; a dead owner’s lock is taken over', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'l1-datadir-'));
  const first = await startL1Process(dir);
  const lockPath = join(dir, 'commands.log.lock');
  expect((await readFile(lockPath, 'utf8')).trim()).toBe(String(first.child.pid));

  const second = await startDevnet(dir);
  expect(second.code).toBe(1);
  expect(second.stderr.trim()).toBe(
    `devnet: the L1 did not start: ${dir} is in use by another L1 process (pid ${first.child.pid}; lock ${lockPath}); stop it first, or use another data directory`,
  );
  const inProcess = L1Node.open({ logPath: join(dir, 'commands.log'), verifier: new SimulatedProofVerifier() });
  await expect(inProcess).rejects.toBeInstanceOf(LogLockedError);
  await expect(inProcess).rejects.toMatchObject({ pid: first.child.pid });

  // Killed without a chance to clean up: the lock names a pid that no longer runs.
  first.child.kill('SIGKILL');
  await first.exited;
  expect(existsSync(lockPath)).toBe(true);
  const third = await startL1Process(dir);
  expect((await readFile(lockPath, 'utf8')).trim()).toBe(String(third.child.pid));
  third.child.kill('SIGTERM');
  expect(await third.exited).toBe(0);
  expect(existsSync(lockPath)).toBe(false); // a clean stop releases it
  await rm(dir, { recursive: true });
}, 120_000);
