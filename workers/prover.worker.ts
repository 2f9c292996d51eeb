// Browser pool worker (a module Web Worker, bundled by Vite): exposes the job runtime over comlink.
import { expose } from 'comlink';
import { loadKernel } from '../src/kernel/index.js';
import { createWorkerApi } from '../src/pool/worker-host.js';
import { workerJobs } from './jobs.js';

const scope = self as unknown as DedicatedWorkerGlobalScope;

expose(
  createWorkerApi(
    {
      loadKernel: () => loadKernel(),
      die: () => scope.close(),
      // Hold a Web Lock until this worker's global goes away; the page waits on the same lock name,
      // so it learns of a close() or crash that fires no event on the Worker object.
      holdLifeLock: (name) =>
        new Promise<void>((held, failed) => {
          navigator.locks
            .request(name, () => {
              held();
              return new Promise<never>(() => {});
            })
            .catch(failed);
        }),
    },
    workerJobs,
  ),
);
