// The L1's HTTP JSON API (node:http), shaped like an Ethereum RPC endpoint: POST a JSON-RPC 2.0
// request { jsonrpc, id, method, params } to "/". Unlike plain JSON-RPC the HTTP status also
// tells what went wrong (400 malformed / invalid params, 401 bad signature, 404 unknown method,
// 409 nonce, 413 too large, 422 rule broken or proof rejected, 503 log failed), so browser code and
// curl users see the class of error without parsing the body. CORS is open so the PWA (any
// origin) can call it.
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
import { accountId } from './hex.js';
import { isSignedMethod } from './methods.js';
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

/** Room for the largest final proof as hex (2 characters a byte) plus its envelope. */
export const DEFAULT_MAX_BODY_BYTES = 2 * 16 * 1024 * 1024 + 64 * 1024;

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
  maxBodyBytes?: number;
  /** Enables l1_devAdvanceSlots (tests and devnets with a manual clock). */
  devMethods?: boolean;
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
  if (e instanceof SchemaError) return new HttpError(400, RPC_ERRORS.invalidParams, e.message, e.name);
  if (e instanceof UnknownMethodError) return new HttpError(404, RPC_ERRORS.methodNotFound, e.message, e.name);
  if (e instanceof AuthorisationError) return new HttpError(401, RPC_ERRORS.unauthorised, e.message, e.name);
  if (e instanceof NonceError) return new HttpError(409, RPC_ERRORS.nonce, e.message, e.name);
  if (e instanceof ProofRejectedError) return new HttpError(422, RPC_ERRORS.proofRejected, e.message, e.name);
  if (e instanceof StateRuleError || e instanceof ProtocolError)
    return new HttpError(422, RPC_ERRORS.rule, e.message, e.name);
  if (e instanceof LogFailedError) return new HttpError(503, RPC_ERRORS.unavailable, e.message, e.name);
  return new HttpError(500, RPC_ERRORS.internal, 'internal error', 'InternalError');
}

function setCors(res: ServerResponse): void {
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Access-Control-Allow-Methods', 'POST, GET, OPTIONS');
  res.setHeader('Access-Control-Allow-Headers', 'content-type');
  res.setHeader('Access-Control-Max-Age', '600');
  // The PWA is cross-origin isolated (COEP require-corp): let it embed our responses.
  res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      reject(new RequestTooLargeError(limit));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        reject(new RequestTooLargeError(limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => failed || resolve(Buffer.concat(chunks)));
    req.on('error', (e) => failed || reject(e));
  });
}

export interface L1Server {
  readonly url: string;
  readonly server: Server;
  close(): Promise<void>;
}

export async function startL1Server(node: L1Node, options: L1ServerOptions = {}): Promise<L1Server> {
  const limit = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const log = options.log ?? (() => {});
  const queries = options.devMethods ? { ...QUERIES, ...DEV_QUERIES } : QUERIES;

  async function handleRpc(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let id: unknown = null;
    try {
      const body = await readBody(req, limit);
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
      let result: unknown;
      const q = Object.hasOwn(queries, r.method) ? queries[r.method] : undefined;
      if (q) result = await q.run(node, q.params(r.params ?? {}, 'params') as never);
      else if (isSignedMethod(r.method)) result = receiptView(await node.call(r.method, r.params));
      else throw new UnknownMethodError(`unknown method "${r.method.slice(0, 64)}"`);
      send(res, 200, { jsonrpc: '2.0', id, result });
    } catch (error) {
      const e = classify(error);
      if (e.status === 500) log(`L1 API internal error: ${(error as Error).stack ?? String(error)}`);
      if (e.status === 413) {
        // Discard the rest of the oversized body (never buffered) and end the connection after the answer.
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

  const server = createServer((req, res) => {
    setCors(res);
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
