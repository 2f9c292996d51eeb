// The L1 API against hostile callers (issue 11): bodies capped per method while they stream, the
// cheapest checks first (no signature is checked for a call that a nonce, state or size check
// refuses), prototype names as fields, clients that vanish mid-body, foreign origins and
// non-JSON bodies, dev-only methods without the flag, and the stake bound.
import { connect } from 'node:net';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { signCall } from '../../src/l1/auth.js';
import { L1Client } from '../../src/l1/client.js';
import { L1RpcError } from '../../src/l1/errors.js';
import { startDevnetL1 } from '../../src/node/devnet-l1.js';
import { toHex } from '../../src/l1/hex.js';
import { NobleSignatureVerifier, type SignatureCheck, type SignatureVerifier } from '../../src/l1/signatures.js';
import { proveKeyPossession } from '../../src/protocol/index.js';
import { keyFor, postNextBlock, removeDir, startTestL1, TEST_APP_ORIGIN, type TestL1 } from './helpers.js';

/** The node's real verifier, counting what it is asked to check. */
class CountingVerifier implements SignatureVerifier {
  readonly impl = 'noble';
  checks = 0;
  private readonly inner = new NobleSignatureVerifier();
  verifyAll(checks: readonly SignatureCheck[]) {
    this.checks += checks.length;
    return this.inner.verifyAll(checks);
  }
  async close() {}
}

type RpcBody = { result?: unknown; error?: { code: number; message: string; data: { name: string } } };

async function postTo(url: string, body: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const text = await res.text();
  expect(text).not.toMatch(/\n\s+at /); // never a stack trace in an answer
  return { status: res.status, headers: res.headers, body: JSON.parse(text) as RpcBody };
}

const BOGUS_SIGNATURE = `0x${'ab'.repeat(96)}`;

function bogusCall(method: string, params: Record<string, unknown>, nonce = 0) {
  return JSON.stringify({
    jsonrpc: '2.0',
    id: 1,
    method,
    params: { signer: toHex(keyFor(1).publicKey), nonce, params, signature: BOGUS_SIGNATURE },
  });
}

/**
 * Streams a body of `total` bytes (chunked, so only the streaming cap can stop it) over a raw
 * socket, `prefix` first, in 64 KiB writes that wait for the socket to drain. Resolves with the
 * answer's status line and how many body bytes had been written when the answer arrived.
 */
function streamHuge(
  url: string,
  prefix: string,
  total: number,
): Promise<{ statusLine: string; sentBeforeAnswer: number }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let sent = 0;
    let answered = false;
    let answer = '';
    socket.on('data', (d) => {
      answer += d.toString('latin1');
      if (!answered) {
        answered = true;
        const sentBeforeAnswer = sent;
        socket.destroy();
        resolve({ statusLine: answer.split('\r\n')[0]!, sentBeforeAnswer });
      }
    });
    socket.on('error', (e) => {
      if (!answered) reject(e);
    });
    socket.on('connect', async () => {
      socket.write(
        `POST / HTTP/1.1\r\nhost: ${hostname}\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n`,
      );
      const chunk = (data: Buffer) => `${data.length.toString(16)}\r\n${data.toString('latin1')}\r\n`;
      socket.write(chunk(Buffer.from(prefix)));
      sent = prefix.length;
      const filler = Buffer.alloc(64 * 1024, 0x41);
      while (!answered && !socket.destroyed && sent < total) {
        if (!socket.write(chunk(filler))) await new Promise((r) => socket.once('drain', r));
        sent += filler.length;
      }
    });
  });
}

describe('size caps and the order of checks', () => {
  let t: TestL1;
  const counting = new CountingVerifier();
  beforeAll(async () => {
    // The server's default caps (no test ceiling): what the devnet runs with.
    t = await startTestL1({}, undefined, { server: { maxBodyBytes: undefined }, signatures: counting });
  });
  afterAll(async () => {
    await t.stop();
    await removeDir(t.dir);
  });

  test.each([
    ['l1_register', 'stake'],
    ['l1_postBlock', 'header'],
    ['l1_signOff', 'signOff'],
    ['l1_status', 'pad'],
  ])('a 32 MiB bogus-signed %s is refused with 413 while it streams', async (method, field) => {
    const before = counting.checks;
    const prefix = `{"jsonrpc":"2.0","id":1,"method":"${method}","params":{"signer":"${toHex(keyFor(1).publicKey)}","nonce":0,"params":{"${field}":"`;
    const { statusLine, sentBeforeAnswer } = await streamHuge(t.server.url, prefix, 32 * 1024 * 1024);
    expect(statusLine).toBe('HTTP/1.1 413 Payload Too Large');
    // Refused after the cap (16 KiB, 32.6 KiB for a sign-off), far from the 32 MiB sent at it
    // (socket buffers let a little more through before the answer is read).
    expect(sentBeforeAnswer).toBeLessThan(4 * 1024 * 1024);
    expect(counting.checks).toBe(before);
  });

  test('at most two large bodies are read at once: a third is refused with 503, and slots come back', async () => {
    const { hostname, port } = new URL(t.server.url);
    const prefix = `{"jsonrpc":"2.0","id":1,"method":"l1_submitProof","params":{"signer":"${toHex(keyFor(1).publicKey)}","nonce":0,"params":{"blockNumber":1,"proof":"0x`;
    /** Opens a connection that sends 40 KiB of a proof body and then stalls; resolves with its first answer bytes, if any. */
    const stall = () => {
      const socket = connect(Number(port), hostname);
      let answer = '';
      socket.on('data', (d) => (answer += d.toString('latin1')));
      socket.on('error', () => {});
      socket.write(
        `POST / HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: ${32 * 1024 * 1024}\r\n\r\n${prefix}${'00'.repeat(20 * 1024)}`,
      );
      return { socket, answer: () => answer };
    };
    const first = stall();
    const second = stall();
    await new Promise((r) => setTimeout(r, 300));
    const third = stall();
    const deadline = Date.now() + 10_000;
    while (!third.answer() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(third.answer().split('\r\n')[0]).toBe('HTTP/1.1 503 Service Unavailable');
    expect(third.answer()).toContain('the L1 is handling other large requests; retry in a moment');
    expect(first.answer()).toBe('');
    expect(second.answer()).toBe('');
    // Clients that go away give their slot back.
    first.socket.destroy();
    second.socket.destroy();
    third.socket.destroy();
    await new Promise((r) => setTimeout(r, 300));
    const again = await postTo(
      t.server.url,
      bogusCall('l1_submitProof', { blockNumber: 1, proof: `0x${'00'.repeat(20 * 1024)}` }),
    );
    expect(again.status).toBe(422); // read whole, then refused by the state (no block is open)
  });

  test('the client sends a call refused as busy (503, not applied) again after a backoff; with no retries it names the 503', async () => {
    const { hostname, port } = new URL(t.server.url);
    const prefix = `{"jsonrpc":"2.0","id":1,"method":"l1_submitProof","params":{"signer":"${toHex(keyFor(1).publicKey)}","nonce":0,"params":{"blockNumber":1,"proof":"0x`;
    const stall = () => {
      const socket = connect(Number(port), hostname);
      socket.on('error', () => {});
      socket.write(
        `POST / HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: ${32 * 1024 * 1024}\r\n\r\n${prefix}${'00'.repeat(20 * 1024)}`,
      );
      return socket;
    };
    const held = [stall(), stall()];
    await new Promise((r) => setTimeout(r, 300));
    const key = keyFor(7);
    const proof = new Uint8Array(20 * 1024);
    const impatient = new L1Client(t.server.url, { busyRetry: { attempts: 0 } });
    const refused = await impatient.submitProof(key.secretKey, 1, proof).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(L1RpcError);
    expect(refused).toMatchObject({ status: 503, errorName: 'BusyError' });
    // A patient client keeps trying; once the slots come back its call is read and judged.
    const patient = new L1Client(t.server.url, { busyRetry: { attempts: 10, baseMs: 100, maxMs: 400 } });
    const judged = patient.submitProof(key.secretKey, 1, proof).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 500));
    for (const socket of held) socket.destroy();
    const answer = await judged;
    expect(answer).toBeInstanceOf(L1RpcError);
    expect(answer).toMatchObject({ status: 422 });
    expect((answer as L1RpcError).message).toMatch(/no block|not open|open block/i);
  });

  test('the 413 names the method’s cap; a declared length over it is refused before reading', async () => {
    const r = await postTo(
      t.server.url,
      bogusCall('l1_register', { stake: '1'.repeat(20_000), possessionProof: '0x' }),
    );
    expect(r.status).toBe(413);
    expect(r.body.error?.message).toBe('request body exceeds 16384 bytes (the cap for l1_register)');
  });

  test('a 32 MiB bogus-signed final proof with no block to prove is refused by the state, before its signature', async () => {
    const before = counting.checks;
    const r = await postTo(
      t.server.url,
      bogusCall('l1_submitProof', { blockNumber: 1, proof: `0x${'00'.repeat(16 * 1024 * 1024 - 64)}` }),
    );
    expect(r).toMatchObject({ status: 422, body: { error: { data: { name: 'StateRuleError' } } } });
    expect(r.body.error?.message).toMatch(/^no block is open/);
    expect(counting.checks).toBe(before);
  });

  test('a sign-off’s declared committee is compared with the block’s before anything is decoded or verified', async () => {
    const stakers = Array.from({ length: 6 }, (_, i) => keyFor(10 + i));
    await postNextBlock(t.client, stakers, { committeeSize: 4, treeHeight: 1, threshold: 3 });
    const before = counting.checks;
    const declared = (n: number, bytes: number) => {
      const b = new Uint8Array(bytes);
      new DataView(b.buffer).setUint32(0, n);
      return toHex(b);
    };
    // 65536 declared signers (the largest sign-off the cap lets through) on a 4-member block.
    const wide = await postTo(
      t.server.url,
      bogusCall('l1_signOff', { blockNumber: 1, signOff: declared(65536, 4 + 8192 + 96) }),
    );
    expect(wide).toMatchObject({
      status: 422,
      body: {
        error: { message: 'sign-off names a committee of 65536; the block has 4', data: { name: 'StateRuleError' } },
      },
    });
    // 2^24 declared signers: the 4 MiB bitfield is not even read (the body cap stops it).
    const huge = await postTo(
      t.server.url,
      bogusCall('l1_signOff', { blockNumber: 1, signOff: declared(1 << 24, 4 + (1 << 21) + 96) }),
    );
    expect(huge.status).toBe(413);
    // The right count but a length that does not match it.
    const short = await postTo(t.server.url, bogusCall('l1_signOff', { blockNumber: 1, signOff: declared(4, 50) }));
    expect(short).toMatchObject({
      status: 422,
      body: {
        error: { message: 'sign-off: 50 bytes, expected 101 for a committee of 4', data: { name: 'MessageError' } },
      },
    });
    expect(counting.checks).toBe(before);
  });

  test('nonce and schema refusals come before the signature check', async () => {
    const k = keyFor(2);
    const first = signCall(k.secretKey, 1337, 'l1_register', 0, {
      stake: '1000',
      possessionProof: toHex(proveKeyPossession(k.secretKey)),
    });
    expect(
      (await postTo(t.server.url, JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'l1_register', params: first })))
        .status,
    ).toBe(200);
    const before = counting.checks;
    const replay = await postTo(
      t.server.url,
      JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'l1_register',
        params: { ...first, signature: BOGUS_SIGNATURE },
      }),
    );
    expect(replay).toMatchObject({
      status: 409,
      body: { error: { message: 'nonce 0 was already used by this account (replay?); next is 1' } },
    });
    const schema = await postTo(t.server.url, bogusCall('l1_exit', { extra: 1 }));
    expect(schema).toMatchObject({
      status: 400,
      body: { error: { message: 'params.extra: unknown field (allowed: none)' } },
    });
    expect(counting.checks).toBe(before);
    // A well-formed call with a bogus signature does reach the check, and is refused by it.
    const bogus = await postTo(t.server.url, bogusCall('l1_exit', {}));
    expect(bogus).toMatchObject({ status: 401, body: { error: { data: { name: 'AuthorisationError' } } } });
    expect(bogus.body.error?.message).toMatch(/^call signature rejected: signature is not a valid G2 point/);
    expect(counting.checks).toBe(before + 1);
  });

  test('stake has an upper bound, checked before the proof of possession', async () => {
    const before = counting.checks;
    for (const stake of [`1${'0'.repeat(77)}`, (t.node.state.params.maxStake + 1n).toString()]) {
      const r = await postTo(t.server.url, bogusCall('l1_register', { stake, possessionProof: BOGUS_SIGNATURE }, 0));
      expect(r).toMatchObject({
        status: 422,
        body: { error: { message: `stake ${stake} is above the maximum stake ${t.node.state.params.maxStake}` } },
      });
    }
    expect(counting.checks).toBe(before);
  });
});

describe('prototype names, aborted bodies, origins and content types', () => {
  let t: TestL1;
  const lines: string[] = [];
  beforeAll(async () => {
    t = await startTestL1({}, undefined, { server: { log: (l) => lines.push(l) } });
  });
  afterAll(async () => {
    await t.stop();
    await removeDir(t.dir);
  });

  test.each(['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf'])(
    '"%s" as a field is a clean 400 at every level',
    async (name) => {
      const k = keyFor(3);
      const signed = signCall(k.secretKey, 1337, 'l1_exit', 0, { [name]: 1 });
      const inner = await postTo(
        t.server.url,
        JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'l1_exit', params: signed }),
      );
      expect(inner).toMatchObject({
        status: 400,
        body: { error: { message: `params.${name}: unknown field (allowed: none)` } },
      });
      const envelope = await postTo(
        t.server.url,
        `{"jsonrpc":"2.0","id":1,"method":"l1_exit","params":{"signer":"${signed.signer}","nonce":0,"params":{},"signature":"${signed.signature}","${name}":1.5}}`,
      );
      expect(envelope).toMatchObject({
        status: 400,
        body: { error: { message: `call.${name}: unknown field (allowed: signer, nonce, signature)` } },
      });
      const query = await postTo(
        t.server.url,
        `{"jsonrpc":"2.0","id":1,"method":"l1_status","params":{"${name}":1.5}}`,
      );
      expect(query).toMatchObject({
        status: 400,
        body: { error: { message: `params.${name}: unknown field (allowed: none)` } },
      });
      expect(lines.filter((l) => l.includes('internal error'))).toEqual([]);
    },
  );

  test('a client that aborts mid-body is not an internal error', async () => {
    const { hostname, port } = new URL(t.server.url);
    for (let i = 0; i < 3; i++) {
      await new Promise<void>((resolve) => {
        const socket = connect(Number(port), hostname, () => {
          socket.write(
            `POST / HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 9000\r\n\r\n{"jsonrpc":"2.0","id":1,"method":"l1_exit","params":`,
          );
          setTimeout(() => {
            socket.destroy();
            resolve();
          }, 50);
        });
      });
    }
    await new Promise((r) => setTimeout(r, 200));
    expect(lines.filter((l) => l.includes('internal error'))).toEqual([]);
    expect((await fetch(new URL('/health', t.server.url))).status).toBe(200);
  });

  test('only JSON bodies: text/plain, forms and no content type are refused with 415, unread', async () => {
    const slot = t.node.state.slot;
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'l1_devAdvanceSlots', params: { slots: 5 } });
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const res = await fetch(t.server.url, { method: 'POST', headers: { 'content-type': type }, body });
      expect(res.status).toBe(415);
      expect(((await res.json()) as RpcBody).error?.message).toBe(
        `content-type must be application/json (got ${type.split(';')[0]})`,
      );
    }
    expect(t.node.state.slot).toBe(slot);
    const ok = await postTo(t.server.url, body, { 'content-type': 'application/json; charset=utf-8' });
    expect(ok.status).toBe(200);
    expect(t.node.state.slot).toBe(slot + 5);
  });

  test('a page from another origin cannot call anything, dev methods included', async () => {
    const slot = t.node.state.slot;
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'l1_devAdvanceSlots', params: { slots: 5 } });
    for (const origin of ['https://evil.example', 'http://127.0.0.1:1', 'null']) {
      const r = await postTo(t.server.url, body, { origin });
      expect(r).toMatchObject({
        status: 403,
        body: { error: { message: `origin ${origin} is not allowed`, data: { name: 'OriginNotAllowed' } } },
      });
      expect(r.headers.get('access-control-allow-origin')).toBeNull();
    }
    expect(t.node.state.slot).toBe(slot);
    expect((await postTo(t.server.url, body, { origin: TEST_APP_ORIGIN })).status).toBe(200);
  });
});

test('the devnet L1 has no dev-only methods unless started with the flag', async () => {
  for (const devMethods of [false, true]) {
    const dir = await mkdtemp(join(tmpdir(), 'l1-devflag-'));
    const l1 = await startDevnetL1({
      port: 0,
      dataDir: dir,
      verifier: 'simulated',
      slotMs: 3_600_000,
      devMethods,
      log: () => {},
    });
    const r = await postTo(
      l1.url,
      JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'l1_devAdvanceSlots', params: { slots: 3 } }),
    );
    if (devMethods) expect(r.status).toBe(200);
    else expect(r).toMatchObject({ status: 404, body: { error: { message: 'unknown method "l1_devAdvanceSlots"' } } });
    expect(l1.node.state.slot).toBe(devMethods ? 3 : 0);
    await l1.close();
    await removeDir(dir);
  }
});
