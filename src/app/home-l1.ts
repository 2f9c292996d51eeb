// Which L1 the home page watches, and what its GET /health answer means. Pure: no fetch, no DOM,
// no storage, so every rule here is unit-tested; main.ts and home-l1-probe.ts do the I/O.

/** Where `npm start` serves the devnet L1 (src/l1/devnet-l1.ts, DEFAULT_L1_PORT). */
export const DEFAULT_L1_URL = 'http://127.0.0.1:8645/';
/** The localStorage key that remembers a `?l1=` choice. */
export const L1_URL_STORAGE_KEY = 'fernet.l1Url';
/** Longer than any URL a person types; keeps a pasted blob out of storage and the page. */
const MAX_URL_LENGTH = 2048;

export class L1UrlError extends Error {
  override name = 'L1UrlError';
}

export class L1HealthError extends Error {
  override name = 'L1HealthError';
}

/**
 * An L1 base URL as the page uses it: http(s) only (the L1 speaks plain JSON over HTTP; other
 * schemes would make fetch do something else entirely), no credentials (they would be sent to
 * whoever the link points at), a trailing slash so `health` resolves next to the JSON-RPC root.
 */
export function normalizeL1Url(raw: string): string {
  const text = raw.trim();
  if (text === '') throw new L1UrlError('the L1 URL is empty');
  if (text.length > MAX_URL_LENGTH)
    throw new L1UrlError(`the L1 URL is ${text.length} characters long (at most ${MAX_URL_LENGTH})`);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new L1UrlError(`"${clip(text)}" is not a URL; expected something like ${DEFAULT_L1_URL}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new L1UrlError(`the L1 URL must start with http:// or https:// (got ${url.protocol})`);
  }
  if (url.username || url.password) throw new L1UrlError('the L1 URL must not carry a user name or password');
  url.search = '';
  url.hash = '';
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url.href;
}

export interface L1UrlChoice {
  url: string;
  /** Where the URL came from, for the page to say. */
  source: 'query' | 'served' | 'stored' | 'default';
  /** A URL to remember (only when `?l1=` gave a valid new one). */
  store?: string;
  /** Why a given value was ignored (bad `?l1=` or a corrupted stored value). */
  warnings: string[];
}

/**
 * `?l1=` wins and is remembered; then the L1 of the devnet whose server serves this page
 * (GET /devnet.json, already checked); then the remembered URL; then the devnet default. The
 * served L1 beats the remembered one: it is the devnet running now, a remembered URL may name
 * one that stopped. A bad `?l1=` is reported and ignored (the previous choice stays), a bad stored
 * value too.
 */
export function chooseL1Url(search: string, stored: string | null, served: string | null = null): L1UrlChoice {
  const warnings: string[] = [];
  const requested = new URLSearchParams(search).get('l1');
  if (requested !== null) {
    try {
      const url = normalizeL1Url(requested);
      return { url, source: 'query', store: url, warnings };
    } catch (e) {
      warnings.push(`Ignored ?l1=: ${(e as Error).message}.`);
    }
  }
  if (served !== null) return { url: served, source: 'served', warnings };
  if (stored !== null) {
    try {
      return { url: normalizeL1Url(stored), source: 'stored', warnings };
    } catch (e) {
      warnings.push(`Ignored the remembered L1 URL: ${(e as Error).message}.`);
    }
  }
  return { url: DEFAULT_L1_URL, source: 'default', warnings };
}

/** `<base>health`, the L1's GET endpoint (src/l1/http-server.ts). */
export function healthUrl(base: string): string {
  return new URL('health', base).href;
}

/** What GET /health answers: `{ ok: true, chainId, slot }`. */
export interface L1Health {
  chainId: number;
  slot: number;
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

/** Checks a /health body; throws L1HealthError naming what is wrong. */
export function parseHealth(body: string): L1Health {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw new L1HealthError(`the answer is not JSON: "${clip(body)}"`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new L1HealthError('the answer is not a JSON object');
  const h = value as Record<string, unknown>;
  if (h.ok !== true) throw new L1HealthError(`the L1 does not report ok (ok: ${JSON.stringify(h.ok) ?? 'missing'})`);
  if (!isCount(h.chainId))
    throw new L1HealthError(`chainId must be a non-negative integer (got ${JSON.stringify(h.chainId) ?? 'nothing'})`);
  if (!isCount(h.slot))
    throw new L1HealthError(`slot must be a non-negative integer (got ${JSON.stringify(h.slot) ?? 'nothing'})`);
  return { chainId: h.chainId, slot: h.slot };
}

/** One look at the L1. */
export type L1Status =
  | { state: 'up'; health: L1Health }
  | { state: 'unreachable'; reason: string }
  | { state: 'bad-answer'; reason: string };

export interface L1StatusView {
  tone: 'good' | 'bad';
  /** One or two words; changes only when the L1 goes up or down (the page announces it). */
  state: string;
  /** The current slot, or null when the L1 did not give one. */
  slot: number | null;
  chainId: number | null;
  detail: string;
}

/** The words for one look at the L1. */
export function describeL1Status(status: L1Status, url: string): L1StatusView {
  switch (status.state) {
    case 'up':
      return {
        tone: 'good',
        state: 'Live',
        slot: status.health.slot,
        chainId: status.health.chainId,
        detail: `The L1 at ${url} answers.`,
      };
    case 'unreachable':
      return {
        tone: 'bad',
        state: 'Unreachable',
        slot: null,
        chainId: null,
        detail: `No answer from ${url} (${status.reason}). Start the devnet with npm start, or point this page at another L1 below.`,
      };
    case 'bad-answer':
      return {
        tone: 'bad',
        state: 'Not an L1',
        slot: null,
        chainId: null,
        detail: `${url} answered, but ${status.reason}. Is this the Fernet L1?`,
      };
  }
}

function clip(text: string, max = 60): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
