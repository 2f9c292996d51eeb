// The benchmark registry's contract: a suite measures some cases and records one row per case.

/** One measured row; rows from any two runs or devices compare by (name, impl, size, threads). */
export interface BenchResult {
  name: string;
  impl: string;
  size: number;
  threads: number;
  /** Median wall time in milliseconds. */
  ms: number;
}

export interface BenchContext {
  /** --quick: fewer sizes and runs, for a smoke check. */
  readonly quick: boolean;
  /** True when `--only` does not exclude this case (matches suite name or case name). */
  wants(caseName: string): boolean;
  /** Times `fn` `runs` times (after one warm-up unless warmup is false) and returns the median ms. */
  median(fn: () => unknown | Promise<unknown>, runs: number, warmup?: boolean): Promise<number>;
  /** Records a row (and prints it). */
  record(row: BenchResult): void;
  /** Progress line on stderr. */
  log(message: string): void;
}

export interface BenchSuite {
  /** Short id, used by --only. */
  name: string;
  description: string;
  /** Case names it can record (also accepted by --only). */
  cases: string[];
  run(ctx: BenchContext): Promise<void>;
}
