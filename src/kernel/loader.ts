// Loads the WASM kernel in Node and in the browser through one code path:
// `new URL(..., import.meta.url)` resolves next to this module; a `file:` URL is read from disk,
// anything else is fetched and compiled while streaming (Vite turns the pattern into an asset).

const WASM_URL = new URL('../../wasm/build/kernel.wasm', import.meta.url);

let compiled: Promise<WebAssembly.Module> | undefined;

/** The compiled kernel module, compiled once per realm and cached (workers may be sent it). */
export function compileKernel(): Promise<WebAssembly.Module> {
  compiled ??= compileFrom(WASM_URL).catch((err: unknown) => {
    compiled = undefined; // let a later call retry (e.g. the build was missing)
    throw err;
  });
  return compiled;
}

/** Compiles the kernel from a URL: `file:` is read from disk, anything else is fetched. */
export async function compileFrom(url: URL): Promise<WebAssembly.Module> {
  if (url.protocol === 'file:') {
    const fsModule = 'node:fs/promises'; // kept out of browser bundles
    const { readFile } = (await import(/* @vite-ignore */ fsModule)) as typeof import('node:fs/promises');
    return WebAssembly.compile(await readFile(url));
  }
  const response = await fetch(url);
  if (!response.ok) throw new Error(`kernel: fetching ${url.href} failed with HTTP ${response.status}`);
  if (
    typeof WebAssembly.compileStreaming === 'function' &&
    response.headers.get('content-type')?.startsWith('application/wasm')
  ) {
    return WebAssembly.compileStreaming(response);
  }
  // servers that send another MIME type: compile from the bytes instead
  return WebAssembly.compile(await response.arrayBuffer());
}

/** Raw exports of the kernel module (pointer-level; only the typed face uses these). */
export interface KernelExports {
  memory: WebAssembly.Memory;
  kernelVersion(): number;
  kalloc(size: number): number;
  kfree(ptr: number): void;
  [name: string]: unknown;
}

/** A fresh instance of the compiled module. */
export async function instantiateKernel(module?: WebAssembly.Module): Promise<KernelExports> {
  const instance = await WebAssembly.instantiate(module ?? (await compileKernel()), {
    env: {
      abort(_msg: number, _file: number, line: number, column: number): never {
        throw new Error(`kernel: wasm abort at ${line}:${column}`);
      },
    },
  });
  return instance.exports as unknown as KernelExports;
}
