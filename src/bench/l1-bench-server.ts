// Child process of the L1 bench: a durable L1 node and its HTTP API over a temp data directory,
// with the signature verifier under test ("blst": the native verifier in a worker thread, as the
// devnet runs; "noble-inline": @noble/curves on the event loop, the path the L1 had before).
// Prints "ready <url> <impl>"; stops on SIGTERM.
import { join } from 'node:path';
import { startL1Server } from '../l1/http-server.js';
import { NativeSignatureVerifier } from '../l1/native-signatures.js';
import { L1Node } from '../l1/node.js';
import { NobleSignatureVerifier, type SignatureVerifier } from '../l1/signatures.js';
import { SimulatedProofVerifier } from '../l1/simulated-proof.js';

const [dataDir, impl] = process.argv.slice(2);
const signatures: SignatureVerifier =
  impl === 'noble-inline'
    ? new NobleSignatureVerifier()
    : await NativeSignatureVerifier.start({
        threads: process.env.L1_BENCH_THREADS ? Number(process.env.L1_BENCH_THREADS) : undefined,
      });
const node = await L1Node.open({
  logPath: join(dataDir!, 'commands.log'),
  verifier: new SimulatedProofVerifier(),
  signatures,
  // The open block stays open for the whole run.
  params: { epochSlots: 4, activationDelayEpochs: 1, proofWindowSlots: 1_000_000, minStake: 100n },
});
const server = await startL1Server(node, { devMethods: true });
process.once('SIGTERM', () => {
  void (async () => {
    await server.close();
    await node.close();
    await signatures.close();
    process.exit(0);
  })();
});
const threads = signatures instanceof NativeSignatureVerifier ? signatures.threads : 0;
process.stdout.write(`ready ${server.url} ${signatures.impl} ${threads}\n`);
