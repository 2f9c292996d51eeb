// Both L1Client implementations pass the same contract: the HTTP client against a real server on
// 127.0.0.1, and the in-process client against a node without a socket.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, test } from 'vitest';
import { L1Client } from '../../src/l1/client.js';
import { L1RpcError, StateRuleError } from '../../src/l1/errors.js';
import { L1Node } from '../../src/l1/node.js';
import { l1Unanswered } from '../../src/participant/ports/l1-client.js';
import { SimulatedProofVerifier } from '../../src/l1/simulated-proof.js';
import { InMemoryL1Client } from '../../src/participant/ports/memory-l1-client.js';
import { keyFor, removeDir, startTestL1, TEST_PARAMS } from '../l1/helpers.js';
import { describeL1ClientContract } from './contracts/l1-client.contract.js';

describeL1ClientContract('HTTP (src/l1/client.ts)', async () => {
  const l1 = await startTestL1();
  return {
    client: l1.client,
    async stop() {
      await l1.stop();
      await removeDir(l1.dir);
    },
  };
});

describeL1ClientContract('in memory', async () => {
  const node = await L1Node.open({ params: TEST_PARAMS, verifier: new SimulatedProofVerifier() });
  return { client: new InMemoryL1Client(node), stop: () => node.close() };
});

describe('l1Unanswered: no answer (sent again while the block is open) or a refusal (final)', () => {
  test('a closed port and a gateway error are no answer; the L1 refusing a call is an answer', async () => {
    const server = createServer((_req, res) => {
      res.writeHead(502);
      res.end('bad gateway');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const gateway = await new L1Client(`http://127.0.0.1:${port}/`).status().catch((e: unknown) => e);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    expect(gateway).toBeInstanceOf(L1RpcError);
    expect(l1Unanswered(gateway)).toBe(true);
    // Nothing listens there any more: fetch itself fails.
    const closed = await new L1Client(`http://127.0.0.1:${port}/`).status().catch((e: unknown) => e);
    expect(closed).toBeInstanceOf(TypeError);
    expect(l1Unanswered(closed)).toBe(true);

    const l1 = await startTestL1();
    try {
      const key = keyFor(1);
      await l1.client.register(key.secretKey, 1000n);
      const refused = await l1.client.register(key.secretKey, 1000n).catch((e: unknown) => e);
      expect(refused).toMatchObject({ errorName: 'StateRuleError' });
      expect(l1Unanswered(refused)).toBe(false);
    } finally {
      await l1.stop();
      await removeDir(l1.dir);
    }
    expect(l1Unanswered(new StateRuleError('this key is already registered'))).toBe(false);
    expect(l1Unanswered(new L1RpcError('busy', 503, -32000, 'BusyError'))).toBe(true);
    expect(l1Unanswered(new L1RpcError('refused', 422, -32000, 'StateRuleError'))).toBe(false);
  });
});
