// The hash the trees and the effects hash use, injected so the pure rules stay free of the
// kernel's wasm memory. Production: the kernel's Poseidon (BN254, t = 3, circomlib constants).
import type { Kernel } from '../kernel/types.js';

export interface FieldHasher {
  /** Poseidon(a, b) over BN254 Fr, t = 3; inputs and output are canonical field elements. */
  hash2(a: bigint, b: bigint): bigint;
}

/** The production hasher: the WASM kernel's Poseidon. */
export function kernelFieldHasher(kernel: Pick<Kernel, 'poseidon2'>): FieldHasher {
  return { hash2: (a, b) => kernel.poseidon2(a, b) };
}
