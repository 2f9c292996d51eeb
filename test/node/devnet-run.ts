// Runs the devnet launcher (`src/node/devnet.ts`) as `npm start` would, in its own process with its
// role processes, and hands back its lines and report.
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { HostileConfig } from './hostile-peer.js';

export type { DevnetReport } from '../../src/node/devnet-options.js';
import type { DevnetReport } from '../../src/node/devnet-options.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface DevnetRun {
  child: ChildProcess;
  lines: string[];
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
  /** Resolves with the first line matching. */
  waitFor(match: (line: string) => boolean): Promise<string>;
}

export async function runDevnet(args: string[]): Promise<DevnetRun> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/node/devnet.ts', ...args], {
    cwd: root,
    env: { ...process.env, L1_PORT: String(await freePort()) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const watchers: Array<{ match: (l: string) => boolean; resolve: (l: string) => void }> = [];
  let buffered = '';
  const onData = (d: Buffer) => {
    buffered += d.toString();
    const parts = buffered.split('\n');
    buffered = parts.pop()!;
    for (const line of parts) {
      lines.push(line);
      // DEVNET_DUMP=FILE keeps every line (events included) for a look after a failed run.
      if (process.env.DEVNET_DUMP) appendFileSync(process.env.DEVNET_DUMP, `${line}\n`);
      if (process.env.ROLES_DEBUG && !line.startsWith('event')) console.log(line.slice(0, 300));
      for (const w of [...watchers])
        if (w.match(line)) {
          watchers.splice(watchers.indexOf(w), 1);
          w.resolve(line);
        }
    }
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    lines,
    exited,
    waitFor: (match) =>
      new Promise((resolve) => {
        const seen = lines.find(match);
        if (seen) resolve(seen);
        else watchers.push({ match, resolve });
      }),
  };
}

export async function readReport(path: string): Promise<DevnetReport> {
  return JSON.parse(await readFile(path, 'utf8')) as DevnetReport;
}

export interface HostilePeer {
  peerId: string;
  /** The latest counters the process printed. */
  stats(): { chunkRequests: number; payloadRequests: number; announced: number };
  stop(): Promise<void>;
}

/** Starts test/node/hostile-peer.ts in its own process; resolves once it has joined. */
export async function startHostilePeer(config: HostileConfig): Promise<HostilePeer> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/node/hostile-peer.ts'], {
    cwd: root,
    env: { ...process.env, HOSTILE_PEER: JSON.stringify(config) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let latest = { chunkRequests: 0, payloadRequests: 0, announced: 0 };
  let buffered = '';
  const ready = new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`hostile peer (${config.mode}) exited with ${code}`)));
    child.stdout!.on('data', (d: Buffer) => {
      buffered += d.toString();
      const parts = buffered.split('\n');
      buffered = parts.pop()!;
      for (const line of parts) {
        try {
          const m = JSON.parse(line) as { ready?: boolean; peerId?: string; stats?: typeof latest };
          if (m.ready) resolve(m.peerId!);
          if (m.stats) latest = m.stats;
        } catch {}
      }
    });
  });
  const peerId = await ready;
  return {
    peerId,
    stats: () => latest,
    stop: async () => {
      if (child.exitCode !== null) return;
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await gone;
    },
  };
}
