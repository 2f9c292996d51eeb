// The Node L1's signature verifier: batches of checks run in worker threads, off the event loop,
// so reads are answered while signatures are checked. Each worker verifies with the native blst
// binding (@chainsafe/blst: hash-to-curve with the same ciphersuite tag as src/protocol/keys.ts,
// BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_), a batch in one randomised multi-pairing; if the
// native module is missing it falls back to the protocol's @noble/curves code. Proofs of
// possession use their own tag, which the binding does not take, so they go through noble in the
// worker. Node-only.
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { SignatureCheck, SignatureVerifier } from './signatures.js';

const workerEntry = new URL('../../workers/bls.node-worker.ts', import.meta.url);
// Absolute, so the worker finds tsx whatever the current directory is.
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

export interface NativeVerifierOptions {
  /** Worker threads (default: one per spare core, at least 1, at most 4). */
  threads?: number;
  /** Largest batch one worker checks at once. */
  maxBatch?: number;
  /** 'noble' forces the fallback (benchmarks compare the two). */
  prefer?: 'blst' | 'noble';
}

interface Pending {
  check: SignatureCheck;
  resolve(reason: string | null): void;
  reject(error: Error): void;
}

interface Lane {
  worker: Worker;
  busy: boolean;
  inFlight: Pending[];
}

export class NativeSignatureVerifier implements SignatureVerifier {
  private readonly queue: Pending[] = [];
  private closed = false;

  private constructor(
    private readonly lanes: Lane[],
    readonly impl: string,
    private readonly maxBatch: number,
  ) {
    for (const lane of lanes) {
      lane.worker.on('message', (reasons: Array<string | null>) => {
        const done = lane.inFlight;
        lane.inFlight = [];
        lane.busy = false;
        done.forEach((p, i) => p.resolve(reasons[i] ?? null));
        this.pump();
      });
      lane.worker.on('error', (e: Error) => this.fail(lane, e));
      lane.worker.on('exit', (code) => {
        if (!this.closed) this.fail(lane, new Error(`signature worker exited with code ${code}`));
      });
    }
  }

  /** Starts the workers; resolves once each has loaded its library. */
  static async start(options: NativeVerifierOptions = {}): Promise<NativeSignatureVerifier> {
    const threads = options.threads ?? Math.min(4, Math.max(1, availableParallelism() - 1));
    const lanes: Lane[] = [];
    let impl = '';
    for (let i = 0; i < threads; i++) {
      const worker = new Worker(workerEntry, {
        execArgv: ['--import', tsxLoader],
        workerData: { prefer: options.prefer ?? 'blst' },
      });
      impl = await new Promise<string>((resolve, reject) => {
        worker.once('message', (m: { ready: string }) => resolve(m.ready));
        worker.once('error', reject);
      });
      worker.unref();
      lanes.push({ worker, busy: false, inFlight: [] });
    }
    return new NativeSignatureVerifier(lanes, impl, options.maxBatch ?? 128);
  }

  /** Worker threads checking signatures. */
  get threads(): number {
    return this.lanes.length;
  }

  verifyAll(checks: readonly SignatureCheck[]): Promise<Array<string | null>> {
    if (this.closed) return Promise.reject(new Error('the signature verifier is closed'));
    const all = checks.map(
      (check) =>
        new Promise<string | null>((resolve, reject) => {
          this.queue.push({ check, resolve, reject });
        }),
    );
    this.pump();
    return Promise.all(all);
  }

  /** Hands queued checks to idle workers: everything that queued while they were busy is one batch. */
  private pump(): void {
    for (const lane of this.lanes) {
      if (this.queue.length === 0) return;
      if (lane.busy) continue;
      lane.busy = true;
      lane.inFlight = this.queue.splice(0, this.maxBatch);
      lane.worker.postMessage(lane.inFlight.map((p) => p.check));
    }
  }

  private fail(lane: Lane, error: Error): void {
    for (const p of [...lane.inFlight, ...this.queue]) p.reject(error);
    lane.inFlight = [];
    this.queue.length = 0;
    this.closed = true;
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.lanes.map((l) => l.worker.terminate()));
  }
}
