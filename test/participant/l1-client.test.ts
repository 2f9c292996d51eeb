// Both L1Client implementations pass the same contract: the HTTP client against a real server on
// 127.0.0.1, and the in-process client against a node without a socket.
import { L1Node } from '../../src/l1/node.js';
import { SimulatedProofVerifier } from '../../src/l1/simulated-proof.js';
import { InMemoryL1Client } from '../../src/participant/ports/memory-l1-client.js';
import { removeDir, startTestL1, TEST_PARAMS } from '../l1/helpers.js';
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
