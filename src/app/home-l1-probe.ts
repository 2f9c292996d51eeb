// One GET /health against the L1 with a timeout. Never throws: every failure becomes an L1Status
// the page can show (the L1 is often simply not started).
import { L1HealthError, healthUrl, parseHealth, type L1Status } from './home-l1.js';

export const HEALTH_TIMEOUT_MS = 3000;
/** A health answer is a few dozen bytes; anything far larger is not our L1. */
const MAX_HEALTH_BYTES = 4096;

export async function probeL1(
  base: string,
  options: { timeoutMs?: number; fetch?: typeof fetch } = {},
): Promise<L1Status> {
  const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  const timeoutMs = options.timeoutMs ?? HEALTH_TIMEOUT_MS;
  let response: Response;
  let body: string;
  try {
    response = await fetchImpl(healthUrl(base), { cache: 'no-store', signal: AbortSignal.timeout(timeoutMs) });
    body = await response.text();
  } catch (e) {
    const err = e as Error;
    const reason =
      err.name === 'TimeoutError' || err.name === 'AbortError'
        ? `no answer within ${timeoutMs / 1000} s`
        : 'connection failed';
    return { state: 'unreachable', reason };
  }
  if (!response.ok) return { state: 'bad-answer', reason: `it answered HTTP ${response.status}` };
  if (body.length > MAX_HEALTH_BYTES)
    return { state: 'bad-answer', reason: `the answer is ${body.length} bytes, not a health report` };
  try {
    return { state: 'up', health: parseHealth(body) };
  } catch (e) {
    if (e instanceof L1HealthError) return { state: 'bad-answer', reason: e.message };
    throw e;
  }
}
