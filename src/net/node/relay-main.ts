// Relay CLI: `tsx src/net/node/relay-main.ts [--port N] [--host H] [--seed HEX]`. Prints one JSON
// line `{"relay": "<multiaddr>"}` when listening, then runs until SIGINT/SIGTERM.
import { hexToBytes } from '@noble/hashes/utils.js';
import { startRelay } from './relay.js';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const seedHex = arg('seed') ?? process.env.RELAY_SEED;
const relay = await startRelay({
  host: arg('host') ?? '127.0.0.1',
  port: Number(arg('port') ?? process.env.RELAY_PORT ?? 0),
  ...(seedHex ? { peerSecretKey: hexToBytes(seedHex) } : {}),
});
process.stdout.write(`${JSON.stringify({ relay: relay.address })}\n`);
const stop = async () => {
  await relay.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
