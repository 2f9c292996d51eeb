// Devnet launcher: grows as the L1, relay, sequencer and provers land.
import { startDevnetL1 } from '../l1/devnet-l1';

const l1 = await startDevnetL1({
  port: process.env.L1_PORT ? Number(process.env.L1_PORT) : undefined,
  dataDir: process.env.L1_DATA_DIR,
  verifier: process.env.L1_VERIFIER === 'simulated' ? 'simulated' : 'folding',
});
console.log(`devnet: L1 JSON-RPC API at ${l1.url} (POST; GET ${l1.url}health)`);
console.log('devnet: running, Ctrl-C to stop');

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`devnet: ${signal}, shutting down`);
  await l1.close();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
