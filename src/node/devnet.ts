// Devnet launcher (`npm start`): the durable simulated L1 with its JSON-RPC API (this process),
// the libp2p relay, the sequencer with its transaction generator and N headless provers, each in
// its own process, plus the built app. Embedded defaults, no configuration: it prints the URL to
// open, then one line per block. `--blocks N [--report FILE]` exits 0 once N blocks are proven,
// verified and credited on the L1 (non-zero with the reason otherwise). See docs/network.md.
// Busy ports are refused in one line before anything is opened; SIGINT, SIGTERM and SIGHUP stop
// the children, the app and the L1 in order and exit 0 (docs/l1.md, "Running it").
import { FileGeneratorCache } from '../kernel/generator-cache-file.js';
import { commitmentTablesFit, loadCommitmentGenerators, loadCommitmentTables } from '../proof/generator-store.js';
import { registerCommitmentTable } from '../proof/commitment-key.js';
import { proofWorkerSetup } from '../proof/worker-setup.js';
import { createPool } from '../pool/index.js';
import { FoldingL1Verifier } from './folding-l1-verifier.js';
import { availableParallelism, totalmem } from 'node:os';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { loadKernel } from '../kernel/index.js';
import { LogCorruptionError, LogLockedError, LogReplayError } from '../l1/errors.js';
import type { BlockView } from '../l1/views.js';
import { generateStakingKey } from '../protocol/index.js';
import { kernelFieldHasher } from '../rollup/hasher.js';
import { RollupState } from '../rollup/state.js';
import { DEFAULT_APP_PORT, appOriginsFor, startAppServer, type AppServer } from './app-server.js';
import { DEFAULT_L1_PORT, startDevnetL1, type DevnetL1 } from './devnet-l1.js';
import { assertPortsFree, PortBusyError } from './ports.js';
import {
  DEVNET_USAGE,
  DevnetUsageError,
  parseDevnetArgs,
  type DevnetBlockReport,
  type DevnetOptions,
} from './devnet-options.js';
import type { RoleConfig } from './role-process.js';
import { headerSnapshot } from '../rollup/types.js';

const SLOT_MS = 1000;
const STAKE = 32_000n;
/** Without a verified block for this long, `--blocks` gives up. */
const STALL_MS = 420_000;

function portFromEnv(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    console.error(`devnet: ${name}=${raw} is not a TCP port (1–65535)`);
    process.exit(2);
  }
  return port;
}

let options: DevnetOptions;
try {
  options = parseDevnetArgs(process.argv.slice(2));
} catch (e) {
  if (!(e instanceof DevnetUsageError)) throw e;
  console.error(`devnet: ${e.message}\n${DEVNET_USAGE}`);
  process.exit(2);
}

// Busy ports are refused in one line before anything is loaded, created or opened.
try {
  await assertPortsFree('127.0.0.1', [
    { name: 'L1_PORT', port: portFromEnv('L1_PORT') ?? DEFAULT_L1_PORT },
    ...(options.app ? [{ name: 'APP_PORT', port: portFromEnv('APP_PORT') ?? DEFAULT_APP_PORT }] : []),
    ...(process.env.RELAY_PORT ? [{ name: 'RELAY_PORT', port: Number(process.env.RELAY_PORT) }] : []),
  ]);
} catch (e) {
  if (!(e instanceof PortBusyError)) throw e;
  console.error(`devnet: ${e.message}`);
  process.exit(1);
}

/** Deterministic devnet keys: 48-byte seeds from a label. */
function seedFor(label: string): Uint8Array {
  const enc = new TextEncoder();
  const out = new Uint8Array(48);
  out.set(sha256(enc.encode(`fernet-devnet/${label}/a`)));
  out.set(sha256(enc.encode(`fernet-devnet/${label}/b`)).subarray(0, 16), 32);
  return out;
}
const short = (hex: string) => hex.replace(/^0x/, '').slice(0, 8);

const sequencerSeed = seedFor('sequencer');
const sequencerKey = generateStakingKey(sequencerSeed);
const genesis = RollupState.genesis(kernelFieldHasher(await loadKernel()));
const ownDataDir = process.env.L1_DATA_DIR === undefined || process.env.L1_DATA_DIR === '';
// The L2 state lives in the sequencer's memory, so every run starts a fresh chain.
const dataDir = ownDataDir ? join('.data', 'devnet', `run-${Date.now()}-${process.pid}`) : process.env.L1_DATA_DIR!;
await mkdir(dataDir, { recursive: true });

const children: Array<{ name: string; child: ChildProcess }> = [];
let l1: DevnetL1 | undefined;
let app: AppServer | undefined;
let stopping = false;

async function shutdown(code: number, message?: string): Promise<never> {
  // A second signal (Ctrl-C reaches the devnet from the terminal and again through npm) or a
  // failure during the stop must not cut the first stop short: only the first call exits.
  if (stopping) return new Promise<never>(() => {});
  stopping = true;
  if (message) (code === 0 ? console.log : console.error)(`devnet: ${message}`);
  for (const { child } of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  await Promise.all(
    children.map(
      ({ child }) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          const t = setTimeout(() => {
            child.kill('SIGKILL');
            resolve();
          }, 5000);
          child.once('exit', () => {
            clearTimeout(t);
            resolve();
          });
        }),
    ),
  );
  await app?.close();
  await l1?.close();
  if (ownDataDir) await rm(dataDir, { recursive: true, force: true });
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0, 'SIGINT, shutting down'));
process.on('SIGTERM', () => void shutdown(0, 'SIGTERM, shutting down'));
process.on('SIGHUP', () => void shutdown(0, 'SIGHUP, shutting down'));

// The role processes hand their workers the commitment generators and, when they fit, the
// fixed-base tables from the file cache (checked against the published hashes); a first run
// derives and builds them here, once, before any of them starts. Every process that commits
// (the provers, the sequencer, this one's L1) holds one copy, shared by its threads.
const launcherKernel = await loadKernel();
const useTables =
  options.tables &&
  commitmentTablesFit({ memoryGiB: totalmem() / 2 ** 30, kernels: options.provers + 2, sharedMemory: false });
{
  const cache = new FileGeneratorCache();
  const t0 = performance.now();
  const loaded = await loadCommitmentGenerators(launcherKernel, cache);
  if (loaded.derived.length > 0)
    console.log(
      `devnet: commitment generators derived and cached in ${((performance.now() - t0) / 1000).toFixed(1)} s (first run only)`,
    );
  if (useTables) {
    const t1 = performance.now();
    // Builders only when a table is missing or refused (a first run): rows in parallel pieces.
    const parts = Math.max(1, Math.min(4, availableParallelism()));
    let builders: ReturnType<typeof createPool> | undefined;
    try {
      const tables = await loadCommitmentTables(launcherKernel, cache, {
        parts,
        buildRows: async (rows) => {
          if (!builders) {
            console.log('devnet: building the fixed-base commitment tables (first run only: 160 MiB in the cache)…');
            builders = createPool({
              maxThreads: parts,
              preloadKernel: true,
              setup: proofWorkerSetup({ generators: loaded.sets, shapes: [] }),
            });
          }
          return (await builders).run('proof.build-table-rows', rows) as Promise<Uint8Array>;
        },
        onRejected: (e) => console.log(`devnet: ${e.message}; building it again`),
      });
      for (const t of tables.tables) registerCommitmentTable(launcherKernel, t.label, t.table);
      if (tables.derived.length > 0)
        console.log(`devnet: fixed-base tables built and cached in ${((performance.now() - t1) / 1000).toFixed(1)} s`);
    } finally {
      if (builders) await (await builders).close();
    }
  }
}

try {
  l1 = await startDevnetL1({
    port: portFromEnv('L1_PORT'),
    dataDir,
    slotMs: SLOT_MS,
    params: {
      epochSlots: 4,
      proofWindowSlots: 180,
      genesisState: headerSnapshot(genesis.snapshot()),
      designatedSequencer: bytesToHex(sequencerKey.publicKey),
    },
    // The L1's checks commit with this process's kernel (and its tables, when they fit).
    verifier: new FoldingL1Verifier({
      kernel: launcherKernel,
      // With --events: how many revealed results each decider run of the L1 checked at once.
      onBatch: (results) => {
        if (options.events)
          console.log(
            `event ${JSON.stringify({ role: 'l1', event: { type: 'results-decided', results }, at: Math.round(performance.now()) })}`,
          );
      },
    }),
    // Dev-only methods (moving the clock by hand) only when asked for explicitly.
    devMethods: process.env.L1_DEV_METHODS === '1',
    appOrigins: appOriginsFor(portFromEnv('APP_PORT') ?? DEFAULT_APP_PORT),
    log: () => {},
  });
} catch (err) {
  if (err instanceof LogCorruptionError || err instanceof LogLockedError || err instanceof LogReplayError) {
    await shutdown(1, `the L1 did not start: ${err.message}`);
  }
  await shutdown(1, `the L1 did not start: ${(err as Error).message}`);
}
const l1Url = l1!.url;
const chainId = l1!.node.state.params.chainId;
console.log(`devnet: L1 JSON-RPC API at ${l1Url} (POST; GET ${l1Url}health)`);

const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/** Starts a role process; `onEvent` gets each JSON line it prints. */
function startChild(
  name: string,
  script: string,
  args: string[],
  env: Record<string, string>,
  onLine: (line: string) => void,
) {
  const child = spawn(process.execPath, ['--import', tsxLoader, script, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group: Ctrl-C in the terminal reaches only the devnet, which stops the
    // children itself, in order (a child dying of the same SIGINT first would look like a crash).
    detached: true,
  });
  children.push({ name, child });
  let buffered = '';
  child.stdout!.on('data', (d: Buffer) => {
    buffered += d.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop()!;
    for (const line of lines) if (line.trim()) onLine(line);
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  child.once('exit', (code, signal) => {
    if (stopping) return;
    const why = `${name} (pid ${child.pid}) exited with ${signal ?? `code ${code}`}${stderr ? `: ${stderr.trim().split('\n').slice(-5).join(' | ')}` : ''}`;
    // Provers may fail (the network tolerates it); the relay and the sequencer may not.
    if (name.startsWith('prover')) console.log(`devnet: ${why}`);
    else void shutdown(1, why);
  });
  return child;
}

// The relay first: everyone bootstraps from it.
const relayAddress = await new Promise<string>((resolve) => {
  const relayArgs = process.env.RELAY_PORT ? ['--port', process.env.RELAY_PORT] : [];
  startChild('relay', here('../net/node/relay-main.ts'), relayArgs, {}, (line) => {
    try {
      const m = JSON.parse(line) as { relay?: string };
      if (m.relay) resolve(m.relay);
    } catch {}
  });
});
console.log(`devnet: relay at ${relayAddress}`);

const base = { l1Url, relay: relayAddress, chainId, stake: STAKE.toString(), poolSize: 1, tables: useTables };
const names = new Map<string, string>([[bytesToHex(sequencerKey.publicKey), 'sequencer']]);

const reported: DevnetBlockReport[] = [];
let lastProgress = Date.now();

function onVerified(
  submittedBy: string,
  e: {
    number: number;
    leaves: number;
    assignment: string;
    msToVerified: number;
    tree: Record<string, string>;
    assignedMembers: string[];
    memberLeaves: number;
    block: BlockView;
  },
) {
  const byProver = new Map<string, string[]>();
  for (const [node, key] of Object.entries(e.tree).sort()) byProver.set(key, [...(byProver.get(key) ?? []), node]);
  const who = [...byProver].map(([key, nodes]) => `${names.get(key) ?? short(key)} ${nodes.join(',')}`).join('; ');
  const rewards = e.block.payouts
    .map((p) => `${names.get(p.account.slice(2)) ?? short(p.account)} ${p.role} ${p.amount}`)
    .join(', ');
  console.log(
    `block ${e.number}: ${e.leaves} leaves (${e.assignment}) · ${who} · ${(e.msToVerified / 1000).toFixed(1)} s commitment→verified · ${e.block.status}, ${e.block.creditedNodes} credited · submitted by ${submittedBy} · rewards: ${rewards}`,
  );
  if (e.block.status !== 'canonical' || e.block.creditedNodes === 0) return;
  lastProgress = Date.now();
  reported.push({
    number: e.number,
    leaves: e.leaves,
    assignment: e.assignment,
    msToVerified: e.msToVerified,
    transport: 'webrtc',
    submittedBy,
    provers: [...byProver].map(([key, nodes]) => ({
      key,
      role: key === bytesToHex(sequencerKey.publicKey) ? 'sequencer' : 'prover',
      nodes,
    })),
    payouts: e.block.payouts.map((p) => ({ account: p.account, role: p.role, amount: String(p.amount) })),
    assignedMembers: e.assignedMembers,
    memberLeaves: e.memberLeaves,
  });
  if (options.blocks !== undefined && reported.length >= options.blocks) void finish();
}

async function finish(): Promise<void> {
  if (options.report) await writeFile(options.report, `${JSON.stringify({ blocks: reported }, null, 2)}\n`);
  await shutdown(
    0,
    `${reported.length} blocks proven, verified and credited${options.report ? `; report in ${options.report}` : ''}`,
  );
}

function roleLine(role: string) {
  return (line: string) => {
    let m: { key: string; event: Record<string, unknown> & { type: string } };
    try {
      m = JSON.parse(line);
    } catch {
      return;
    }
    // `at`: ms from the launcher's start to its reading of the line (a timeline across processes).
    if (options.events) console.log(`event ${JSON.stringify({ ...m, role, at: Math.round(performance.now()) })}`);
    const e = m.event;
    if (e.type === 'ready')
      console.log(
        `devnet: ${role} ready (key ${short(m.key)}${e.tables ? ', commits through the fixed-base tables' : ''})`,
      );
    if (role === 'sequencer' && e.type === 'posted')
      console.log(
        `devnet: block ${e.number} posted: ${e.leaves} leaves, ${e.transactions} transactions, committee of ${(e.committee as string[]).length}`,
      );
    if ((role === 'sequencer' || role === 'submitter') && e.type === 'verified') onVerified(role, e as never);
    if (role === 'submitter' && e.type === 'refused' && options.events)
      console.log(`devnet: submitter: block ${e.number} refused: ${e.reason}`);
    if (role === 'sequencer' && e.type === 'missed') console.log(`devnet: block ${e.number} missed: ${e.reason}`);
    if (e.type === 'error' && options.events) console.log(`devnet: ${role}: ${e.message}`);
  };
}

const roleScript = (name: string) => here(`./${name}-main.ts`);
const sequencerConfig: RoleConfig = {
  ...base,
  seedHex: bytesToHex(sequencerSeed),
  treeHeight: options.height,
  committeeSize: options.committee ?? options.provers,
  assignment: options.assignment,
  coverAfterMs: options.coverAfterMs,
  submitProof: !options.withholdProof,
};
startChild(
  'sequencer',
  roleScript('sequencer'),
  [],
  { FERNET_ROLE: JSON.stringify(sequencerConfig) },
  roleLine('sequencer'),
);
for (let i = 0; i < options.provers; i++) {
  const seed = seedFor(`prover/${i}`);
  names.set(bytesToHex(generateStakingKey(seed).publicKey), `prover-${i}`);
  const child = startChild(
    `prover-${i}`,
    roleScript('prover'),
    ['--data-dir', join(dataDir, `prover-${i}`)],
    { FERNET_ROLE: JSON.stringify({ ...base, seedHex: bytesToHex(seed) } satisfies RoleConfig) },
    roleLine(`prover-${i}`),
  );
  console.log(`devnet: prover-${i} pid ${child.pid}`);
}

if (options.submitter) {
  // Not a staker: a fresh key with no stake, so it is never elected and only submits.
  const seed = seedFor('submitter');
  names.set(bytesToHex(generateStakingKey(seed).publicKey), 'submitter');
  const graceMs = options.submitterGraceMs ?? (options.withholdProof ? 0 : 5000);
  const child = startChild(
    'submitter',
    roleScript('submitter'),
    [],
    { FERNET_ROLE: JSON.stringify({ ...base, seedHex: bytesToHex(seed), graceMs } satisfies RoleConfig) },
    roleLine('submitter'),
  );
  console.log(
    `devnet: submitter pid ${child.pid} (grace ${graceMs} ms${options.withholdProof ? '; the sequencer withholds its proofs' : ''})`,
  );
}

if (options.app) {
  try {
    app = await startAppServer({
      port: portFromEnv('APP_PORT'),
      distDir: process.env.APP_DIST_DIR,
      devnet: { l1Url, chainId, relays: [relayAddress], stake: STAKE.toString() },
    });
    console.log(`devnet: open ${app.url} (device check and benchmark: ${app.url}src/app/device.html)`);
  } catch (err) {
    await shutdown(1, `could not serve the app: ${(err as Error).message}`);
  }
}
console.log(
  `devnet: ${options.provers} provers, committee of ${options.committee ?? options.provers}, tree height ${options.height} (${2 ** options.height} leaves), ${options.assignment}; Ctrl-C to stop`,
);
if (options.blocks !== undefined) {
  setInterval(() => {
    if (Date.now() - lastProgress > STALL_MS)
      void shutdown(
        1,
        `no block verified and credited for ${STALL_MS / 1000} s (${reported.length} of ${options.blocks} done)`,
      );
  }, 5000).unref();
}
