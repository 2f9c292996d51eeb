// The device check: what this machine offers against the proving target (16 threads, 32 GiB).
// Pure: the adapters probe the platform, this module only judges.

export interface ProvingTarget {
  threads: number;
  memoryGiB: number;
}

export const PROVING_TARGET: ProvingTarget = { threads: 16, memoryGiB: 32 };

/**
 * Browsers round `navigator.deviceMemory` to a power of two and clamp it to a browser-chosen
 * upper bound, at least 8 in every shipping browser. A value of 8 or more below the target may be
 * that clamp, so it cannot prove the device falls short.
 */
export const BROWSER_MEMORY_CLAMP_AT_LEAST = 8;

export type MemorySource = 'navigator.deviceMemory' | 'os.totalmem' | 'unavailable';

/** What the platform says about itself. */
export interface DeviceFacts {
  platform: 'browser' | 'node';
  /** Logical processors (navigator.hardwareConcurrency / os.availableParallelism()). */
  hardwareThreads: number;
  /** Memory in GiB as reported, or null when the platform does not say. */
  memoryGiB: number | null;
  memorySource: MemorySource;
  /** Whether workers can share memory (SharedArrayBuffer usable: cross-origin isolated in browsers). */
  sharedMemoryAvailable: boolean;
}

/** true / false when known, 'unknown' when the platform does not let us tell. */
export type Verdict = true | false | 'unknown';

export interface DeviceReport extends DeviceFacts {
  target: ProvingTarget;
  /** Workers the pool runs (hardware threads capped by the pool's setting). */
  poolSize: number;
  /** Whether the pool moves data through shared memory (else it transfers buffers). */
  sharedMemory: boolean;
  meetsThreadTarget: boolean;
  meetsMemoryTarget: Verdict;
  /** Both targets met; 'unknown' when threads are met but memory cannot be told. */
  meetsTarget: Verdict;
  /** One line for people. */
  summary: string;
}

export function judgeMemory(facts: Pick<DeviceFacts, 'memoryGiB' | 'memorySource'>, target: ProvingTarget): Verdict {
  const gib = facts.memoryGiB;
  if (gib === null) return 'unknown';
  if (gib >= target.memoryGiB) return true;
  if (facts.memorySource === 'navigator.deviceMemory' && gib >= BROWSER_MEMORY_CLAMP_AT_LEAST) return 'unknown';
  return false;
}

export function assessDevice(
  facts: DeviceFacts,
  pool: { poolSize: number; sharedMemory: boolean },
  target: ProvingTarget = PROVING_TARGET,
): DeviceReport {
  const meetsThreadTarget = facts.hardwareThreads >= target.threads;
  const meetsMemoryTarget = judgeMemory(facts, target);
  const meetsTarget: Verdict = !meetsThreadTarget || meetsMemoryTarget === false ? false : meetsMemoryTarget;
  return {
    ...facts,
    target,
    poolSize: pool.poolSize,
    sharedMemory: pool.sharedMemory,
    meetsThreadTarget,
    meetsMemoryTarget,
    meetsTarget,
    summary: summarize(facts, pool, target, meetsTarget),
  };
}

function summarize(
  facts: DeviceFacts,
  pool: { poolSize: number; sharedMemory: boolean },
  target: ProvingTarget,
  verdict: Verdict,
): string {
  const memory =
    facts.memoryGiB === null
      ? 'memory not reported'
      : facts.memorySource === 'navigator.deviceMemory'
        ? `about ${facts.memoryGiB} GiB reported by the browser (rounded, capped)`
        : `${facts.memoryGiB.toFixed(1)} GiB`;
  const head = verdict === true ? 'Meets' : verdict === false ? 'Below' : 'May meet';
  return (
    `${head} the ${target.threads}-thread / ${target.memoryGiB} GiB target: ` +
    `${facts.hardwareThreads} threads, ${memory}; pool of ${pool.poolSize} workers, ` +
    `${pool.sharedMemory ? 'shared memory' : 'transferred buffers'}.`
  );
}
