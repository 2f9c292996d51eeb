// Browser platform: module Web Workers bundled by Vite. A worker that calls close() fires no event
// on its Worker object, so each worker holds a Web Lock for life and the page queues for it: the
// page is granted the lock exactly when the worker is gone.
import type { PlatformAdapter, StartedWorker } from './adapter.js';
import type { DeviceFacts } from './device.js';
import { WorkerLostError } from './errors.js';

const lockPrefix = `fernet-pool-${Math.random().toString(36).slice(2)}`;
let nextLock = 0;

function start(): StartedWorker {
  const worker = new Worker(new URL('../../workers/prover.worker.ts', import.meta.url), {
    type: 'module',
    name: 'prover',
  });
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  const lifeLock = locks ? `${lockPrefix}-${nextLock++}` : undefined;
  const stopWatching = new AbortController();
  let terminated = false;
  let markLost: (err: Error) => void = () => {};
  const lost = new Promise<Error>((resolve) => {
    markLost = (err) => {
      if (!terminated) resolve(err);
    };
  });
  worker.addEventListener('error', (event) => {
    event.preventDefault();
    markLost(new WorkerLostError(`worker crashed: ${event.message || 'uncaught error (no message)'}`));
  });
  worker.addEventListener('messageerror', () =>
    markLost(new WorkerLostError('worker sent a message that could not be read')),
  );
  return {
    endpoint: worker,
    lost,
    lifeLock,
    watch() {
      if (!locks || !lifeLock) return;
      locks
        .request(lifeLock, { signal: stopWatching.signal }, () =>
          markLost(new WorkerLostError('worker closed or crashed')),
        )
        .catch(() => {}); // aborted by terminate()
    },
    terminate() {
      terminated = true;
      stopWatching.abort();
      worker.terminate();
    },
  };
}

function facts(): DeviceFacts {
  const nav = navigator as Navigator & { deviceMemory?: number };
  return {
    platform: 'browser',
    hardwareThreads: nav.hardwareConcurrency || 1,
    memoryGiB: typeof nav.deviceMemory === 'number' ? nav.deviceMemory : null,
    memorySource: typeof nav.deviceMemory === 'number' ? 'navigator.deviceMemory' : 'unavailable',
    sharedMemoryAvailable: globalThis.crossOriginIsolated === true && typeof SharedArrayBuffer === 'function',
  };
}

export const browserAdapter: PlatformAdapter = { platform: 'browser', start, facts };
