// The commitment key of a shape: the first numWitness generators of the W label and the first
// numConstraints generators of the E label, derived by the kernel's hash to the curve and cached.
import type { KernelExports } from '../kernel/loader.js';
import type { FixedBaseTable, Kernel } from '../kernel/types.js';
import { pedersenGenerators } from '../kernel/pedersen.js';
import type { CommitmentKey } from './commitment.js';
import { ERROR_GENERATORS_LABEL, WITNESS_GENERATORS_LABEL } from './commitment.js';
import type { R1csShape } from '../r1cs/types.js';

/** Fixed-base tables this thread's kernels hold, by generator label (registerCommitmentTable). */
const tablesOf = new WeakMap<Kernel, Map<string, FixedBaseTable>>();

/**
 * Makes commitment keys built for `kernel` from now on use this table for the label's generators
 * (it must be the table of that label's generators: loadCommitmentTables or a main thread's copy).
 */
export function registerCommitmentTable(kernel: Kernel, label: string, table: FixedBaseTable): void {
  let byLabel = tablesOf.get(kernel);
  if (!byLabel) tablesOf.set(kernel, (byLabel = new Map()));
  byLabel.get(label)?.free();
  byLabel.set(label, table);
}

export function commitmentKeyFor(
  kernel: Kernel,
  shape: Pick<R1csShape, 'numWitness' | 'numConstraints'>,
): CommitmentKey {
  // Generators are derived on the wasm exports directly (the kernel's hash to the curve).
  const raw = (kernel as Kernel & { raw?: KernelExports }).raw;
  if (!raw) throw new TypeError('commitment keys need the wasm kernel (loadKernel), not another Kernel');
  const w = tablesOf.get(kernel)?.get(WITNESS_GENERATORS_LABEL);
  const e = tablesOf.get(kernel)?.get(ERROR_GENERATORS_LABEL);
  const tablesCover = w && e && !w.freed && !e.freed && w.n >= shape.numWitness && e.n >= shape.numConstraints;
  return {
    w: pedersenGenerators(raw, WITNESS_GENERATORS_LABEL, shape.numWitness),
    e: pedersenGenerators(raw, ERROR_GENERATORS_LABEL, shape.numConstraints),
    ...(tablesCover ? { tables: { w, e } } : {}),
  };
}
