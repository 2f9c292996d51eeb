// The devnet config the page's own server gives (GET /devnet.json, src/node/devnet-config.ts): the
// devnet's L1 URL, its relay addresses, chain and faucet stake. Parsing is strict (a bad answer is
// reported and ignored, never half used); fetching never throws.
import { NETWORK_CONFIG_PATH, type NetworkConfig } from '../participant/network-config.js';
import { normalizeL1Url } from './home-l1.js';

export class NetworkConfigError extends Error {
  override name = 'NetworkConfigError';
}

const MAX_CONFIG_BYTES = 16 * 1024;
const MAX_RELAYS = 16;
const MAX_ADDRESS_LENGTH = 512;
export const CONFIG_TIMEOUT_MS = 3000;

/** Checks a /devnet.json body; throws NetworkConfigError naming the field that is wrong. */
export function parseNetworkConfig(body: string): NetworkConfig {
  if (body.length > MAX_CONFIG_BYTES)
    throw new NetworkConfigError(`the config is ${body.length} bytes (at most ${MAX_CONFIG_BYTES})`);
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw new NetworkConfigError('the config is not JSON');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new NetworkConfigError('the config is not a JSON object');
  const c = value as Record<string, unknown>;
  if (typeof c.l1Url !== 'string') throw new NetworkConfigError('l1Url must be a string');
  let l1Url: string;
  try {
    l1Url = normalizeL1Url(c.l1Url);
  } catch (e) {
    throw new NetworkConfigError(`l1Url: ${(e as Error).message}`);
  }
  const chainId = c.chainId ?? null;
  if (chainId !== null && !(typeof chainId === 'number' && Number.isSafeInteger(chainId) && chainId >= 0))
    throw new NetworkConfigError('chainId must be a non-negative integer or null');
  const relays = c.relays ?? [];
  if (!Array.isArray(relays) || relays.length > MAX_RELAYS)
    throw new NetworkConfigError(`relays must be a list of at most ${MAX_RELAYS} multiaddrs`);
  for (const r of relays)
    if (typeof r !== 'string' || !r.startsWith('/') || r.length > MAX_ADDRESS_LENGTH)
      throw new NetworkConfigError(`relays: "${String(r).slice(0, 60)}" is not a multiaddr`);
  const stake = c.stake ?? null;
  if (stake !== null && !(typeof stake === 'string' && /^[1-9]\d{0,30}$/.test(stake)))
    throw new NetworkConfigError('stake must be a positive decimal string or null');
  return { l1Url, chainId, relays: relays as string[], stake };
}

/** What the page's server said about its devnet. */
export type ServedConfig =
  | { state: 'served'; config: NetworkConfig }
  | { state: 'none'; reason: string }
  | { state: 'bad'; reason: string };

/** GET /devnet.json from the page's own origin; never throws. */
export async function fetchNetworkConfig(
  options: { fetch?: typeof fetch; timeoutMs?: number; base?: string } = {},
): Promise<ServedConfig> {
  const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  const url = new URL(NETWORK_CONFIG_PATH, options.base ?? globalThis.location?.href).href;
  let response: Response;
  let body: string;
  try {
    response = await fetchImpl(url, {
      cache: 'no-store',
      signal: AbortSignal.timeout(options.timeoutMs ?? CONFIG_TIMEOUT_MS),
    });
    body = await response.text();
  } catch {
    return { state: 'none', reason: 'the page server did not answer' };
  }
  if (response.status === 404) return { state: 'none', reason: 'the page server runs no devnet' };
  if (!response.ok) return { state: 'bad', reason: `the page server answered HTTP ${response.status}` };
  try {
    return { state: 'served', config: parseNetworkConfig(body) };
  } catch (e) {
    if (e instanceof NetworkConfigError) return { state: 'bad', reason: e.message };
    throw e;
  }
}
