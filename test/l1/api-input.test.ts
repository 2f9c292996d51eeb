// Bad input at the L1 API: every path answers with a precise status and message, and changes
// nothing.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { proveKeyPossession } from '../../src/protocol/index.js';
import { signCall } from '../../src/l1/auth.js';
import { toHex } from '../../src/l1/hex.js';
import { keyFor, removeDir, startTestL1, TEST_APP_ORIGIN, type TestL1 } from './helpers.js';

let t: TestL1;
beforeAll(async () => {
  t = await startTestL1();
});
afterAll(async () => {
  await t.stop();
  await removeDir(t.dir);
});

async function post(body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) {
  const res = await fetch(t.server.url, { method: 'POST', headers, body });
  return {
    status: res.status,
    headers: res.headers,
    body: (await res.json()) as { result?: unknown; error?: { code: number; message: string; data: { name: string } } },
  };
}

const rpc = (method: string, params?: unknown, extra: Record<string, unknown> = {}) =>
  post(JSON.stringify({ jsonrpc: '2.0', id: 7, method, params, ...extra }));

function registerCall(i: number, nonce = 0, chainId = 1337) {
  const k = keyFor(i);
  return signCall(k.secretKey, chainId, 'l1_register', nonce, {
    stake: '1000',
    possessionProof: toHex(proveKeyPossession(k.secretKey)),
  });
}

describe('request framing', () => {
  test('oversized body: 413 with the limit, nothing read into memory beyond it', async () => {
    const r = await post(
      JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'l1_status', params: { pad: 'x'.repeat(70 * 1024) } }),
    );
    expect(r.status).toBe(413);
    expect(r.body.error?.message).toBe(`request body exceeds ${64 * 1024} bytes`);
  });

  test('malformed JSON: 400 parse error with the parser message', async () => {
    const r = await post('{"jsonrpc": "2.0", "method": ');
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: -32700, data: { name: 'ParseError' } });
    expect(r.body.error?.message).toMatch(/^malformed JSON: /);
  });

  test('not a request object, batches, wrong version, stray fields: 400', async () => {
    expect((await post('[1,2]')).body.error?.message).toBe('batch requests are not supported');
    expect((await post('"hello"')).body.error?.message).toBe('request must be a JSON object');
    const v1 = await post(JSON.stringify({ jsonrpc: '1.0', id: 1, method: 'l1_status' }));
    expect(v1).toMatchObject({ status: 400, body: { error: { message: 'jsonrpc must be "2.0"' } } });
    const stray = await rpc('l1_status', {}, { extra: true });
    expect(stray).toMatchObject({ status: 400, body: { error: { message: 'unknown request field "extra"' } } });
  });

  test('unknown method: 404 naming it', async () => {
    const r = await rpc('eth_sendRawTransaction', []);
    expect(r).toMatchObject({
      status: 404,
      body: { id: 7, error: { code: -32601, message: 'unknown method "eth_sendRawTransaction"' } },
    });
  });

  test('wrong HTTP method and path: 405 and 404', async () => {
    const get = await fetch(t.server.url);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST, OPTIONS');
    const path = await fetch(new URL('/rpc', t.server.url), { method: 'POST', body: '{}' });
    expect(path.status).toBe(404);
    const health = await fetch(new URL('/health', t.server.url));
    expect(await health.json()).toMatchObject({ ok: true, chainId: 1337 });
  });

  test('CORS: only the app origin is answered; a foreign origin is refused, preflight included', async () => {
    const preflight = (origin: string) =>
      fetch(t.server.url, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        },
      });
    const pre = await preflight(TEST_APP_ORIGIN);
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe(TEST_APP_ORIGIN);
    expect(pre.headers.get('access-control-allow-methods')).toContain('POST');
    expect(pre.headers.get('access-control-allow-headers')).toBe('content-type');
    const r = await post(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'l1_status' }), {
      'content-type': 'application/json',
      origin: TEST_APP_ORIGIN,
    });
    expect(r.status).toBe(200);
    expect(r.headers.get('access-control-allow-origin')).toBe(TEST_APP_ORIGIN);
    const foreign = await preflight('https://evil.example');
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
    // Without an Origin header (curl, Node clients) there is nothing to answer for CORS.
    expect((await rpc('l1_status', {})).headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('schema validation of every field', () => {
  test('query params: type, length and unknown fields are named', async () => {
    const short = await rpc('l1_getStaker', { publicKey: '0x1234' });
    expect(short).toMatchObject({
      status: 400,
      body: { error: { code: -32602, message: 'params.publicKey: expected 48 bytes, got 2' } },
    });
    const upper = await rpc('l1_getAccount', { publicKey: '0xABCD' });
    expect(upper.body.error?.message).toBe('params.publicKey: expected 0x followed by lowercase hex digits');
    const missing = await rpc('l1_getBlock', {});
    expect(missing.body.error?.message).toBe('params.number: missing required field');
    const neg = await rpc('l1_getBlock', { number: -1 });
    expect(neg.body.error?.message).toMatch(/^params.number: must be an integer in \[1, /);
    const float = await rpc('l1_getBlock', { number: 1.5 });
    expect(float.body.error?.message).toBe('params.number: expected an integer, got number 1.5');
    const extra = await rpc('l1_status', { verbose: true });
    expect(extra.body.error?.message).toBe('params.verbose: unknown field (allowed: none)');
  });

  test('signed call envelope and params are validated before any signature work', async () => {
    const call = registerCall(1);
    const noSig = await rpc('l1_register', { ...call, signature: undefined });
    expect(noSig).toMatchObject({
      status: 400,
      body: { error: { message: 'call.signature: missing required field' } },
    });
    const badStake = await rpc('l1_register', { ...call, params: { ...call.params, stake: '10.5' } });
    expect(badStake.body.error?.message).toBe('params.stake: expected a decimal integer string, got "10.5"');
    const bigNumberStake = await rpc('l1_register', { ...call, params: { ...call.params, stake: 1000 } });
    expect(bigNumberStake.body.error?.message).toBe('params.stake: expected a decimal integer string, got number 1000');
    const stray = await rpc('l1_register', { ...call, params: { ...call.params, referrer: 'x' } });
    expect(stray.body.error?.message).toBe('params.referrer: unknown field (allowed: stake, possessionProof)');
    const nonce = await rpc('l1_register', { ...call, nonce: '0' });
    expect(nonce.body.error?.message).toBe('call.nonce: expected an integer, got "0"');
    expect(await t.client.getStaker(keyFor(1).publicKey)).toBeNull();
  });
});

describe('authorisation', () => {
  test('a tampered call, a foreign key, another chain: 401 and no state change', async () => {
    const call = registerCall(2);
    const tampered = await rpc('l1_register', { ...call, params: { ...call.params, stake: '999999' } });
    expect(tampered).toMatchObject({ status: 401, body: { error: { data: { name: 'AuthorisationError' } } } });
    expect(tampered.body.error?.message).toMatch(/signature does not verify/);
    const foreign = await rpc('l1_register', { ...call, signer: toHex(keyFor(3).publicKey) });
    expect(foreign.status).toBe(401);
    const otherChain = await rpc('l1_register', registerCall(2, 0, 1));
    expect(otherChain.status).toBe(401);
    const otherMethod = await rpc('l1_exit', { ...registerCall(2), params: {} });
    expect(otherMethod.status).toBe(401);
    const notAPoint = await rpc('l1_register', { ...call, signer: `0x${'11'.repeat(48)}` });
    expect(notAPoint.status).toBe(401);
    expect(notAPoint.body.error?.message).toMatch(/public key is not a valid G1 point/);
    expect(await t.client.getStaker(keyFor(2).publicKey)).toBeNull();
  });

  test('a wrong proof of possession is refused even with a valid call signature', async () => {
    const k = keyFor(4);
    const call = signCall(k.secretKey, 1337, 'l1_register', 0, {
      stake: '1000',
      possessionProof: toHex(proveKeyPossession(keyFor(5).secretKey)),
    });
    const r = await rpc('l1_register', call);
    expect(r).toMatchObject({
      status: 401,
      body: { error: { message: 'proof of possession does not verify for this key' } },
    });
  });

  test('replays are rejected: the same signed call twice, and a skipped nonce', async () => {
    const call = registerCall(6);
    expect((await rpc('l1_register', call)).status).toBe(200);
    const replay = await rpc('l1_register', call);
    expect(replay).toMatchObject({ status: 409, body: { error: { code: 1002, data: { name: 'NonceError' } } } });
    expect(replay.body.error?.message).toBe('nonce 0 was already used by this account (replay?); next is 1');
    const k = keyFor(6);
    const ahead = await rpc('l1_exit', signCall(k.secretKey, 1337, 'l1_exit', 5, {}));
    expect(ahead).toMatchObject({
      status: 409,
      body: { error: { message: "nonce 5 is ahead of the account's next nonce 1" } },
    });
    expect((await t.client.getAccount(k.publicKey)).nextNonce).toBe(1);
    // The right next nonce goes through.
    expect((await rpc('l1_exit', signCall(k.secretKey, 1337, 'l1_exit', 1, {}))).status).toBe(200);
  });

  test('rule violations are 422 with the rule named, and do not consume the nonce', async () => {
    const k = keyFor(7);
    const low = await rpc(
      'l1_register',
      signCall(k.secretKey, 1337, 'l1_register', 0, {
        stake: '5',
        possessionProof: toHex(proveKeyPossession(k.secretKey)),
      }),
    );
    expect(low).toMatchObject({ status: 422, body: { error: { message: 'stake 5 is below the minimum stake 100' } } });
    expect((await t.client.getAccount(k.publicKey)).nextNonce).toBe(0);
    const notOpen = await rpc(
      'l1_signOff',
      signCall(k.secretKey, 1337, 'l1_signOff', 0, { blockNumber: 1, signOff: '0x00' }),
    );
    expect(notOpen).toMatchObject({ status: 422 });
    expect(notOpen.body.error?.message).toMatch(/no block is open/);
  });
});
