// The seam between the pool and its platform: how to start a worker, how to notice it died, and
// what the device offers. One implementation for browsers, one for Node.
import type { Endpoint } from 'comlink';
import type { DeviceFacts } from './device.js';

export interface StartedWorker {
  /** The comlink endpoint to the worker's job runtime. */
  readonly endpoint: Endpoint;
  /** Resolves with the reason when the worker stops on its own (exit, close, crash). */
  readonly lost: Promise<Error>;
  /** A Web Lock name the worker holds for life (browser), passed to the worker's init. */
  readonly lifeLock?: string;
  /** Start watching for the worker's death once it answered init. */
  watch(): void;
  /** Stop the worker now. `lost` does not fire for this. */
  terminate(): void;
}

export interface PlatformAdapter {
  readonly platform: DeviceFacts['platform'];
  start(): StartedWorker;
  facts(): DeviceFacts;
}
