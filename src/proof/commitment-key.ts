// The commitment key of a shape: the first numWitness generators of the W label and the first
// numConstraints generators of the E label, derived by the kernel's hash to the curve and cached.
import type { KernelExports } from '../kernel/loader.js';
import type { Kernel } from '../kernel/types.js';
import { pedersenGenerators } from '../kernel/pedersen.js';
import type { CommitmentKey } from './commitment.js';
import { ERROR_GENERATORS_LABEL, WITNESS_GENERATORS_LABEL } from './commitment.js';
import type { R1csShape } from '../r1cs/types.js';

export function commitmentKeyFor(
  kernel: Kernel,
  shape: Pick<R1csShape, 'numWitness' | 'numConstraints'>,
): CommitmentKey {
  // Generators are derived on the wasm exports directly (the kernel's hash to the curve).
  const raw = (kernel as Kernel & { raw?: KernelExports }).raw;
  if (!raw) throw new TypeError('commitment keys need the wasm kernel (loadKernel), not another Kernel');
  return {
    w: pedersenGenerators(raw, WITNESS_GENERATORS_LABEL, shape.numWitness),
    e: pedersenGenerators(raw, ERROR_GENERATORS_LABEL, shape.numConstraints),
  };
}
