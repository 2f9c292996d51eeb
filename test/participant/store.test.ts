import { MemoryStore } from '../../src/participant/ports/memory-store.js';
import { describeStoreContract } from './contracts/store.contract.js';

describeStoreContract('in memory', async () => {
  const store = new MemoryStore();
  return { store, reopen: async () => store, dispose: () => store.close() };
});
