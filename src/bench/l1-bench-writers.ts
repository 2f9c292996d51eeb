// Child process of the L1 bench: the 32 concurrent writers. Signs every request in advance (with
// blst: the same bytes noble signs), prints "ready", waits for "go" on stdin, then each client
// posts its sign-offs one after another; prints "done <writes per second>" once all landed.
import { SecretKey } from '@chainsafe/blst';
import { callMessage } from '../l1/auth.js';
import { toHex } from '../l1/hex.js';
import { domainMessage } from '../protocol/index.js';
import { CLIENTS, post, seeded } from './suites/l1.js';

const [url, chainIdArg, blockNumberArg, signOff, perClientArg] = process.argv.slice(2);
const chainId = Number(chainIdArg);
const blockNumber = Number(blockNumberArg);
const perClient = Number(perClientArg);

const bodies = Array.from({ length: CLIENTS }, (_, c) => {
  const sk = SecretKey.fromKeygen(seeded(0xc1, c));
  const signer = toHex(sk.toPublicKey().toBytes(true));
  return Array.from({ length: perClient }, (_, nonce) => {
    const params = { blockNumber, signOff: signOff! };
    const message = domainMessage('l1-call', callMessage(chainId, 'l1_signOff', signer, nonce, params));
    const signature = toHex(sk.sign(message).toBytes(true));
    return JSON.stringify({
      jsonrpc: '2.0',
      id: nonce,
      method: 'l1_signOff',
      params: { signer, nonce, params, signature },
    });
  });
});
process.stdout.write('ready \n');
await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));
const t0 = performance.now();
await Promise.all(
  bodies.map(async (mine) => {
    for (const body of mine) {
      const status = await post(url!, body);
      if (status !== 200) throw new Error(`bench: a signed write answered HTTP ${status}`);
    }
  }),
);
const seconds = (performance.now() - t0) / 1000;
process.stdout.write(`done ${(CLIENTS * perClient) / seconds}\n`);
process.exit(0);
