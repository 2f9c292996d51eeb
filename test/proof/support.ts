// Shared setup for the proof tests: the real wasm kernel and the real Pedersen generators.
import { loadKernel } from '../../src/kernel/index.js';
import type { WasmKernel } from '../../src/kernel/kernel.js';
import type { Kernel } from '../../src/kernel/types.js';
import { commitmentKeyFor } from '../../src/proof/commitment-key.js';
import { prepareShape, type PreparedShape } from '../../src/proof/prepared-shape.js';
import type { R1csShape } from '../../src/proof/r1cs-types.js';

let kernel: Promise<WasmKernel & Kernel> | undefined;

export function testKernel(): Promise<WasmKernel & Kernel> {
  kernel ??= loadKernel();
  return kernel;
}

export async function testPrepared(shape: R1csShape): Promise<PreparedShape> {
  const k = await testKernel();
  return prepareShape(k, shape, commitmentKeyFor(k, shape));
}
