// The L1's HTTP JSON API (node:http), shaped like an Ethereum RPC endpoint: POST a JSON-RPC 2.0
// request { jsonrpc, id, method, params } to "/". Unlike plain JSON-RPC the HTTP status also
// tells what went wrong (400 malformed / invalid params, 401 bad signature, 403 foreign origin,
// 404 unknown method, 409 nonce, 413 too large, 415 not JSON, 422 rule broken or proof rejected,
// 503 log failed or busy), so browser code and curl users see the class of error without parsing
// the body. A bad request costs little: the origin and content type are checked before the body
// is read, the body is capped per method while it streams (the method is read from the first
// bytes), and only then parsed. CORS answers only the configured app origins.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ProtocolError } from '../protocol/index.js';
import {
  AuthorisationError,
  LogFailedError,
  NonceError,
  ProofRejectedError,
  RequestTooLargeError,
  SchemaError,
  StateRuleError,
  UnknownMethodError,
} from './errors.js';
import { CanonicalEncodingError } from './canonical.js';
import { accountId } from './hex.js';
import { SIGNED_METHODS, SMALL_BODY_BYTES, isSignedMethod } from './methods.js';
import type { L1Node } from './node.js';
import { hexBytes, integer, object, type Validator } from './schema.js';
import {
  queryAccount,
  queryBlock,
  queryBlocks,
  queryElection,
  queryStaker,
  queryStakers,
  queryStatus,
} from './queries.js';
import { receiptView } from './views.js';

/** The largest body any method accepts (l1_submitProof's); each method has its own, smaller or equal, cap. */
export const DEFAULT_MAX_BODY_BYTES = Math.max(...Object.values(SIGNED_METHODS).map((m) => m.maxBodyBytes));
/** How far into a body the method name is looked for (a client names it before params). */
const METHOD_PREFIX_BYTES = 4096;
/** Requests with bodies above SMALL_BODY_BYTES in flight at once (read, checked, answered); more get a 503 (bounds memory). */
const MAX_LARGE_BODIES = 2;

export const RPC_ERRORS = {
  parse: -32700,
  invalidRequest: -32600,
  methodNotFound: -32601,
  invalidParams: -32602,
  internal: -32603,
  unauthorised: 1001,
  nonce: 1002,
  rule: 1003,
  proofRejected: 1004,
  unavailable: 1005,
} as const;

export interface L1ServerOptions {
  host?: string;
  port?: number;
  /** A ceiling over every method's own cap. */
  maxBodyBytes?: number;
  /** Enables l1_devAdvanceSlots (tests and devnets with a manual clock); off unless asked for. */
  devMethods?: boolean;
  /**
   * Origins (e.g. "http://127.0.0.1:5173") whose pages may call the API; CORS answers only these,
   * and a request carrying any other Origin header is refused (403). Non-browser clients send none.
   */
  allowedOrigins?: readonly string[];
  log?: (line: string) => void;
}

type Query = { params: Validator<unknown>; run: (node: L1Node, params: never) => unknown };

function query<P>(params: Validator<P>, run: (node: L1Node, params: P) => unknown): Query {
  return { params, run: run as Query['run'] };
}

const publicKeyParam = object({ publicKey: hexBytes({ bytes: 48 }) });

const QUERIES: Record<string, Query> = {
  l1_status: query(object({}), (node) => queryStatus(node.state)),
  l1_getStaker: query(publicKeyParam, (node, p) => queryStaker(node.state, accountId(p.publicKey))),
  l1_getStakers: query(object({}), (node) => queryStakers(node.state)),
  l1_getAccount: query(publicKeyParam, (node, p) => queryAccount(node.state, accountId(p.publicKey))),
  l1_getBlock: query(object({ number: integer({ min: 1 }) }), (node, p) => queryBlock(node.state, p.number)),
  l1_getBlocks: query(object({ from: integer({ min: 0 }), limit: integer({ min: 1, max: 1000 }) }), (node, p) =>
    queryBlocks(node.state, p.from, p.limit),
  ),
  l1_getElection: query(object({ committeeSize: integer({ min: 0, max: 1 << 24 }) }), (node, p) =>
    queryElection(node.state, p.committeeSize),
  ),
};

const DEV_QUERIES: Record<string, Query> = {
  l1_devAdvanceSlots: query(object({ slots: integer({ min: 1, max: 1_000_000 }) }), async (node, p) =>
    receiptView(await node.advanceSlots(p.slots)),
  ),
};

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly errorName = 'HttpError',
  ) {
    super(message);
  }
}

function classify(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  const e = error as Error;
  if (e instanceof RequestTooLargeError) return new HttpError(413, RPC_ERRORS.invalidRequest, e.message, e.name);
  if (e instanceof CanonicalEncodingError) return new HttpError(400, RPC_ERRORS.invalidParams, e.message, e.name);
  if (e instanceof SchemaError) return new HttpError(400, RPC_ERRORS.invalidParams, e.message, e.name);
  if (e instanceof UnknownMethodError) return new HttpError(404, RPC_ERRORS.methodNotFound, e.message, e.name);
  if (e instanceof AuthorisationError) return new HttpError(401, RPC_ERRORS.unauthorised, e.message, e.name);
  if (e instanceof NonceError) return new HttpError(409, RPC_ERRORS.nonce, e.message, e.name);
  if (e instanceof ProofRejectedError) return new HttpError(422, RPC_ERRORS.proofRejected, e.message, e.name);
  if (e instanceof StateRuleError || e instanceof ProtocolError)
    return new HttpError(422, RPC_ERRORS.rule, e.message, e.name);
  if (e instanceof LogFailedError || e instanceof BusyError)
    return new HttpError(503, RPC_ERRORS.unavailable, e.message, e.name);
  return new HttpError(500, RPC_ERRORS.internal, 'internal error', 'InternalError');
}

function setCors(res: ServerResponse, origin: string | undefined): void {
  // The PWA is cross-origin isolated (COEP require-corp): let it embed our responses.
  res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
  res.setHeader('Vary', 'Origin');
  if (origin === undefined) return;
  res.setHeader('Access-Control-Allow-Origin', origin);
  res.setHeader('Access-Control-Allow-Methods', 'POST, GET, OPTIONS');
  res.setHeader('Access-Control-Allow-Headers', 'content-type');
  res.setHeader('Access-Control-Max-Age', '600');
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** The client went away before its body arrived: nothing to answer, nothing to log as an error. */
class ClientAbortedError extends Error {
  override name = 'ClientAbortedError';
}

const METHOD_FIELD = /"method"\s*:\s*"([A-Za-z0-9_]{1,64})"/;

/** The cap for a method name (unknown and query methods get the small cap). */
function capFor(method: string | undefined, ceiling: number): number {
  const own = method !== undefined && isSignedMethod(method) ? SIGNED_METHODS[method].maxBodyBytes : SMALL_BODY_BYTES;
  return Math.min(own, ceiling);
}

function tooLarge(limit: number, method: string | undefined): RequestTooLargeError {
  return new RequestTooLargeError(limit, method);
}

interface BodyReader {
  /** Called when the body grows past SMALL_BODY_BYTES; false refuses it (server busy). */
  admitLarge(): boolean;
  releaseLarge(): void;
}

/** Whether a request holds one of the large-body slots (until it is answered). */
interface LargeTicket {
  held: boolean;
}

/**
 * Reads the body, capped while it streams: up to the small cap until the method is known from
 * the first bytes, then that method's cap. Never holds more than the cap in memory. A body past
 * the small cap takes a large-body slot, which `ticket` keeps until the caller answers.
 */
function readBody(req: IncomingMessage, ceiling: number, large: BodyReader, ticket: LargeTicket): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > ceiling) {
      reject(tooLarge(ceiling, undefined));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    let method: string | undefined;
    let sniffed = false;
    let limit = Math.min(SMALL_BODY_BYTES, ceiling);
    const finish = (error?: Error) => {
      if (done) return;
      done = true;
      if (error) reject(error);
      else resolve(Buffer.concat(chunks, size));
    };
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      chunks.push(chunk);
      if (!sniffed && (size >= METHOD_PREFIX_BYTES || size > limit)) {
        sniffed = true;
        method = METHOD_FIELD.exec(Buffer.concat(chunks).subarray(0, METHOD_PREFIX_BYTES).toString('latin1'))?.[1];
        limit = capFor(method, ceiling);
        if (Number.isFinite(declared) && declared > limit) return finish(tooLarge(limit, method));
      }
      if (size > limit) return finish(tooLarge(limit, method));
      if (!ticket.held && size > SMALL_BODY_BYTES) {
        if (!large.admitLarge())
          return finish(new BusyError('the L1 is handling other large requests; retry in a moment'));
        ticket.held = true;
      }
    });
    req.on('end', () => finish());
    // An abort mid-body (the socket closed before the end) is the client's doing.
    req.on('aborted', () => finish(new ClientAbortedError('client aborted the request')));
    req.on('error', (e) =>
      finish((e as NodeJS.ErrnoException).code === 'ECONNRESET' ? new ClientAbortedError(e.message) : e),
    );
    req.on('close', () => {
      if (!req.complete) finish(new ClientAbortedError('client closed the connection mid-body'));
    });
  });
}

class BusyError extends Error {
  override name = 'BusyError';
}

export interface L1Server {
  readonly url: string;
  readonly server: Server;
  close(): Promise<void>;
}

export async function startL1Server(node: L1Node, options: L1ServerOptions = {}): Promise<L1Server> {
  const ceiling = Math.min(options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_BODY_BYTES);
  const log = options.log ?? (() => {});
  const queries = options.devMethods ? { ...QUERIES, ...DEV_QUERIES } : QUERIES;
  const allowedOrigins = new Set(options.allowedOrigins ?? []);
  let largeBodies = 0;
  const large: BodyReader = {
    admitLarge: () => largeBodies < MAX_LARGE_BODIES && ++largeBodies > 0,
    releaseLarge: () => void largeBodies--,
  };

  async function handleRpc(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const ticket: LargeTicket = { held: false };
    try {
      await answerRpc(req, res, ticket);
    } finally {
      if (ticket.held) large.releaseLarge();
    }
  }

  async function answerRpc(req: IncomingMessage, res: ServerResponse, ticket: LargeTicket): Promise<void> {
    let id: unknown = null;
    try {
      const body = await readBody(req, ceiling, large, ticket);
      let request: unknown;
      try {
        request = JSON.parse(body.toString('utf8'));
      } catch (e) {
        throw new HttpError(400, RPC_ERRORS.parse, `malformed JSON: ${(e as Error).message}`, 'ParseError');
      }
      if (Array.isArray(request))
        throw new HttpError(400, RPC_ERRORS.invalidRequest, 'batch requests are not supported', 'InvalidRequest');
      if (request === null || typeof request !== 'object')
        throw new HttpError(400, RPC_ERRORS.invalidRequest, 'request must be a JSON object', 'InvalidRequest');
      const r = request as Record<string, unknown>;
      id = typeof r.id === 'string' || typeof r.id === 'number' ? r.id : null;
      if (r.jsonrpc !== '2.0')
        throw new HttpError(400, RPC_ERRORS.invalidRequest, 'jsonrpc must be "2.0"', 'InvalidRequest');
      if (typeof r.method !== 'string')
        throw new HttpError(400, RPC_ERRORS.invalidRequest, 'method must be a string', 'InvalidRequest');
      for (const key of Object.keys(r)) {
        if (!['jsonrpc', 'id', 'method', 'params'].includes(key))
          throw new HttpError(400, RPC_ERRORS.invalidRequest, `unknown request field "${key}"`, 'InvalidRequest');
      }
      // The sniffed prefix may have named another method: hold the parsed one to its own cap.
      const cap = capFor(r.method, ceiling);
      if (body.length > cap) throw tooLarge(cap, r.method);
      let result: unknown;
      const q = Object.hasOwn(queries, r.method) ? queries[r.method] : undefined;
      if (q) result = await q.run(node, q.params(r.params ?? {}, 'params') as never);
      else if (isSignedMethod(r.method)) result = receiptView(await node.call(r.method, r.params));
      else throw new UnknownMethodError(`unknown method "${r.method.slice(0, 64)}"`);
      send(res, 200, { jsonrpc: '2.0', id, result });
    } catch (error) {
      if (error instanceof ClientAbortedError) {
        res.destroy();
        return;
      }
      const e = classify(error);
      if (e.status === 500) log(`L1 API internal error: ${(error as Error).stack ?? String(error)}`);
      if (!req.complete) {
        // Refused mid-body (413, busy): discard the rest unread and end the connection after the answer.
        res.setHeader('connection', 'close');
        req.resume();
      }
      send(res, e.status, {
        jsonrpc: '2.0',
        id,
        error: { code: e.code, message: e.message, data: { name: e.errorName } },
      });
    }
  }

  function refuse(res: ServerResponse, status: number, code: number, message: string, name: string): void {
    res.setHeader('connection', 'close');
    send(res, status, { jsonrpc: '2.0', id: null, error: { code, message, data: { name } } });
  }

  const server = createServer((req, res) => {
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedOrigins.has(origin)) {
      // A page from another origin (any site the user visits) gets nothing, preflight included.
      setCors(res, undefined);
      refuse(res, 403, RPC_ERRORS.invalidRequest, `origin ${origin.slice(0, 100)} is not allowed`, 'OriginNotAllowed');
      return;
    }
    setCors(res, origin);
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'OPTIONS') {
      res.writeHead(204).end();
      return;
    }
    if (path === '/health' && req.method === 'GET') {
      send(res, 200, { ok: true, chainId: node.chainId, slot: node.state.slot });
      return;
    }
    if (path !== '/') {
      send(res, 404, {
        jsonrpc: '2.0',
        id: null,
        error: {
          code: RPC_ERRORS.methodNotFound,
          message: `no such path ${path}; POST JSON-RPC to /`,
          data: { name: 'NotFound' },
        },
      });
      return;
    }
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST, OPTIONS');
      send(res, 405, {
        jsonrpc: '2.0',
        id: null,
        error: {
          code: RPC_ERRORS.invalidRequest,
          message: `use POST (got ${req.method})`,
          data: { name: 'MethodNotAllowed' },
        },
      });
      return;
    }
    // Only JSON: a text/plain or form body is what a foreign page can send without a preflight.
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/json') {
      refuse(
        res,
        415,
        RPC_ERRORS.invalidRequest,
        `content-type must be application/json (got ${type ? type.slice(0, 60) : 'none'})`,
        'UnsupportedMediaType',
      );
      return;
    }
    void handleRpc(req, res);
  });
  // Idle keep-alive sockets stay open longer than clients keep them (Node's 5 s default races a
  // client that reuses the socket just as the server closes it: ECONNRESET).
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}/`,
    server,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}
