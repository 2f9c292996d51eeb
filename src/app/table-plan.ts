// What a tab does about the fixed-base commitment tables (160 MiB for both; see docs/kernel.md):
// they make every commitment ≈ 13% cheaper, cost an eighth of the device's memory at most
// (commitmentTablesFit) and, once, ≈ 16 s of CPU to build, kept in IndexedDB afterwards.
import { commitmentTablesFit } from '../proof/generator-store.js';

/** Hardware threads from which a first visit builds the tables (≈ 2–3 s across the helpers). */
export const TABLE_BUILD_MIN_THREADS = 8;

export type TablePlan =
  /** They do not fit (memory unknown or too small): the variable-base MSM. */
  | 'off'
  /** Use them when this browser holds them already; never build them here (too few threads). */
  | 'cached-only'
  /** Use them, building them first on a first visit. */
  | 'build';

export interface TablePlanFacts {
  memoryGiB: number | null;
  hardwareThreads: number;
  /** Pool workers (each a kernel; this page's own kernel is one more). */
  workers: number;
  /** One copy in shared memory serves every worker (the page is cross-origin isolated). */
  sharedMemory: boolean;
}

export function commitmentTablePlan(f: TablePlanFacts): TablePlan {
  if (!commitmentTablesFit({ memoryGiB: f.memoryGiB, kernels: f.workers + 1, sharedMemory: f.sharedMemory }))
    return 'off';
  return f.hardwareThreads >= TABLE_BUILD_MIN_THREADS ? 'build' : 'cached-only';
}
