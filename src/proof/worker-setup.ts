// What a main thread hands its proving workers so that none of them derives generators or builds
// a shape again: the commitment generators (from the checked cache, src/proof/generator-store.ts)
// and the prepared shapes' R1CS matrices. The pool runs the `proof.setup` job in each worker as
// it starts (PoolOptions.setup); generator points travel in shared memory where it exists.
import type { CsrMatrix, Kernel } from '../kernel/types.js';
import type { GeneratorCache, GeneratorCacheError } from '../kernel/generator-cache.js';
import { adoptPedersenGenerators, type GeneratorSet, type PedersenKernel } from '../kernel/pedersen.js';
import type { R1csShape } from '../r1cs/types.js';
import { registerCommitmentTable } from './commitment-key.js';
import {
  generatorCacheKey,
  loadCommitmentGenerators,
  PUBLISHED_GENERATORS,
  type TableKernel,
} from './generator-store.js';
import { buildShape, preparedShape, registerShape, type ShapeName } from './shape-catalog.js';

/** A fixed-base table's bytes (the kernel's internal form) for a worker's kernel. */
export interface TableBytes {
  label: string;
  count: number;
  windowBits: number;
  bytes: Uint8Array;
}

export interface ProofSetupArgs {
  generators: GeneratorSet[];
  /** Fixed-base tables (hash-checked or built by the main thread), where the device's memory budget allows. */
  tables?: TableBytes[];
  /** Shapes to register and prepare (matrices uploaded, commitment key attached) before the first job. */
  shapes: Array<{ name: ShapeName; shape: R1csShape }>;
}

/** The pool's setup entry (PoolOptions.setup) for these generators and shapes. */
export function proofWorkerSetup(args: ProofSetupArgs): { job: 'proof.setup'; args: ProofSetupArgs } {
  return {
    job: 'proof.setup',
    args: {
      generators: args.generators.map(shareSet),
      tables: args.tables?.map((t) => ({ ...t, bytes: shareBytes(t.bytes) })),
      shapes: args.shapes.map(({ name, shape }) => ({ name, shape: shareShape(shape) })),
    },
  };
}

function shareSet(set: GeneratorSet): GeneratorSet {
  if (typeof SharedArrayBuffer !== 'function' || set.points.buffer instanceof SharedArrayBuffer) return set;
  const buffer = new SharedArrayBuffer(set.counters.length + set.points.length);
  const counters = new Uint8Array(buffer, 0, set.counters.length);
  const points = new Uint8Array(buffer, set.counters.length, set.points.length);
  counters.set(set.counters);
  points.set(set.points);
  return { label: set.label, counters, points };
}

function shareBytes<T extends Uint8Array | Uint32Array>(a: T): T {
  if (typeof SharedArrayBuffer !== 'function' || a.buffer instanceof SharedArrayBuffer) return a;
  const copy = new (a.constructor as new (b: SharedArrayBuffer) => T)(new SharedArrayBuffer(a.byteLength));
  copy.set(a as never);
  return copy;
}

/** The matrices in shared memory: workers read them in place instead of deserialising ~20 MB each. */
function shareShape(shape: R1csShape): R1csShape {
  const m = (x: CsrMatrix): CsrMatrix => ({
    ...x,
    rowPtr: shareBytes(x.rowPtr),
    colIdx: shareBytes(x.colIdx),
    values: shareBytes(x.values),
  });
  return { ...shape, A: m(shape.A), B: m(shape.B), C: m(shape.C) };
}

/** The worker's side: adopt the generators, register and prepare the shapes. */
export async function runSetupJob(args: ProofSetupArgs, ctx: { kernel(): Promise<Kernel> }): Promise<null> {
  for (const set of args.generators) adoptPedersenGenerators(set);
  const kernel = await ctx.kernel();
  for (const t of args.tables ?? []) {
    const k = kernel as TableKernel;
    registerCommitmentTable(kernel, t.label, k.fixedBaseTableFromBytes(t.bytes, t.count, t.windowBits));
  }
  for (const { name, shape } of args.shapes) {
    registerShape(name, shape);
    preparedShape(kernel, name);
  }
  return null;
}

/**
 * The pool setup a process can give its workers from a warm cache: the published generators
 * (hash-checked) and the named shapes, built once here. Undefined when the cache does not hold
 * the generators yet: deriving them here would block this thread for seconds at start, so the
 * workers derive their own on first use, as before (warm the cache with the bench or
 * `loadCommitmentGenerators`).
 */
export async function setupFromWarmCache(
  kernel: PedersenKernel,
  cache: GeneratorCache,
  shapeNames: readonly ShapeName[],
  onRejected?: (error: GeneratorCacheError) => void,
): Promise<ReturnType<typeof proofWorkerSetup> | undefined> {
  const present = await Promise.all(
    PUBLISHED_GENERATORS.map((p) =>
      cache.get(generatorCacheKey(p)).then(
        (b) => b !== null,
        () => false,
      ),
    ),
  );
  if (!present.every(Boolean)) return undefined;
  const loaded = await loadCommitmentGenerators(kernel, cache, { onRejected });
  if (loaded.derived.length > 0) return undefined; // an entry was refused and derived again: fine, but late
  return proofWorkerSetup({
    generators: loaded.sets,
    shapes: shapeNames.map((name) => ({ name, shape: buildShape(name) })),
  });
}
