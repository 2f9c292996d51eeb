// Serves the built PWA (dist/) with Vite's preview server, which sends the COOP/COEP headers of
// vite.config.ts so the page is cross-origin isolated (SharedArrayBuffer for the worker pool).
import { existsSync } from 'node:fs';
import { preview } from 'vite';

export const DEFAULT_APP_PORT = 5173;

/** The origins the app is served from on `port` (both loopback spellings a user may type). */
export function appOriginsFor(port: number): string[] {
  return [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
}

export interface AppServer {
  readonly url: string;
  close(): Promise<void>;
}

export async function startAppServer(options: { port?: number; host?: string } = {}): Promise<AppServer> {
  if (!existsSync('dist/index.html')) {
    throw new Error('app: dist/index.html is missing; build the app first (`npm run build`)');
  }
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? DEFAULT_APP_PORT;
  const server = await preview({ preview: { host, port, strictPort: true, open: false }, logLevel: 'warn' });
  return {
    url: `http://${host}:${port}/`,
    close: () => server.close(),
  };
}
