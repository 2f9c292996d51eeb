// The WASM proving kernel: load it once, then call the typed face (see types.ts for encodings).
import { WasmKernel } from './kernel.js';
import { compileKernel, instantiateKernel } from './loader.js';
import type { Kernel } from './types.js';

export * from './types.js';
export { WasmKernel, CallScope } from './kernel.js';
export { compileKernel, instantiateKernel } from './loader.js';

/** A kernel instance with its own wasm memory (the compiled module is cached and shared). */
export async function loadKernel(module?: WebAssembly.Module): Promise<WasmKernel & Kernel> {
  return new WasmKernel(await instantiateKernel(module ?? (await compileKernel())));
}
