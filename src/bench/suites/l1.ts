// L1 suite: signed writes at 32 concurrent clients against a real L1 process (HTTP, durable log,
// fsync), and the p99 latency of reads made meanwhile. The write is a sign-off post (repeatable
// by any account): each one carries two signature checks, the call's own and the committee's
// aggregate. Two servers in one run: the native verifier off the event loop ("blst") and the
// previous path, @noble/curves on the event loop ("noble-inline"), as the reference.
//
// Rows: "l1-write" (impl "<verifier> <rate>/s", size = clients, ms = wall ms per write),
// "l1-read-under-load" (size = clients, ms = p99 of l1_status round trips during the writes).
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { L1Client } from '../../l1/client.js';
import { fromHex, toHex } from '../../l1/hex.js';
import { snapshotFromJson } from '../../l1/state.js';
import {
  aggregateSignOff,
  encodeHeader,
  encodeSignOff,
  generateStakingKey,
  signBlockCommitment,
  type BlockHeader,
  type StakingKeyPair,
} from '../../protocol/index.js';
import type { BenchContext, BenchSuite } from '../types.js';

export const CLIENTS = 32;
const COMMITTEE = 4;
const serverEntry = fileURLToPath(new URL('../l1-bench-server.ts', import.meta.url));
const writersEntry = fileURLToPath(new URL('../l1-bench-writers.ts', import.meta.url));

export function seeded(tag: number, i: number): Uint8Array {
  const seed = new Uint8Array(48);
  seed[0] = tag;
  new DataView(seed.buffer).setUint32(44, i);
  return seed;
}

async function startServer(dir: string, impl: string) {
  const child = spawn(
    process.execPath,
    [
      ...(process.env.L1_BENCH_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.L1_BENCH_PROF}`] : []),
      '--import',
      'tsx',
      serverEntry,
      dir,
      impl,
    ],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const ready = await new Promise<{ url: string; impl: string; threads: number }>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      const m = /ready (\S+) (\S+) (\d+)/.exec(d.toString());
      if (m) resolve({ url: m[1]!, impl: m[2]!, threads: Number(m[3]) });
    });
    child.once('exit', (code) => reject(new Error(`bench L1 server exited with ${code}`)));
  });
  return {
    ...ready,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Stakers, an elected committee, a posted block and its M-of-N sign-off (hex). */
async function openBlockWithSignOff(client: L1Client): Promise<{ blockNumber: number; signOff: string }> {
  const stakers: StakingKeyPair[] = Array.from({ length: COMMITTEE + 2 }, (_, i) =>
    generateStakingKey(seeded(0xb1, i)),
  );
  for (const k of stakers) await client.register(k.secretKey, 1000n);
  await client.devAdvanceSlots(8);
  const status = await client.status();
  const election = await client.getElection(COMMITTEE);
  const byKey = new Map(stakers.map((k) => [toHex(k.publicKey), k]));
  const header: BlockHeader = {
    chainId: status.chainId,
    blockNumber: status.head.number + 1,
    slot: status.slot,
    prevBlockHash: fromHex(status.head.hash),
    treeHeight: 1,
    committeeSize: COMMITTEE,
    assignment: { mode: 'binary-path', bitMode: 'low', openAfterSeconds: 30 },
    startState: snapshotFromJson(status.head.endState),
    signOffThreshold: COMMITTEE - 1,
  };
  const sequencer = byKey.get(election.sequencer)!;
  const posted = await client.postBlock(sequencer.secretKey, encodeHeader(header), new Uint8Array(32).fill(1));
  const commitment = fromHex(posted.commitment as string);
  const signOff = aggregateSignOff(
    election.committee
      .slice(0, COMMITTEE - 1)
      .map((pk, rank) => ({ rank, signature: signBlockCommitment(byKey.get(pk)!.secretKey, commitment) })),
  );
  return { blockNumber: header.blockNumber, signOff: toHex(encodeSignOff(signOff, COMMITTEE)) };
}

export async function post(url: string, body: string): Promise<number> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  await res.arrayBuffer();
  return res.status;
}

export interface L1LoadFigures {
  impl: string;
  writes: number;
  writesPerSecond: number;
  readP99Ms: number;
  reads: number;
  /** Verifier worker threads (0: on the event loop). */
  threads: number;
}

/** The 32 writers run in their own process, so the reader's timings measure the server, not the load generator. */
async function startWriters(url: string, chainId: number, blockNumber: number, signOff: string, perClient: number) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', writersEntry, url, String(chainId), String(blockNumber), signOff, String(perClient)],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  let out = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const line = (prefix: string) =>
    new Promise<string>((resolve, reject) => {
      const onData = (d: Buffer) => {
        out += d.toString();
        const m = new RegExp(`^${prefix} (.*)$`, 'm').exec(out);
        if (m) {
          child.stdout.off('data', onData);
          resolve(m[1]!);
        }
      };
      child.stdout.on('data', onData);
      void exited.then((code) => reject(new Error(`bench writers exited with ${code}: ${out}`)));
    });
  await line('ready');
  return {
    /** Starts the writes; resolves with the writes/s once every one landed. */
    go: async () => {
      const done = line('done');
      child.stdin.write('go\n');
      return Number(await done);
    },
    exited,
  };
}

/** One server, one run: 32 writers (sequential each, in a child process) and one reader, until every write landed. */
export async function measureL1Load(impl: 'blst' | 'noble-inline', perClient: number): Promise<L1LoadFigures> {
  const dir = await mkdtemp(join(tmpdir(), 'l1-bench-'));
  const server = await startServer(dir, impl);
  try {
    const client = new L1Client(server.url);
    const { blockNumber, signOff } = await openBlockWithSignOff(client);
    const writers = await startWriters(server.url, (await client.status()).chainId, blockNumber, signOff, perClient);
    const latencies: number[] = [];
    let writing = true;
    const reader = (async () => {
      const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'l1_status', params: {} });
      while (writing) {
        const t0 = performance.now();
        if ((await post(server.url, body)) !== 200) throw new Error('bench: l1_status failed');
        latencies.push(performance.now() - t0);
      }
    })();
    const writesPerSecond = await writers.go();
    writing = false;
    await reader;
    await writers.exited;
    latencies.sort((a, b) => a - b);
    return {
      impl: server.impl === 'blst' ? 'blst' : impl,
      writes: CLIENTS * perClient,
      writesPerSecond,
      readP99Ms: latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * 0.99))]!,
      reads: latencies.length,
      threads: server.threads,
    };
  } finally {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

async function run(ctx: BenchContext): Promise<void> {
  if (!ctx.wants('l1-write') && !ctx.wants('l1-read-under-load')) return;
  const plans: Array<['blst' | 'noble-inline', number]> = [
    ['blst', ctx.quick ? 10 : 40],
    ['noble-inline', 2],
  ];
  for (const [impl, perClient] of plans) {
    ctx.log(`${impl}: ${CLIENTS} clients × ${perClient} signed writes`);
    const f = await measureL1Load(impl, perClient);
    ctx.log(`${f.impl}: ${f.writesPerSecond.toFixed(1)} writes/s, ${f.reads} reads, p99 ${f.readP99Ms.toFixed(1)} ms`);
    const threads = f.threads;
    if (ctx.wants('l1-write'))
      ctx.record({
        name: 'l1-write',
        impl: `${f.impl} ${f.writesPerSecond.toFixed(0)}/s`,
        size: CLIENTS,
        threads,
        ms: 1000 / f.writesPerSecond,
      });
    if (ctx.wants('l1-read-under-load'))
      ctx.record({ name: 'l1-read-under-load', impl: f.impl, size: CLIENTS, threads, ms: f.readP99Ms });
  }
}

export const l1Suite: BenchSuite = {
  name: 'l1',
  description: 'signed L1 writes at 32 clients (native verifier vs noble inline) and read p99 meanwhile',
  cases: ['l1-write', 'l1-read-under-load'],
  run,
};
