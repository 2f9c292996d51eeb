import { MemoryHub } from '../../src/participant/ports/memory-transport.js';
import { describeTransportContract } from './contracts/transport.contract.js';

describeTransportContract('in memory (hub)', async (count) => {
  const hub = new MemoryHub();
  const transports = Array.from({ length: count }, () => hub.transport());
  for (const t of transports) await t.start();
  return {
    transports,
    async close() {
      for (const t of transports) await t.stop();
    },
  };
});
