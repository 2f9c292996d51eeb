// Node platform: worker_threads running the TypeScript worker entry through the tsx loader (the
// same loader whether the parent runs under tsx, vitest or plain node).
import { availableParallelism, totalmem } from 'node:os';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import type { PlatformAdapter, StartedWorker } from './adapter.js';
import type { DeviceFacts } from './device.js';
import { WorkerLostError } from './errors.js';

const workerEntry = new URL('../../workers/prover.node-worker.ts', import.meta.url);
// Absolute, so the worker finds tsx whatever the current directory is.
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

function start(): StartedWorker {
  const worker = new Worker(workerEntry, { execArgv: ['--import', tsxLoader] });
  let terminated = false;
  const lost = new Promise<Error>((resolve) => {
    worker.once('error', (err: Error) => {
      if (!terminated) resolve(new WorkerLostError(`worker crashed: ${err.name}: ${err.message}`));
    });
    worker.once('exit', (code) => {
      if (!terminated) resolve(new WorkerLostError(`worker exited with code ${code}`));
    });
  });
  return {
    endpoint: nodeEndpoint(worker),
    lost,
    watch() {},
    terminate() {
      terminated = true;
      void worker.terminate();
    },
  };
}

function facts(): DeviceFacts {
  return {
    platform: 'node',
    hardwareThreads: availableParallelism(),
    memoryGiB: totalmem() / 2 ** 30,
    memorySource: 'os.totalmem',
    sharedMemoryAvailable: typeof SharedArrayBuffer === 'function',
  };
}

export const nodeAdapter: PlatformAdapter = { platform: 'node', start, facts };
