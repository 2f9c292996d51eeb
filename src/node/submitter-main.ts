// The watching submitter process: follows the open block and its result announcements, and
// submits the final proof once the tree is complete and its grace period has passed (the
// sequencer, which holds the tree, normally submits first). It is not a staker: it proves
// nothing, needs no stake, and earns the submitter reward when its submission is the first valid
// one. Started by the devnet launcher with `--submitter`; prints its events as JSON lines.
import { L1Client } from '../l1/client.js';
import { loadKernel } from '../kernel/index.js';
import { InProcessProver } from '../participant/ports/provers.js';
import { Submitter } from '../participant/submitter.js';
import { bytesToHex } from '../protocol/bytes.js';
import { onStopSignal, readRoleConfig, report, stakingKeyOf, startLinkedTransport } from './role-process.js';

const config = readRoleConfig();
const key = stakingKeyOf(config);
const keyHex = bytesToHex(key.publicKey);
const l1 = new L1Client(config.l1Url, { chainId: config.chainId });
const kernel = await loadKernel();
const transport = await startLinkedTransport(config, key.secretKey, key.publicKey);
const submitter = new Submitter({
  secretKey: key.secretKey,
  l1,
  transport,
  prover: new InProcessProver(kernel),
  graceMs: config.graceMs ?? 0,
  onEvent: (event) => report({ role: 'submitter', key: keyHex, peer: transport.peerId, event }),
});
submitter.start();
report({ role: 'submitter', key: keyHex, peer: transport.peerId, event: { type: 'ready' } });
onStopSignal(async () => {
  await submitter.stop();
  await transport.stop();
});
