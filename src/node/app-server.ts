// Serves the built PWA (dist/) with Vite's preview server, which sends the COOP/COEP headers of
// vite.config.ts so the page is cross-origin isolated (SharedArrayBuffer for the worker pool).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { preview } from 'vite';
import type { NetworkConfig } from '../participant/network-config.js';
import { DEVNET_CONFIG_ENV } from './devnet-config.js';

export const DEFAULT_APP_PORT = 5173;

/** The origins the app is served from on `port` (both loopback spellings a user may type). */
export function appOriginsFor(port: number): string[] {
  return [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
}

export interface AppServer {
  readonly url: string;
  close(): Promise<void>;
}

export interface AppServerOptions {
  port?: number;
  host?: string;
  /** The built app (default dist/). */
  distDir?: string;
  /**
   * The devnet this server serves the app for: answered at GET /devnet.json (the plugin of
   * vite.config.ts reads it from this process's environment), so the page finds its L1 and relay.
   */
  devnet?: NetworkConfig;
}

export async function startAppServer(options: AppServerOptions = {}): Promise<AppServer> {
  const distDir = options.distDir ?? 'dist';
  if (!existsSync(join(distDir, 'index.html'))) {
    throw new Error(`app: ${join(distDir, 'index.html')} is missing; build the app first (\`npm run build\`)`);
  }
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? DEFAULT_APP_PORT;
  if (options.devnet) process.env[DEVNET_CONFIG_ENV] = JSON.stringify(options.devnet);
  // Vite's preview server installs its own SIGTERM (and stdin "end") handler that closes it and
  // exits with 143, racing the devnet's orderly shutdown: the devnet owns the process's signals.
  const sigterm = new Set(process.listeners('SIGTERM'));
  const stdinEnd = new Set(process.stdin.listeners('end'));
  const server = await preview({
    preview: { host, port, strictPort: true, open: false },
    build: { outDir: distDir },
    logLevel: 'warn',
  });
  for (const l of process.listeners('SIGTERM')) if (!sigterm.has(l)) process.off('SIGTERM', l);
  for (const l of process.stdin.listeners('end')) if (!stdinEnd.has(l)) process.stdin.off('end', l as () => void);
  return {
    url: `http://${host}:${port}/`,
    close: () => server.close(),
  };
}
