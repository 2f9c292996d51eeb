// The headless prover: the participant code the browser runs, under Node, proving on a
// worker_threads pool [1 thread], keeping its jobs in a file store under `--data-dir DIR` (none:
// in memory). Started by the devnet launcher (see role-process.ts); prints its participant events
// as JSON lines.
import { L1Client } from '../l1/client.js';
import { Participant } from '../participant/participant.js';
import { PoolProver } from '../participant/ports/provers.js';
import { FileStore } from '../store/file-store.js';
import {
  onStopSignal,
  readRoleConfig,
  report,
  stakingKeyOf,
  startLinkedTransport,
  startProvingPool,
} from './role-process.js';

const config = readRoleConfig();
const dataDirAt = process.argv.indexOf('--data-dir');
const dataDir = dataDirAt >= 0 ? process.argv[dataDirAt + 1] : undefined;
const key = stakingKeyOf(config);
const l1 = new L1Client(config.l1Url, { chainId: config.chainId });
const { kernel, pool, tables } = await startProvingPool(config);
const transport = await startLinkedTransport(config, key.secretKey, key.publicKey);
// Registered once it can prove: a committee drawn before would wait on its start-up.
if ((await l1.getStaker(key.publicKey)) === null) await l1.register(key.secretKey, BigInt(config.stake));
// Jobs and published results on disk: a restarted prover resumes the open block without proving
// a node twice. A corrupted record is reported as an event and skipped.
const store = dataDir
  ? await FileStore.open({
      dir: dataDir,
      onCorrupt: (e) => report({ role: 'prover', event: { type: 'error', message: e.message } }),
    })
  : undefined;
const participant = new Participant({
  store,
  secretKey: key.secretKey,
  l1,
  transport,
  prover: new PoolProver({ pool, kernel }),
  onEvent: (event) => report({ role: 'prover', key: participant.publicKeyHex, peer: transport.peerId, event }),
});
participant.start();
report({ role: 'prover', key: participant.publicKeyHex, peer: transport.peerId, event: { type: 'ready', tables } });
onStopSignal(async () => {
  await participant.stop();
  await transport.stop();
  await pool.close();
  await store?.close();
});
