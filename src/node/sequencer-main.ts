// The sequencer process: the L2 state from genesis, the devnet's transaction generator, block
// production on the L1, the transcript served over libp2p, covers, tree completion and the final
// proof. Started by the devnet launcher (see role-process.ts); prints its events as JSON lines.
import { L1Client } from '../l1/client.js';
import { PoolProver } from '../participant/ports/provers.js';
import { kernelFieldHasher } from '../rollup/hasher.js';
import { RollupState } from '../rollup/state.js';
import {
  onStopSignal,
  readRoleConfig,
  report,
  stakingKeyOf,
  startLinkedTransport,
  startProvingPool,
} from './role-process.js';
import { Sequencer } from './sequencer.js';
import { TransactionGenerator } from './tx-generator.js';

const config = readRoleConfig();
const key = stakingKeyOf(config);
const l1 = new L1Client(config.l1Url, { chainId: config.chainId });
if ((await l1.getStaker(key.publicKey)) === null) await l1.register(key.secretKey, BigInt(config.stake));
const { kernel, pool, tables } = await startProvingPool(config);
const transport = await startLinkedTransport(config, key.secretKey, key.publicKey);
const generator = new TransactionGenerator(`devnet-${Date.now()}`);
const assignment =
  config.assignment === 'sorted-rounds'
    ? ({ mode: 'sorted-rounds', subtreeHeight: 1, redundancy: 1 } as const)
    : ({
        mode: 'binary-path',
        bitMode: 'low',
        openAfterSeconds: Math.ceil((config.coverAfterMs ?? 20_000) / 1000),
      } as const);
const sequencer = new Sequencer({
  secretKey: key.secretKey,
  l1,
  transport,
  prover: new PoolProver({ pool, kernel }),
  state: RollupState.genesis(kernelFieldHasher(kernel)),
  takeTransactions: (n) => generator.take(n),
  treeHeight: config.treeHeight ?? 2,
  committeeSize: config.committeeSize ?? 4,
  assignment,
  coverAfterMs: config.coverAfterMs,
  submitProof: config.submitProof,
  waitForCommittee: config.committeeSize ?? 4,
  onEvent: (event) => report({ role: 'sequencer', key: sequencer.publicKeyHex, peer: transport.peerId, event }),
});
sequencer.start();
report({ role: 'sequencer', key: sequencer.publicKeyHex, peer: transport.peerId, event: { type: 'ready', tables } });
onStopSignal(async () => {
  await sequencer.stop();
  await transport.stop();
  await pool.close();
});
