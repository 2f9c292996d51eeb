// Median wall time of repeated runs (shared by the bench runner and tuning scripts).
import { performance } from 'node:perf_hooks';

export async function median(fn: () => unknown | Promise<unknown>, runs: number, warmup = true): Promise<number> {
  if (warmup) await fn();
  const times: number[] = [];
  for (let i = 0; i < Math.max(1, runs); i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const mid = times.length >> 1;
  return times.length % 2 ? times[mid]! : (times[mid - 1]! + times[mid]!) / 2;
}
