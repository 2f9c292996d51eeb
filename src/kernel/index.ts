// The WASM proving kernel: load it once, then call the typed face (see types.ts for encodings).
import { WasmKernel } from './kernel';
import { compileKernel, instantiateKernel } from './loader';
import type { Kernel } from './types';

export * from './types';
export { WasmKernel, CallScope } from './kernel';
export { compileKernel, instantiateKernel } from './loader';

/** A kernel instance with its own wasm memory (the compiled module is cached and shared). */
export async function loadKernel(module?: WebAssembly.Module): Promise<WasmKernel & Kernel> {
  return new WasmKernel(await instantiateKernel(module ?? (await compileKernel())));
}
