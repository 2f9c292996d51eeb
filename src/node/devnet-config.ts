// The devnet's NetworkConfig as the page's server gives it (GET /devnet.json): one Vite plugin for
// the dev server, the preview server and the devnet's own app server (which is a preview server).
// The config comes from the environment at request time: FERNET_DEVNET_CONFIG (JSON, set by the
// devnet launcher for the app server it runs in its own process), else L1_PORT and RELAY_ADDRESS
// (a developer running `vite` next to a devnet), else nothing: 404, and the page falls back to its
// remembered or default L1.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Plugin } from 'vite';
import { NETWORK_CONFIG_PATH, type NetworkConfig } from '../participant/network-config.js';

export const DEVNET_CONFIG_ENV = 'FERNET_DEVNET_CONFIG';

type Env = Readonly<Record<string, string | undefined>>;

/** The config the environment describes, or null when it describes none. */
export function devnetConfigFromEnv(env: Env = process.env): NetworkConfig | null {
  const raw = env[DEVNET_CONFIG_ENV];
  if (raw !== undefined && raw !== '') return JSON.parse(raw) as NetworkConfig;
  const port = env.L1_PORT;
  if (port === undefined || port === '') return null;
  return {
    l1Url: `http://127.0.0.1:${Number(port)}/`,
    chainId: null,
    relays: env.RELAY_ADDRESS ? [env.RELAY_ADDRESS] : [],
    stake: null,
  };
}

/** Answers GET/HEAD /devnet.json; anything else goes on to the next handler. */
export function devnetConfigMiddleware(source: () => NetworkConfig | null = () => devnetConfigFromEnv()) {
  return (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== NETWORK_CONFIG_PATH || (req.method !== 'GET' && req.method !== 'HEAD')) {
      next();
      return;
    }
    const config = source();
    const body = JSON.stringify(config ?? { error: 'this server does not run a devnet' });
    res.statusCode = config ? 200 : 404;
    res.setHeader('Content-Type', 'application/json');
    // The devnet behind a page changes with every run: never cached (nor by the service worker).
    res.setHeader('Cache-Control', 'no-store');
    res.end(req.method === 'HEAD' ? undefined : body);
  };
}

/** The /devnet.json endpoint on Vite's dev and preview servers. */
export function devnetConfigPlugin(): Plugin {
  return {
    name: 'fernet-devnet-config',
    configureServer(server) {
      server.middlewares.use(devnetConfigMiddleware());
    },
    configurePreviewServer(server) {
      server.middlewares.use(devnetConfigMiddleware());
    },
  };
}
