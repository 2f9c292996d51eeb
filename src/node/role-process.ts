// What the devnet's child processes share: their configuration (one JSON object in the
// FERNET_ROLE env variable, written by the launcher), the libp2p transport with the staker's
// peer link, event lines on stdout (one JSON object per line, read by the launcher), and a clean
// stop on SIGINT/SIGTERM.
import { FileGeneratorCache } from '../kernel/generator-cache-file.js';
import { loadKernel } from '../kernel/index.js';
import { NetTransport } from '../net/transport.js';
import { randomPeerSecretKey } from '../net/node.js';
import { createPool } from '../pool/index.js';
import { BASE_ROLLUP_SHAPE } from '../proof/shape-catalog.js';
import { setupFromWarmCache } from '../proof/worker-setup.js';
import { bytesToHex } from '../protocol/bytes.js';
import { createPeerLink, generateStakingKey } from '../protocol/index.js';

export interface RoleConfig {
  l1Url: string;
  /** The relay's WebSocket multiaddr. */
  relay: string;
  chainId: number;
  /** 48-byte staking key seed, hex (the devnet derives its keys deterministically). */
  seedHex: string;
  /** Stake to register with when the key is not registered yet. */
  stake: string;
  /** Worker threads for proving [1]. */
  poolSize?: number;
  /**
   * Commit through the fixed-base tables when the file cache holds them (the launcher decides
   * whether they fit the machine and builds them once) [false].
   */
  tables?: boolean;
  /** Sequencer only. */
  treeHeight?: number;
  committeeSize?: number;
  assignment?: 'binary-path' | 'sorted-rounds';
  coverAfterMs?: number;
  /** Sequencer only: false withholds the final proof (the devnet's withholding drill) [true]. */
  submitProof?: boolean;
  /** Submitter only: wait this long after the root is usable before submitting [0]. */
  graceMs?: number;
}

export function readRoleConfig(): RoleConfig {
  const raw = process.env.FERNET_ROLE;
  if (!raw) {
    console.error('this process is started by the devnet launcher (FERNET_ROLE is not set)');
    process.exit(2);
  }
  return JSON.parse(raw) as RoleConfig;
}

export function stakingKeyOf(config: RoleConfig) {
  return generateStakingKey(Uint8Array.from(Buffer.from(config.seedHex, 'hex')));
}

/** One event line for the launcher. */
export function report(event: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(event)}\n`);
}

/**
 * The kernel and a proving pool whose workers start with the commitment generators (from the
 * file cache the launcher warms, hash-checked), the circuit's shape and, when the config says so
 * and the cache holds them, the fixed-base tables in shared memory (this thread's kernel reads
 * the same copy): the first proof of the first block then builds nothing. With a cold cache the
 * workers derive their own generators on first use.
 */
export async function startProvingPool(config: RoleConfig) {
  const kernel = await loadKernel();
  const setup = await setupFromWarmCache({
    kernel,
    cache: new FileGeneratorCache(),
    shapes: [BASE_ROLLUP_SHAPE],
    tables: config.tables === true,
    onRejected: (e) => report({ event: { type: 'error', message: e.message } }),
  });
  const pool = await createPool({ maxThreads: config.poolSize ?? 1, preloadKernel: true, setup });
  return { kernel, pool, tables: (setup?.args.tables?.length ?? 0) > 0 };
}

/** The libp2p transport, linked to this staking key (peers drop gossip from unlinked peers). */
export async function startLinkedTransport(config: RoleConfig, secretKey: Uint8Array, publicKey: Uint8Array) {
  const peerSecretKey = randomPeerSecretKey();
  const link = createPeerLink({
    chainId: config.chainId,
    stakingSecretKey: secretKey,
    stakingKey: publicKey,
    peerSecretKey,
  });
  return NetTransport.start({
    chainId: config.chainId,
    relays: [config.relay],
    link,
    node: { peerSecretKey },
    // Penalties go to the launcher's event lines (the role name is added there).
    onPenalty: ({ peer, offence, reason, detail, banned }) =>
      report({
        key: bytesToHex(publicKey),
        event: { type: 'peer-penalized', peer, offence, ...(reason ? { reason } : {}), detail, banned },
      }),
    announceIntervalMs: 1000,
  });
}

/** Runs `stop` once on SIGINT/SIGTERM, then exits 0. */
export function onStopSignal(stop: () => Promise<void>): void {
  let stopping = false;
  const handler = () => {
    if (stopping) return;
    stopping = true;
    void stop()
      .catch(() => {})
      .finally(() => process.exit(0));
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}
