// The devnet config a page's server gives (GET /devnet.json): the environment it comes from, the
// endpoint on a real HTTP server, and the page's strict parse and fetch of it.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { NetworkConfigError, fetchNetworkConfig, parseNetworkConfig } from '../../src/app/devnet-config.js';
import { chooseL1Url } from '../../src/app/home-l1.js';
import { DEVNET_CONFIG_ENV, devnetConfigFromEnv, devnetConfigMiddleware } from '../../src/node/devnet-config.js';
import type { NetworkConfig } from '../../src/participant/network-config.js';

const CONFIG: NetworkConfig = {
  l1Url: 'http://127.0.0.1:9123/',
  chainId: 31337,
  relays: ['/ip4/127.0.0.1/tcp/40000/ws/p2p/12D3KooWEyoppNCUx8Yx66oV9fJnriXwCcXwDDUA2kj6vnc6iDEp'],
  stake: '32000',
};

describe('devnetConfigFromEnv', () => {
  it('reads the launcher JSON first', () => {
    expect(devnetConfigFromEnv({ [DEVNET_CONFIG_ENV]: JSON.stringify(CONFIG), L1_PORT: '1' })).toEqual(CONFIG);
  });
  it('falls back to L1_PORT and RELAY_ADDRESS', () => {
    expect(devnetConfigFromEnv({ L1_PORT: '9001', RELAY_ADDRESS: '/ip4/127.0.0.1/tcp/1/ws' })).toEqual({
      l1Url: 'http://127.0.0.1:9001/',
      chainId: null,
      relays: ['/ip4/127.0.0.1/tcp/1/ws'],
      stake: null,
    });
  });
  it('describes nothing without either', () => {
    expect(devnetConfigFromEnv({})).toBeNull();
  });
});

describe('GET /devnet.json', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    server = undefined;
  });
  async function serve(source: () => NetworkConfig | null, fallback = 'index'): Promise<string> {
    const handler = devnetConfigMiddleware(source);
    server = createServer((req, res) => handler(req, res, () => res.end(fallback)));
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  }

  it('serves the config uncached, and the page reads it back', async () => {
    const base = await serve(() => CONFIG);
    const res = await fetch(`${base}devnet.json?x=1`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toEqual(CONFIG);
    expect(await fetchNetworkConfig({ base })).toEqual({ state: 'served', config: CONFIG });
    // Other paths and methods pass on to the next handler.
    expect(await (await fetch(`${base}other`)).text()).toBe('index');
    expect(await (await fetch(`${base}devnet.json`, { method: 'POST' })).text()).toBe('index');
  });

  it('answers 404 without a devnet, which the page reads as "none"', async () => {
    const base = await serve(() => null);
    expect((await fetch(`${base}devnet.json`)).status).toBe(404);
    expect(await fetchNetworkConfig({ base })).toEqual({ state: 'none', reason: 'the page server runs no devnet' });
  });

  it('reports a server that answers something else', async () => {
    const handler = (_req: unknown, res: import('node:http').ServerResponse) => res.end('<!doctype html><p>app');
    server = createServer(handler);
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    expect(await fetchNetworkConfig({ base })).toEqual({ state: 'bad', reason: 'the config is not JSON' });
  });

  it('says "none" when nothing answers', async () => {
    const base = await serve(() => CONFIG);
    await new Promise<void>((r) => server!.close(() => r()));
    server = undefined;
    expect(await fetchNetworkConfig({ base })).toEqual({ state: 'none', reason: 'the page server did not answer' });
  });
});

describe('parseNetworkConfig', () => {
  it('normalises the L1 URL and defaults the optional fields', () => {
    expect(parseNetworkConfig('{"l1Url":"http://127.0.0.1:9000"}')).toEqual({
      l1Url: 'http://127.0.0.1:9000/',
      chainId: null,
      relays: [],
      stake: null,
    });
  });

  it.each([
    ['not json', 'the config is not JSON'],
    ['[1]', 'the config is not a JSON object'],
    ['{}', 'l1Url must be a string'],
    ['{"l1Url":"javascript:alert(1)"}', 'l1Url: the L1 URL must start with http:// or https:// (got javascript:)'],
    ['{"l1Url":"http://a/","chainId":-1}', 'chainId must be a non-negative integer or null'],
    ['{"l1Url":"http://a/","relays":"x"}', 'relays must be a list of at most 16 multiaddrs'],
    ['{"l1Url":"http://a/","relays":["ws://x"]}', 'relays: "ws://x" is not a multiaddr'],
    ['{"l1Url":"http://a/","relays":[7]}', 'relays: "7" is not a multiaddr'],
    ['{"l1Url":"http://a/","stake":"0"}', 'stake must be a positive decimal string or null'],
    ['{"l1Url":"http://a/","stake":32000}', 'stake must be a positive decimal string or null'],
    [`{"l1Url":"http://a/","pad":"${'x'.repeat(17000)}"}`, 'the config is 17030 bytes (at most 16384)'],
  ])('refuses %s', (body, message) => {
    expect(() => parseNetworkConfig(body)).toThrow(NetworkConfigError);
    expect(() => parseNetworkConfig(body)).toThrow(message);
  });
});

describe('chooseL1Url with a served devnet', () => {
  const served = 'http://127.0.0.1:9123/';
  it('takes the served L1 over the remembered one', () => {
    expect(chooseL1Url('', 'http://127.0.0.1:7777/', served)).toEqual({ url: served, source: 'served', warnings: [] });
  });
  it('still lets ?l1= win', () => {
    expect(chooseL1Url('?l1=http://127.0.0.1:1/', null, served).source).toBe('query');
  });
  it('falls back to it after a bad ?l1=', () => {
    const c = chooseL1Url('?l1=ftp://x', 'http://127.0.0.1:7777/', served);
    expect(c.url).toBe(served);
    expect(c.warnings).toEqual(['Ignored ?l1=: the L1 URL must start with http:// or https:// (got ftp:).']);
  });
});
