// A PeerTransport over plain HTTP on 127.0.0.1, for the multi-process devnet until the libp2p
// transport (src/net) takes over: the relay process keeps the peer directory and orders gossip
// (publish, long-poll), and every peer runs a small HTTP server from which others fetch its
// transcript chunks and payloads directly. Every body is size-capped before it is read.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MAX_GOSSIP_BYTES, type Topic } from '../participant/messages.js';
import { MAX_PAYLOAD_BYTES } from '../participant/block-work.js';
import type { PeerTransport, ServedChunk, ServedData } from '../participant/ports.js';
import { PeerMessageError } from '../participant/errors.js';

const MAX_CHUNK_RESPONSE_BYTES = 1024 * 1024;
const MAX_JSON_BYTES = 256 * 1024;
const KEEP_MESSAGES = 10_000;
const POLL_WAIT_MS = 5_000;

async function readBody(req: IncomingMessage, cap: number): Promise<Uint8Array> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > cap) throw new PeerMessageError(`body over ${cap} bytes`);
    parts.push(chunk);
  }
  return new Uint8Array(Buffer.concat(parts));
}

/** Reads a fetch response body, refusing more than `cap` bytes (checked while streaming). */
async function readCapped(res: Response, cap: number): Promise<Uint8Array> {
  const declared = Number(res.headers.get('content-length') ?? '0');
  if (declared > cap) throw new PeerMessageError(`response of ${declared} bytes is over the cap of ${cap}`);
  const reader = res.body?.getReader();
  if (!reader) return new Uint8Array(0);
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > cap) {
      await reader.cancel();
      throw new PeerMessageError(`response over the cap of ${cap} bytes`);
    }
    parts.push(value);
  }
  const out = new Uint8Array(size);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

function send(res: ServerResponse, status: number, body: Uint8Array | string, type = 'application/json'): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

interface Message {
  seq: number;
  topic: string;
  from: string;
  data: string;
}

export interface HttpRelay {
  readonly url: string;
  close(): Promise<void>;
}

/** The relay: peer directory and gossip order for the HTTP transport. */
export async function startHttpRelay(options: { port?: number; host?: string } = {}): Promise<HttpRelay> {
  const peers = new Map<string, string>();
  const messages: Message[] = [];
  let seq = 0;
  const waiters = new Set<() => void>();
  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://relay');
      try {
        if (req.method === 'POST' && url.pathname === '/join') {
          const body = JSON.parse(new TextDecoder().decode(await readBody(req, MAX_JSON_BYTES))) as {
            peerId?: unknown;
            url?: unknown;
          };
          if (typeof body.peerId !== 'string' || typeof body.url !== 'string' || body.peerId.length > 128)
            return send(res, 400, '{"error":"peerId and url are required"}');
          peers.set(body.peerId, body.url);
          return send(res, 200, '{}');
        }
        if (req.method === 'GET' && url.pathname === '/peers')
          return send(res, 200, JSON.stringify(Object.fromEntries(peers)));
        if (req.method === 'POST' && url.pathname === '/publish') {
          const topic = url.searchParams.get('topic') ?? '';
          const from = url.searchParams.get('from') ?? '';
          const data = await readBody(req, MAX_GOSSIP_BYTES);
          messages.push({ seq: ++seq, topic, from, data: Buffer.from(data).toString('hex') });
          if (messages.length > KEEP_MESSAGES) messages.splice(0, messages.length - KEEP_MESSAGES);
          for (const w of waiters) w();
          return send(res, 200, '{}');
        }
        if (req.method === 'GET' && url.pathname === '/poll') {
          const after = Number(url.searchParams.get('after') ?? '0');
          const pending = () => messages.filter((m) => m.seq > after);
          if (pending().length === 0) {
            await new Promise<void>((resolve) => {
              const done = () => {
                waiters.delete(done);
                clearTimeout(t);
                resolve();
              };
              const t = setTimeout(done, POLL_WAIT_MS);
              waiters.add(done);
              req.once('close', done);
            });
          }
          return send(res, 200, JSON.stringify({ seq, messages: pending() }));
        }
        send(res, 404, '{"error":"unknown route"}');
      } catch (e) {
        if (!res.headersSent) send(res, 400, JSON.stringify({ error: (e as Error).message }));
      }
    })();
  });
  const host = options.host ?? '127.0.0.1';
  const port = await listen(server, options.port ?? 0, host);
  return {
    url: `http://${host}:${port}/`,
    async close() {
      for (const w of waiters) w();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

export interface HttpTransportOptions {
  relayUrl: string;
  /** Readable prefix of the peer id. */
  name: string;
  host?: string;
}

/** A peer of the HTTP transport: joins the relay, polls gossip, serves and fetches data directly. */
export async function createHttpTransport(options: HttpTransportOptions): Promise<PeerTransport> {
  const host = options.host ?? '127.0.0.1';
  let served: ServedData | undefined;
  const server = createServer((req, res) => {
    const parts = (req.url ?? '').split('/').filter(Boolean);
    if (req.method !== 'GET') return send(res, 405, '');
    if (parts[0] === 'chunk' && parts.length === 3) {
      const c = served?.chunk(parts[1]!, Number(parts[2]));
      if (!c) return send(res, 404, '');
      const head = Buffer.alloc(4);
      head.writeUInt32BE(c.chunk.length);
      return send(res, 200, Buffer.concat([head, c.chunk, c.proof]), 'application/octet-stream');
    }
    if (parts[0] === 'payload' && parts.length === 4) {
      const p = served?.payload(parts[1]!, `${parts[2]}/${parts[3]}`);
      if (!p) return send(res, 404, '');
      return send(res, 200, p, 'application/octet-stream');
    }
    send(res, 404, '');
  });
  const port = await listen(server, 0, host);
  const myUrl = `http://${host}:${port}/`;
  const peerId = `${options.name}-${port}`;
  const relay = options.relayUrl.endsWith('/') ? options.relayUrl : `${options.relayUrl}/`;
  let directory = new Map<string, string>();
  const handlers = new Map<string, Set<(m: Uint8Array, from: string) => void>>();
  let closed = false;

  const join = async () => {
    await fetch(`${relay}join`, { method: 'POST', body: JSON.stringify({ peerId, url: myUrl }) });
  };
  const refresh = async () => {
    const res = await fetch(`${relay}peers`);
    directory = new Map(Object.entries((await res.json()) as Record<string, string>));
    // A restarted relay forgets us: join again.
    if (!directory.has(peerId)) await join();
  };
  await join();
  await refresh();
  const refresher = setInterval(() => void refresh().catch(() => {}), 1000);

  let after = 0;
  // Start from the relay's current position: gossip is about now, not history.
  after = ((await (await fetch(`${relay}poll?after=${Number.MAX_SAFE_INTEGER}`)).json()) as { seq: number }).seq;
  void (async () => {
    while (!closed) {
      try {
        const res = await fetch(`${relay}poll?after=${after}`);
        const body = (await res.json()) as { seq: number; messages: Message[] };
        if (body.seq < after) after = 0; // the relay restarted
        for (const m of body.messages) {
          after = Math.max(after, m.seq);
          if (m.from === peerId) continue;
          const data = new Uint8Array(Buffer.from(m.data, 'hex'));
          for (const h of handlers.get(m.topic) ?? []) h(data, m.from);
        }
      } catch {
        if (!closed) await new Promise((r) => setTimeout(r, 500));
      }
    }
  })();

  const urlOf = (peer: string) => {
    const u = directory.get(peer);
    if (!u) throw new PeerMessageError(`unknown peer ${peer}`);
    return u;
  };

  return {
    peerId,
    kind: 'http',
    async publish(topic: Topic, message: Uint8Array) {
      await fetch(`${relay}publish?topic=${encodeURIComponent(topic)}&from=${encodeURIComponent(peerId)}`, {
        method: 'POST',
        body: Buffer.from(message),
      });
    },
    subscribe(topic, handler) {
      let set = handlers.get(topic);
      if (!set) handlers.set(topic, (set = new Set()));
      set.add(handler);
      return () => set.delete(handler);
    },
    serve(data) {
      served = data;
    },
    peers: () => [...directory.keys()].filter((p) => p !== peerId),
    async fetchChunk(peer, commitment, index): Promise<ServedChunk | undefined> {
      const res = await fetch(`${urlOf(peer)}chunk/${commitment}/${index}`);
      if (res.status === 404) return undefined;
      if (!res.ok) throw new PeerMessageError(`peer ${peer} answered HTTP ${res.status}`);
      const body = await readCapped(res, MAX_CHUNK_RESPONSE_BYTES);
      if (body.length < 4) throw new PeerMessageError(`chunk response of ${body.length} bytes`);
      const len = new DataView(body.buffer, body.byteOffset).getUint32(0);
      if (4 + len > body.length) throw new PeerMessageError(`chunk length ${len} exceeds the response`);
      return { chunk: body.slice(4, 4 + len), proof: body.slice(4 + len) };
    },
    async fetchPayload(peer, commitment, node) {
      const res = await fetch(`${urlOf(peer)}payload/${commitment}/${node}`);
      if (res.status === 404) return undefined;
      if (!res.ok) throw new PeerMessageError(`peer ${peer} answered HTTP ${res.status}`);
      return readCapped(res, MAX_PAYLOAD_BYTES);
    },
    async close() {
      closed = true;
      clearInterval(refresher);
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
