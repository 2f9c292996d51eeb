// Devnet launcher: the durable simulated L1 with its JSON-RPC API, and the PWA served next to it.
// Grows as the relay, sequencer and headless provers land.
import { startDevnetL1, type DevnetL1 } from './devnet-l1.js';
import { LogCorruptionError, LogLockedError, LogReplayError } from '../l1/errors.js';
import { startAppServer, type AppServer } from './app-server.js';

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

let l1: DevnetL1;
try {
  l1 = await startDevnetL1({
    port: portFromEnv('L1_PORT'),
    dataDir: process.env.L1_DATA_DIR,
    verifier: process.env.L1_VERIFIER === 'simulated' ? 'simulated' : 'folding',
  });
} catch (err) {
  // A damaged log or a data directory in use: the message says what to do; no stack trace.
  if (err instanceof LogCorruptionError || err instanceof LogLockedError || err instanceof LogReplayError) {
    console.error(`devnet: the L1 did not start: ${err.message}`);
    process.exit(1);
  }
  throw err;
}
console.log(`devnet: L1 JSON-RPC API at ${l1.url} (POST; GET ${l1.url}health)`);

let app: AppServer;
try {
  app = await startAppServer({ port: portFromEnv('APP_PORT') });
} catch (err) {
  console.error(`devnet: could not serve the app: ${(err as Error).message}`);
  await l1.close();
  process.exit(1);
}
console.log(`devnet: app at ${app.url} (device check and benchmark: ${app.url}src/app/device.html)`);
console.log('devnet: running, Ctrl-C to stop');

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`devnet: ${signal}, shutting down`);
  await app.close();
  await l1.close();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
