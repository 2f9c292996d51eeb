// probeL1 against real HTTP servers: the real L1 API, a server that answers the wrong thing, one
// that never answers, and a port nothing listens on.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeL1 } from '../../src/app/home-l1-probe.js';
import { startDevnetL1, type DevnetL1 } from '../../src/node/devnet-l1.js';

function serve(handler: Parameters<typeof createServer>[1]): Promise<{ url: string; server: Server }> {
  const server = createServer(handler);
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server }),
    ),
  );
}

const closeServer = (s: Server) =>
  new Promise<void>((r) => {
    s.closeAllConnections();
    s.close(() => r());
  });

describe('probeL1', () => {
  let l1: DevnetL1;
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'home-probe-'));
    l1 = await startDevnetL1({ port: 0, dataDir: dir, verifier: 'simulated', slotMs: 60_000, log: () => {} });
  });
  afterAll(async () => {
    await l1?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('reads the slot and chain of a real L1', async () => {
    await l1.node.advanceSlots(3);
    const status = await probeL1(l1.url);
    expect(status).toEqual({ state: 'up', health: { chainId: l1.node.chainId, slot: l1.node.state.slot } });
    expect(l1.node.state.slot).toBeGreaterThanOrEqual(3);
  });

  it('reports a port nothing listens on as unreachable', async () => {
    const { url, server } = await serve(() => {});
    await closeServer(server); // the port was free a moment ago and is closed now
    expect(await probeL1(url)).toEqual({ state: 'unreachable', reason: 'connection failed' });
  });

  it('reports a silent server as unreachable after the timeout', async () => {
    const { url, server } = await serve(() => {}); // never answers
    try {
      expect(await probeL1(url, { timeoutMs: 200 })).toEqual({
        state: 'unreachable',
        reason: 'no answer within 0.2 s',
      });
    } finally {
      await closeServer(server);
    }
  });

  it('reports malformed, wrong and oversized answers', async () => {
    const bodies: Record<string, [number, string]> = {
      '/a/health': [200, '{"ok":tru'],
      '/b/health': [200, '{"ok":true,"chainId":1,"slot":"x"}'],
      '/c/health': [404, 'not found'],
      '/d/health': [200, JSON.stringify({ ok: true, chainId: 1, slot: 1, pad: 'x'.repeat(5000) })],
    };
    const { url, server } = await serve((req, res) => {
      const [status, body] = bodies[req.url ?? ''] ?? [500, ''];
      res.writeHead(status).end(body);
    });
    try {
      expect(await probeL1(`${url}a/`)).toEqual({ state: 'bad-answer', reason: 'the answer is not JSON: "{"ok":tru"' });
      expect(await probeL1(`${url}b/`)).toEqual({
        state: 'bad-answer',
        reason: 'slot must be a non-negative integer (got "x")',
      });
      expect(await probeL1(`${url}c/`)).toEqual({ state: 'bad-answer', reason: 'it answered HTTP 404' });
      expect(await probeL1(`${url}d/`)).toMatchObject({
        state: 'bad-answer',
        reason: expect.stringMatching(/bytes, not a health report/),
      });
    } finally {
      await closeServer(server);
    }
  });
});
