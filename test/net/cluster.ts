// Process orchestration for the network tests: a relay and peers, each in its own process, driven
// over IPC. Every process started here is killed by killAll() (call it in afterAll).
import { type ChildProcess, fork, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { PeerConfig } from './peer-process.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const children = new Set<ChildProcess>();

export interface RelayProcess {
  proc: ChildProcess;
  address: string;
  port: number;
}

export async function startRelayProcess(args: { port?: number; seedHex: string }): Promise<RelayProcess> {
  const proc = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/net/node/relay-main.ts', '--port', String(args.port ?? 0), '--seed', args.seedHex],
    { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  children.add(proc);
  proc.on('exit', () => children.delete(proc));
  let buf = '';
  const address = await new Promise<string>((resolve, reject) => {
    proc.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      const line = buf.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve((JSON.parse(line) as { relay: string }).relay);
    });
    proc.on('exit', (code) => reject(new Error(`relay exited with ${code}`)));
  });
  const port = Number(/\/tcp\/(\d+)\//.exec(address)![1]);
  return { proc, address, port };
}

type Reply = { id: number; ok: boolean; result?: unknown; error?: { name: string; message: string } };
export type PeerEvent = { event: string; [k: string]: unknown };

export class PeerProcess {
  readonly events: PeerEvent[] = [];
  private nextId = 1;
  private readonly pending = new Map<number, (r: Reply) => void>();
  private listeners: ((e: PeerEvent) => void)[] = [];

  private constructor(
    readonly proc: ChildProcess,
    readonly peerId: string,
  ) {}

  static async start(config: PeerConfig): Promise<PeerProcess> {
    const proc = fork(fileURLToPath(new URL('./peer-process.ts', import.meta.url)), [], {
      cwd: root,
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, NET_PEER_CONFIG: JSON.stringify(config) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    children.add(proc);
    proc.on('exit', () => children.delete(proc));
    const early: PeerEvent[] = [];
    const ready = new Promise<string>((resolve, reject) => {
      proc.on('message', (m: PeerEvent) => {
        early.push(m);
        if (m.event === 'ready') resolve(m.peerId as string);
      });
      proc.on('exit', (code) => reject(new Error(`peer ${config.index} exited with ${code}`)));
    });
    const peerId = await ready;
    const p = new PeerProcess(proc, peerId);
    p.events.push(...early);
    proc.removeAllListeners('message');
    proc.on('message', (m: Reply | PeerEvent) => {
      if ('id' in m && typeof m.id === 'number') p.pending.get(m.id)?.(m as Reply);
      else {
        p.events.push(m as PeerEvent);
        for (const l of p.listeners) l(m as PeerEvent);
      }
    });
    proc.on('exit', () => {
      for (const r of p.pending.values()) r({ id: 0, ok: false, error: { name: 'Exit', message: 'peer exited' } });
    });
    return p;
  }

  onEvent(l: (e: PeerEvent) => void): void {
    this.listeners.push(l);
  }

  /** Resolves with the command's result, or rejects with an Error carrying the peer's error name. */
  async call<T>(cmd: Record<string, unknown> & { op: string }): Promise<T> {
    const id = this.nextId++;
    const reply = await new Promise<Reply>((resolve) => {
      this.pending.set(id, resolve);
      this.proc.send({ id, ...cmd });
    });
    this.pending.delete(id);
    if (!reply.ok) {
      const e = new Error(reply.error!.message);
      e.name = reply.error!.name;
      throw e;
    }
    return reply.result as T;
  }

  kill(signal: NodeJS.Signals = 'SIGKILL'): void {
    this.proc.kill(signal);
  }
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  timeoutMs = 30_000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

export async function killAll(): Promise<void> {
  const all = [...children];
  for (const c of all) c.kill('SIGKILL');
  await Promise.all(all.map((c) => (c.exitCode === null && c.signalCode === null ? once(c, 'exit') : undefined)));
}
