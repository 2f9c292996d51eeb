// The browser participant: the same Participant the headless prover runs (src/node/prover-main.ts),
// wired in the tab with the HTTP L1 client, NetTransport (libp2p over WebRTC through the devnet's
// relay), the worker pool prover (PoolProver over Web Workers running the WASM kernel) and the
// tab's store. Registration with the devnet's faucet stake comes first; the dashboard's state is
// fed from what the tab observes. Proving runs in the pool's workers, so it goes on while the tab
// is hidden (only the page's polling slows to the browser's background timer rate).
import { createWorkerPool, type WorkerPool } from '../../workers/jobs.js';
import { loadKernel } from '../kernel/index.js';
import type { Kernel } from '../kernel/types.js';
import { L1Client } from '../l1/client.js';
import { L1RpcError } from '../l1/errors.js';
import type { StatusView } from '../l1/views.js';
import { multiaddr } from '@multiformats/multiaddr';
import { randomPeerSecretKey } from '../net/node.js';
import { NetTransport } from '../net/transport.js';
import type { NetworkConfig } from '../participant/network-config.js';
import { Participant, type ParticipantEvent } from '../participant/participant.js';
import { loadCommitmentGenerators, loadCommitmentTables } from '../proof/generator-store.js';
import { registerCommitmentTable } from '../proof/commitment-key.js';
import type { GeneratorSet } from '../kernel/pedersen.js';
import { describeError } from './dom.js';
import { commitmentTablePlan, type TablePlanFacts } from './table-plan.js';
import type { R1csShape } from '../r1cs/types.js';
import { BASE_ROLLUP_SHAPE, registerShape } from '../proof/shape-catalog.js';
import { proofWorkerSetup } from '../proof/worker-setup.js';
import type { GeneratorCache } from '../kernel/generator-cache.js';
import { PoolProver } from '../participant/ports/provers.js';
import type { ParticipantStore } from '../participant/ports/store.js';
import { bytesToHex } from '../protocol/bytes.js';
import { createPeerLink, stakingKeyFromSecret } from '../protocol/index.js';
import {
  type DashboardState,
  initialState,
  log,
  onBlockClosed,
  onL1Down,
  onL1Status,
  onNetwork,
  onParticipantEvent,
  onStaker,
} from './dashboard-model.js';
import { randomMsmInputs } from './msm-inputs.js';
import { PoolJobTracker } from './pool-jobs.js';

/** The stake a new staker registers with when the server names none (the L1's minimum). */
export const DEFAULT_FAUCET_STAKE = '32000';
const REFRESH_MS = 2000;
/**
 * A node job's lease: renewed every third of it while the proof runs; after a reload the new page
 * takes up a job whose old lease ran out. Long enough for a hidden tab's slowed timers.
 */
export const TAB_LEASE_MS = 20_000;
const KERNEL_PROBE_POINTS = 1 << 10;

export interface SessionOptions {
  config: NetworkConfig;
  secretKey: Uint8Array;
  store: ParticipantStore;
  /** Where the commitment generators are kept between visits (checked against their published hash). */
  generators: GeneratorCache;
  /** Pool workers [one per hardware thread]. */
  threads?: number;
  /** What the device says of itself: decides the fixed-base tables (table-plan.ts) [no tables]. */
  device?: Omit<TablePlanFacts, 'workers'>;
  /** Called whenever the dashboard's state changed. */
  onChange: () => void;
}

export interface KernelSpeed {
  points: number;
  /** Median of three runs on one worker. */
  oneWorkerMs: number;
  /** The same MSM split over every worker. */
  allWorkersMs: number;
  workers: number;
}

/** The L1 client whose every answer (or silence) the dashboard hears: the participant's polls keep it current. */
class ObservedL1Client extends L1Client {
  constructor(
    url: string,
    chainId: number | undefined,
    private readonly heard: { status: (s: StatusView) => void; down: (reason: string) => void },
  ) {
    super(url, chainId === undefined ? {} : { chainId });
  }

  override async request<T>(method: string, params: unknown = {}): Promise<T> {
    try {
      const out = await super.request<T>(method, params);
      if (method === 'l1_status') this.heard.status(out as StatusView);
      return out;
    } catch (e) {
      // An L1RpcError is an answer (the L1 is up and refused); anything else is no answer.
      if (!(e instanceof L1RpcError)) this.heard.down((e as Error).message || 'no answer');
      throw e;
    }
  }
}

export class StakerSession {
  readonly state: DashboardState;
  readonly publicKey: Uint8Array;
  readonly l1: ObservedL1Client;
  readonly tracker: PoolJobTracker;
  kernelSpeed: KernelSpeed | null = null;
  pool: WorkerPool | undefined;
  transport: NetTransport | undefined;
  private kernel: Kernel | undefined;
  private participant: Participant | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  private stopped = false;

  constructor(private readonly o: SessionOptions) {
    const key = stakingKeyFromSecret(o.secretKey);
    this.publicKey = key.publicKey;
    this.state = initialState(bytesToHex(key.publicKey), o.config.l1Url, o.config.relays, Date.now());
    this.l1 = new ObservedL1Client(o.config.l1Url, o.config.chainId ?? undefined, {
      status: (s) => this.change(() => onL1Status(this.state, s, Date.now())),
      down: (reason) => this.change(() => onL1Down(this.state, reason, Date.now())),
    });
    this.tracker = new PoolJobTracker(undefined, o.onChange);
  }

  private change(update: () => void): void {
    update();
    this.o.onChange();
  }

  private say(tone: 'info' | 'good' | 'warn' | 'bad', text: string): void {
    this.change(() => log(this.state, Date.now(), tone, text));
  }

  /** Registers (once), starts the pool, joins the network and starts proving. Retries while the L1 is down. */
  async start(): Promise<void> {
    const chainId = await this.retry('read the L1 status', async () => (await this.l1.status()).chainId);
    await this.retry('register', () => this.register());
    this.say(
      'info',
      'Loading the WASM kernel, the commitment generators (a first visit derives them: this takes a while) and the circuit…',
    );
    const kernel = await loadKernel();
    const t0 = performance.now();
    // Helper workers build the circuit's matrices and, on a first visit, derive the generators:
    // seconds of work that would freeze this page on its own thread. The generators come from
    // this browser's cache when a visit derived them before (checked against the published hash);
    // derived ones are checked the same way and cached. The proving workers receive both.
    const helpers = createWorkerPool({ maxThreads: Math.min(2, this.o.threads ?? 2), preloadKernel: true });
    let loaded: Awaited<ReturnType<typeof loadCommitmentGenerators>>;
    let shape: R1csShape;
    try {
      [loaded, shape] = await Promise.all([
        loadCommitmentGenerators(kernel, this.o.generators, {
          onRejected: (e) => this.say('warn', `${e.message}; deriving again`),
          derive: async ({ label, count }) => (await helpers).run('proof.derive-generators', { label, count }),
        }),
        helpers.then((h) => h.run('proof.build-shape', { name: BASE_ROLLUP_SHAPE })),
      ]);
    } finally {
      void helpers.then((h) => h.close()).catch(() => {});
    }
    // This thread's decider (PoolProver.decide checks the relation here) takes the same matrices.
    registerShape(BASE_ROLLUP_SHAPE, shape);
    this.say(
      'info',
      `Commitment generators ${loaded.derived.length ? 'derived and cached' : 'taken from the cache'} and the circuit built in ${((performance.now() - t0) / 1000).toFixed(1)} s.`,
    );
    const tables = await this.loadTables(kernel, loaded.sets);
    const setup = proofWorkerSetup({
      generators: loaded.sets,
      shapes: [{ name: BASE_ROLLUP_SHAPE, shape }],
      ...(tables.length ? { tables } : {}),
    });
    this.say('info', 'Starting the worker pool…');
    const pool = await createWorkerPool({ maxThreads: this.o.threads, preloadKernel: true, setup });
    this.pool = pool;
    this.kernel = kernel;
    this.say('good', `Worker pool ready: ${pool.size} worker${pool.size === 1 ? '' : 's'}.`);
    await this.joinNetwork(chainId);
    this.timer = setInterval(() => void this.refresh(), REFRESH_MS);
    void this.refresh();
    this.setProving(true);
    void this.measureKernel();
  }

  /**
   * The fixed-base tables for this page's kernel and its workers, as table-plan.ts decides: from
   * this browser's cache (hash-checked), built on a first visit by helper workers when the device
   * has the threads, or none. Any failure (storage full, a refused entry that cannot be rebuilt)
   * only costs the speed-up: commitments then run the variable-base MSM.
   */
  private async loadTables(kernel: Awaited<ReturnType<typeof loadKernel>>, generators: GeneratorSet[]) {
    const device = this.o.device;
    if (!device) return [];
    const workers = this.o.threads ?? device.hardwareThreads;
    const plan = commitmentTablePlan({ ...device, workers });
    if (plan === 'off') {
      this.say('info', 'Fixed-base commitment tables: off on this device (memory unknown or too small).');
      return [];
    }
    const t0 = performance.now();
    let builders: Promise<WorkerPool> | undefined;
    try {
      const found = await loadCommitmentTables(kernel, this.o.generators, {
        cachedOnly: plan === 'cached-only',
        onRejected: (e) => this.say('warn', `${e.message}; building it again`),
        parts: Math.max(1, device.hardwareThreads - 1),
        buildRows: async (rows) => {
          if (!builders) {
            this.say(
              'info',
              `Building the fixed-base commitment tables on ${device.hardwareThreads - 1} helper threads (first visit only; 160 MiB kept in this browser)…`,
            );
            builders = createWorkerPool({
              maxThreads: device.hardwareThreads - 1,
              preloadKernel: true,
              setup: proofWorkerSetup({ generators, shapes: [] }),
            });
          }
          return (await builders).run('proof.build-table-rows', rows);
        },
      });
      if (found.tables.length < 2) {
        for (const t of found.tables) t.table.free();
        this.say('info', 'Fixed-base commitment tables: not in this browser yet (this device does not build them).');
        return [];
      }
      for (const t of found.tables) registerCommitmentTable(kernel, t.label, t.table);
      this.say(
        'good',
        `Fixed-base commitment tables ${found.derived.length ? 'built and cached' : 'taken from the cache'} in ${((performance.now() - t0) / 1000).toFixed(1)} s: commitments run on them.`,
      );
      return found.tables;
    } catch (e) {
      this.say('warn', `Fixed-base commitment tables unavailable (${describeError(e)}); committing without them.`);
      return [];
    } finally {
      void builders?.then((b) => b.close()).catch(() => {});
    }
  }

  /** Runs `step` until it succeeds, telling the staker what it waits for (the L1 may be down). */
  private async retry<T>(what: string, step: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await step();
      } catch (e) {
        if (this.stopped) throw e;
        if (e instanceof L1RpcError) throw e; // the L1 answered and refused: retrying will not help
        if (attempt === 1) this.say('bad', `Could not ${what}: ${(e as Error).message}. Retrying every 3 s.`);
        await new Promise((r) => setTimeout(r, 3000));
      }
    }
  }

  private async register(): Promise<void> {
    const existing = await this.l1.getStaker(this.publicKey);
    if (existing !== null) {
      this.say('info', `Key already registered (stake ${existing.stake}).`);
      return;
    }
    const stake = BigInt(this.o.config.stake ?? DEFAULT_FAUCET_STAKE);
    this.say('info', `Registering with a faucet stake of ${stake}…`);
    await this.l1.register(this.o.secretKey, stake);
    this.say('good', `Registered with a stake of ${stake}; active from the next epoch.`);
  }

  private async joinNetwork(chainId: number): Promise<void> {
    if (this.o.config.relays.length === 0) {
      this.say('bad', 'No relay address from the server: the tab cannot reach peers, so it cannot prove.');
      return;
    }
    // A fresh peer id per page load: peers may still hold a connection to the previous page's
    // id that they have not yet noticed is dead, and would neither dial it nor accept it again.
    const peerSecretKey = randomPeerSecretKey();
    const link = createPeerLink({
      chainId,
      stakingSecretKey: this.o.secretKey,
      stakingKey: this.publicKey,
      peerSecretKey,
    });
    this.say('info', 'Joining the network through the relay…');
    this.transport = await NetTransport.start({
      chainId,
      relays: this.o.config.relays,
      link,
      node: { peerSecretKey, rtcConfiguration: { iceServers: [] } },
      announceIntervalMs: 1000,
    });
  }

  /** Starts or stops taking duties; a proof already in a worker finishes but is not published. */
  setProving(on: boolean): void {
    if (on === this.state.proving && (on ? this.participant : !this.participant)) return;
    this.state.proving = on;
    if (!on) {
      const p = this.participant;
      this.participant = undefined;
      void p?.stop();
      this.say('warn', 'Proving stopped: this key will miss any duty it is elected to.');
      return;
    }
    if (!this.pool || !this.kernel || !this.transport) {
      this.o.onChange();
      return; // start() begins proving once the pool and the network are up
    }
    const prover = new PoolProver({ pool: this.tracker.wrap(this.pool), kernel: this.kernel });
    this.participant = new Participant({
      secretKey: this.o.secretKey,
      l1: this.l1,
      transport: this.transport,
      prover,
      autoClaim: false,
      store: this.o.store,
      leaseMs: TAB_LEASE_MS,
      onEvent: (e: ParticipantEvent) => this.change(() => onParticipantEvent(this.state, e, Date.now())),
    });
    this.participant.start();
    this.say('good', 'Proving: following the L1 and taking every duty this key is elected to.');
  }

  /** Claims every claimable reward (through the participant's queue of signed calls when it runs). */
  async claim(): Promise<bigint> {
    if (this.participant) return this.participant.claimNow();
    const account = await this.l1.getAccount(this.publicKey);
    const amount = BigInt(account.claimableRewards);
    if (amount > 0n) {
      await this.l1.claim(this.o.secretKey);
      this.change(() => onParticipantEvent(this.state, { type: 'claimed', amount: amount.toString() }, Date.now()));
    }
    return amount;
  }

  /** The slower reads: staker, account, closed blocks, the network, the store's jobs. */
  private async refresh(): Promise<void> {
    if (this.stopped) return;
    const now = Date.now();
    if (this.transport)
      onNetwork(
        this.state,
        {
          relayConnected: this.relayConnected(this.transport),
          peers: this.transport.peers(),
          linkedPeers: this.transport.linkedPeers().size,
        },
        now,
      );
    try {
      const [staker, account] = await Promise.all([
        this.l1.getStaker(this.publicKey),
        this.l1.getAccount(this.publicKey),
      ]);
      onStaker(this.state, staker, account, now);
      if (!this.participant) await this.l1.status(); // the participant polls it while proving
      for (const card of this.state.blocks.filter((b) => b.status === 'open')) {
        const view = await this.l1.getBlock(card.number);
        // The same attempt (a missed block's number is posted again, at a later slot).
        if (view && view.postedSlot === card.postedSlot) onBlockClosed(this.state, view, Date.now());
      }
      this.state.jobs = await this.o.store.listJobs();
    } catch {
      // reported by the observed client (L1 down) or shown on the next refresh
    }
    this.o.onChange();
  }

  /** Whether the transport holds an open connection to one of the relays (it re-dials them every second). */
  private relayConnected(transport: NetTransport): boolean {
    const relays = new Set(
      this.o.config.relays.map(
        (a) =>
          multiaddr(a)
            .getComponents()
            .findLast((c) => c.name === 'p2p')?.value,
      ),
    );
    return transport.node.getConnections().some((c) => c.status === 'open' && relays.has(c.remotePeer.toString()));
  }

  /** The kernel's speed on this device: one MSM on one worker and split over all of them. */
  private async measureKernel(): Promise<void> {
    const pool = this.pool;
    if (!pool) return;
    try {
      const inputs = randomMsmInputs(KERNEL_PROBE_POINTS);
      const points = pool.share(inputs.pointBytes);
      const scalars = pool.share(inputs.scalarBytes);
      const median = async (f: () => Promise<unknown>) => {
        const times: number[] = [];
        for (let i = 0; i < 3; i++) {
          const t0 = performance.now();
          await f();
          times.push(performance.now() - t0);
        }
        return times.sort((a, b) => a - b)[1]!;
      };
      const oneWorkerMs = await median(() => pool.run('msm', { points, scalars }));
      const allWorkersMs = await median(() => pool.msm(points, scalars));
      this.kernelSpeed = { points: KERNEL_PROBE_POINTS, oneWorkerMs, allWorkersMs, workers: pool.size };
      this.o.onChange();
    } catch (e) {
      this.say('warn', `Kernel speed not measured: ${(e as Error).message}`);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.participant?.stop();
    await this.transport?.stop();
    await this.pool?.close();
  }
}
