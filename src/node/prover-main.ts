// The headless prover: the participant code the browser runs, under Node, proving on a
// worker_threads pool [1 thread]. Started by the devnet launcher (see role-process.ts); prints
// its participant events as JSON lines.
import { L1Client } from '../l1/client.js';
import { loadKernel } from '../kernel/index.js';
import { Participant } from '../participant/participant.js';
import { PoolProver } from '../participant/ports/provers.js';
import { createPool } from '../pool/index.js';
import { onStopSignal, readRoleConfig, report, stakingKeyOf, startLinkedTransport } from './role-process.js';

const config = readRoleConfig();
const key = stakingKeyOf(config);
const l1 = new L1Client(config.l1Url, { chainId: config.chainId });
if ((await l1.getStaker(key.publicKey)) === null) await l1.register(key.secretKey, BigInt(config.stake));
const kernel = await loadKernel();
const pool = await createPool({ maxThreads: config.poolSize ?? 1, preloadKernel: true });
const transport = await startLinkedTransport(config, key.secretKey, key.publicKey);
const participant = new Participant({
  secretKey: key.secretKey,
  l1,
  transport,
  prover: new PoolProver({ pool, kernel }),
  onEvent: (event) => report({ role: 'prover', key: participant.publicKeyHex, peer: transport.peerId, event }),
});
participant.start();
report({ role: 'prover', key: participant.publicKeyHex, peer: transport.peerId, event: { type: 'ready' } });
onStopSignal(async () => {
  await participant.stop();
  await transport.stop();
  await pool.close();
});
