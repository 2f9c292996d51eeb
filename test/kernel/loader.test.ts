import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { compileFrom, compileKernel, instantiateKernel, KernelBuildError } from '../../src/kernel/loader.js';
import { loadKernel } from '../../src/kernel/index.js';

// The browser branch of the loader (fetch + streaming compile) exercised from Node against a
// local HTTP server, with and without the application/wasm MIME type, and its failure path.
const wasm = readFileSync(new URL('../../wasm/build/kernel.wasm', import.meta.url));
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/kernel.wasm') res.writeHead(200, { 'content-type': 'application/wasm' }).end(wasm);
    else if (req.url === '/octet.wasm') res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(wasm);
    else res.writeHead(404).end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

test('fetch + streaming compile, and the bytes fallback for another MIME type', async () => {
  for (const path of ['/kernel.wasm', '/octet.wasm']) {
    const module = await compileFrom(new URL(path, base));
    const raw = await instantiateKernel(module);
    expect(raw.kernelVersion()).toBeGreaterThan(0);
  }
});

test('an HTTP error is reported with the status', async () => {
  await expect(compileFrom(new URL('/missing.wasm', base))).rejects.toThrow(/HTTP 404/);
});

test('the compiled module is cached; each loadKernel has its own memory', async () => {
  expect(await compileKernel()).toBe(await compileKernel());
  const a = await loadKernel();
  const b = await loadKernel(await compileKernel());
  expect(a.raw.memory).not.toBe(b.raw.memory);
  expect(a.frMul(3n, 5n)).toBe(15n);
  expect(b.frMul(3n, 5n)).toBe(15n);
});

test('a build without the exports this code calls is refused by name, not failed on first use', async () => {
  const empty = await WebAssembly.compile(Uint8Array.of(0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00));
  const err = await instantiateKernel(empty).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(KernelBuildError);
  expect((err as Error).message).toMatch(
    /^the kernel build lacks kernelVersion, kalloc, kfree, frMulBytes, frInverseBytes, .*hashToCurveCheckBatch: it is older than its sources \(npm run build:wasm\)$/,
  );
});
