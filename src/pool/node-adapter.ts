// Node platform: worker_threads running the worker entry bundled into one JavaScript file (built
// with esbuild once per process, from the current sources), or, when bundling is unavailable,
// the TypeScript entry through the tsx loader (the same whether the parent runs under tsx, vitest
// or plain node). The bundle is why a fresh worker is ready in ~0.1 s instead of ~1.5 s: tsx
// resolves and transforms every module again in each worker.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { availableParallelism, totalmem } from 'node:os';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import type { PlatformAdapter, StartedWorker } from './adapter.js';
import type { DeviceFacts } from './device.js';
import { WorkerLostError } from './errors.js';

const workerEntry = new URL('../../workers/prover.node-worker.ts', import.meta.url);
// Two levels below the root like src/kernel/loader.ts, so the kernel's wasm URL resolves the same.
const bundleUrl = new URL('../../workers/build/prover.node-worker.mjs', import.meta.url);
// Absolute, so the worker finds tsx whatever the current directory is.
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

let bundled: boolean | undefined;

/** Bundles the worker entry once per process; false when esbuild is missing or fails. */
function bundleWorker(): boolean {
  if (bundled !== undefined) return bundled;
  try {
    const esbuild = createRequire(import.meta.url)('esbuild') as typeof import('esbuild');
    const out = fileURLToPath(bundleUrl);
    const result = esbuild.buildSync({
      entryPoints: [fileURLToPath(workerEntry)],
      bundle: true,
      platform: 'node',
      format: 'esm',
      write: false,
      outfile: out,
      logLevel: 'silent',
      // CommonJS dependencies inside an ES module bundle need a require.
      banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    });
    // Written under a temporary name and renamed: processes bundling at once never see half a file.
    mkdirSync(fileURLToPath(new URL('.', bundleUrl)), { recursive: true });
    const tmp = `${out}.${process.pid}.tmp`;
    writeFileSync(tmp, result.outputFiles[0]!.contents);
    renameSync(tmp, out);
    bundled = true;
  } catch {
    bundled = false;
  }
  return bundled;
}

/**
 * The parent's flags without module loaders (`--import tsx` and the like): a worker inherits its
 * parent's flags, and the bundle needs no loader; tsx's start-up alone cost a bundled worker
 * ≈ 350 ms of its ≈ 450 ms to first answer (≈ 85 ms without).
 */
export function flagsForBundle(parent: readonly string[]): string[] {
  const out: string[] = [];
  const loaders = ['--import', '--require', '-r', '--loader', '--experimental-loader'];
  for (let i = 0; i < parent.length; i++) {
    const flag = parent[i]!;
    if (loaders.includes(flag))
      i++; // and its value
    else if (!loaders.some((l) => flag.startsWith(`${l}=`))) out.push(flag);
  }
  return out;
}

function start(): StartedWorker {
  const worker = bundleWorker()
    ? new Worker(bundleUrl, { execArgv: flagsForBundle(process.execArgv) })
    : new Worker(workerEntry, { execArgv: ['--import', tsxLoader] });
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
