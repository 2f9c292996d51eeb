// `npm start` as an operator runs it (issue 11): the real script chain (npm → start.sh → the
// devnet process and its relay, sequencer and prover processes), stopped with SIGTERM to npm,
// Ctrl-C (SIGINT to the process group) and SIGTERM to the devnet itself: exit 0, ports freed, no
// process left. Busy ports are refused with one line
// before anything is set up, built or opened. The build is skipped (DEVNET_SKIP_BUILD=1) and the
// app is served from a small built page (APP_DIST_DIR) so the runs stay quick.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, test } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
let dist: string;

beforeAll(async () => {
  dist = await mkdtemp(join(tmpdir(), 'devnet-dist-'));
  await writeFile(join(dist, 'index.html'), '<!doctype html><title>devnet test</title><p>app</p>');
});
afterAll(async () => {
  await rm(dist, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

/** Processes of this user whose environment carries `tag` (the devnet's whole tree). */
function processesTagged(tag: string): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/environ`, 'latin1').includes(`DEVNET_TEST_TAG=${tag}`)) out.push(Number(entry));
    } catch {
      // gone, or not ours
    }
  }
  return out;
}

function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'latin1').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

interface Started {
  pid: number;
  tag: string;
  l1Port: number;
  appPort: number;
  dataDir: string;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

async function npmStart(env: Record<string, string> = {}): Promise<Started> {
  const tag = randomUUID();
  const l1Port = await freePort();
  const appPort = await freePort();
  const dataDir = await mkdtemp(join(tmpdir(), 'devnet-data-'));
  // Its own process group, so a group SIGINT is what Ctrl-C in a terminal sends.
  const child = spawn('npm', ['start', '--', '--provers', '1', '--height', '1'], {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      L1_PORT: String(l1Port),
      APP_PORT: String(appPort),
      L1_DATA_DIR: dataDir,
      L1_VERIFIER: 'simulated',
      APP_DIST_DIR: dist,
      DEVNET_SKIP_BUILD: '1',
      DEVNET_TEST_TAG: tag,
      ...env,
    },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { pid: child.pid!, tag, l1Port, appPort, dataDir, stdout: () => stdout, stderr: () => stderr, exited };
}

async function untilRunning(s: Started): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (!s.stdout().includes('Ctrl-C to stop')) {
    if (Date.now() > deadline) throw new Error(`devnet did not start: ${s.stdout()} ${s.stderr()}`);
    const done = await Promise.race([s.exited, new Promise((r) => setTimeout(() => r(null), 100))]);
    if (done) throw new Error(`devnet exited early: ${s.stdout()} ${s.stderr()}`);
  }
}

test.each([
  ['SIGTERM to npm', 'npm'],
  ['SIGINT to the process group (Ctrl-C)', 'group'],
  ['SIGTERM to the devnet process', 'devnet'],
] as const)(
  'npm start stops cleanly on %s: exit 0, ports freed, no process left',
  async (_label, target) => {
    const s = await npmStart();
    await untilRunning(s);
    const health = (await (await fetch(`http://127.0.0.1:${s.l1Port}/health`)).json()) as { ok: boolean };
    expect(health.ok).toBe(true);
    expect((await fetch(`http://127.0.0.1:${s.appPort}/`)).status).toBe(200);
    const tree = processesTagged(s.tag);
    const devnet = tree.find((pid) => cmdline(pid).includes('src/node/devnet.ts'));
    expect(devnet).toBeDefined();
    expect(existsSync(join(s.dataDir, 'commands.log.lock'))).toBe(true);

    if (target === 'npm') process.kill(s.pid, 'SIGTERM');
    else if (target === 'group') process.kill(-s.pid, 'SIGINT');
    else process.kill(devnet!, 'SIGTERM');

    expect(await s.exited).toEqual({ code: 0, signal: null });
    expect(s.stdout()).toContain(`devnet: ${target === 'group' ? 'SIGINT' : 'SIGTERM'}, shutting down`);
    // Every process of the tree is gone, the ports are free and the data directory's lock released.
    const deadline = Date.now() + 10_000;
    while (processesTagged(s.tag).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(processesTagged(s.tag)).toEqual([]);
    expect(await refused(s.l1Port)).toBe(true);
    expect(await refused(s.appPort)).toBe(true);
    expect(existsSync(join(s.dataDir, 'commands.log.lock'))).toBe(false);
    await rm(s.dataDir, { recursive: true, force: true });
  },
  180_000,
);

test.each(['L1_PORT', 'APP_PORT'])(
  'npm start refuses a busy %s with one line, before setup or build',
  async (name) => {
    const holder: Server = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const busy = (holder.address() as { port: number }).port;
    // The build is NOT skipped: the refusal must come before it.
    const s = await npmStart({ [name]: String(busy), DEVNET_SKIP_BUILD: '0' });
    const { code } = await s.exited;
    holder.close();
    expect(code).toBe(1);
    const ours = s
      .stderr()
      .split('\n')
      .filter((l) => l.startsWith('devnet:'));
    expect(ours).toEqual([
      `devnet: port ${busy} (${name}) on 127.0.0.1 is already in use (another npm start?); stop it or set ${name}`,
    ]);
    expect(s.stderr()).not.toMatch(/\n\s+at /);
    expect(s.stdout()).not.toContain('setup:');
    expect(existsSync(join(s.dataDir, 'commands.log'))).toBe(false);
    await rm(s.dataDir, { recursive: true, force: true });
  },
  60_000,
);

test('the devnet process itself refuses a busy port in one line, before opening its data directory', async () => {
  const holder: Server = createServer();
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
  const busy = (holder.address() as { port: number }).port;
  const dataDir = await mkdtemp(join(tmpdir(), 'devnet-data-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/node/devnet.ts'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, L1_PORT: String(await freePort()), APP_PORT: String(busy), L1_DATA_DIR: dataDir },
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  holder.close();
  expect(code).toBe(1);
  expect(stderr).toBe(
    `devnet: port ${busy} (APP_PORT) on 127.0.0.1 is already in use (another npm start?); stop it or set APP_PORT\n`,
  );
  expect(readdirSync(dataDir)).toEqual([]);
  await rm(dataDir, { recursive: true, force: true });
}, 60_000);
