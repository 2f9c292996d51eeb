// Node pool worker (worker_threads, started with the tsx loader): exposes the job runtime over comlink.
import { parentPort } from 'node:worker_threads';
import { expose } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { loadKernel } from '../src/kernel/index.js';
import { createWorkerApi } from '../src/pool/worker-host.js';
import { workerJobs } from './jobs.js';

if (!parentPort) throw new Error('prover.node-worker must run inside worker_threads');

expose(
  createWorkerApi(
    {
      loadKernel: () => loadKernel(),
      // Inside a worker thread, process.exit ends only this thread.
      die: () => process.exit(70),
    },
    workerJobs,
  ),
  nodeEndpoint(parentPort),
);
