// What a main thread hands its proving workers so that none of them derives generators or builds
// a shape again: the commitment generators (from the checked cache, src/proof/generator-store.ts)
// and the prepared shapes' R1CS matrices. The pool runs the `proof.setup` job in each worker as
// it starts (PoolOptions.setup); generator points travel in shared memory where it exists.
import type { GeneratorCache, GeneratorCacheError } from '../kernel/generator-cache.js';
import type { CsrMatrix, Kernel } from '../kernel/types.js';
import { adoptPedersenGenerators, type GeneratorSet, type PedersenKernel } from '../kernel/pedersen.js';
import type { R1csShape } from '../r1cs/types.js';
import { registerCommitmentTable } from './commitment-key.js';
import {
  generatorCacheKey,
  inSharedMemory,
  loadCommitmentGenerators,
  loadCommitmentTables,
  PUBLISHED_GENERATORS,
  type TableBytes,
} from './generator-store.js';
import { buildShape, preparedShape, registerShape, type ShapeName } from './shape-catalog.js';

export interface ProofSetupArgs {
  generators: GeneratorSet[];
  /**
   * Fixed-base tables (hash-checked or built by the main thread), where the device's memory
   * budget allows (commitmentTablesFit). On shared memory every worker reads the same copy.
   */
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
      tables: args.tables?.map(({ label, count, windowBits, bytes }) => ({
        label,
        count,
        windowBits,
        bytes: inSharedMemory(bytes),
      })),
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

/** The matrices in shared memory: workers read them in place instead of deserialising ~20 MB each. */
function shareShape(shape: R1csShape): R1csShape {
  const m = (x: CsrMatrix): CsrMatrix => ({
    ...x,
    rowPtr: inSharedMemory(x.rowPtr),
    colIdx: inSharedMemory(x.colIdx),
    values: inSharedMemory(x.values),
  });
  return { ...shape, A: m(shape.A), B: m(shape.B), C: m(shape.C) };
}

/** The worker's side: adopt the generators, register and prepare the shapes. */
export async function runSetupJob(args: ProofSetupArgs, ctx: { kernel(): Promise<Kernel> }): Promise<null> {
  for (const set of args.generators) adoptPedersenGenerators(set);
  const kernel = await ctx.kernel();
  // Read in place (no copy in this worker's kernel memory; without shared memory the worker
  // received its own copy of the bytes, still only one).
  for (const t of args.tables ?? [])
    registerCommitmentTable(kernel, t.label, kernel.fixedBaseTableShared(t.bytes, t.count, t.windowBits));
  for (const { name, shape } of args.shapes) {
    registerShape(name, shape);
    preparedShape(kernel, name);
  }
  return null;
}

export interface WarmSetupOptions {
  /** This thread's kernel: the tables, when given, are registered for it as well. */
  kernel: PedersenKernel & Kernel;
  cache: GeneratorCache;
  shapes: readonly ShapeName[];
  /** Hand over the fixed-base tables when the cache holds them (the caller decided they fit) [false]. */
  tables?: boolean;
  onRejected?: (error: GeneratorCacheError) => void;
}

/**
 * The pool setup a process can give its workers from a warm cache: the published generators
 * (hash-checked), the named shapes, built once here, and, when asked and cached, the fixed-base
 * tables in shared memory (registered for this thread's kernel too). Undefined when the cache
 * does not hold the generators yet: deriving them here would block this thread for seconds at
 * start, so the workers derive their own on first use, as before (warm the cache with the bench,
 * the devnet launcher or `loadCommitmentGenerators`). Tables are never built here.
 */
export async function setupFromWarmCache(
  options: WarmSetupOptions,
): Promise<ReturnType<typeof proofWorkerSetup> | undefined> {
  const { kernel, cache, onRejected } = options;
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
  let tables: TableBytes[] | undefined;
  if (options.tables) {
    const found = await loadCommitmentTables(kernel, cache, { cachedOnly: true, onRejected });
    // Both or none: a commitment key takes tables only when W's and E's are there.
    if (found.tables.length === 2) {
      tables = found.tables;
      for (const t of found.tables) registerCommitmentTable(kernel, t.label, t.table);
    } else for (const t of found.tables) t.table.free();
  }
  return proofWorkerSetup({
    generators: loaded.sets,
    shapes: options.shapes.map((name) => ({ name, shape: buildShape(name) })),
    ...(tables ? { tables } : {}),
  });
}
