// Runs the devnet launcher (`src/node/devnet.ts`) as `npm start` would, in its own process with its
// role processes, and hands back its lines and report.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

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
