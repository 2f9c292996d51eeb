// The home page's words for a DeviceReport (src/pool/device.ts judges; this only phrases).
// Pure, so every verdict and every "unknown" reason is unit-tested.
import { BROWSER_MEMORY_CLAMP_AT_LEAST, type DeviceReport, type Verdict } from '../pool/device.js';

export type Tone = 'good' | 'warn' | 'bad';

export interface DeviceRow {
  label: string;
  value: string;
  /** What the target asks, or why we cannot tell. */
  note: string;
  tone: Tone;
}

export interface DeviceView {
  tone: Tone;
  headline: string;
  advice: string;
  rows: DeviceRow[];
}

function tone(v: Verdict): Tone {
  return v === true ? 'good' : v === false ? 'bad' : 'warn';
}

function memoryRow(r: DeviceReport): DeviceRow {
  const target = `target ${r.target.memoryGiB} GiB`;
  if (r.memoryGiB === null) {
    return {
      label: 'Memory',
      value: 'unknown',
      note: `${target}; this browser does not report memory (navigator.deviceMemory is Chromium-only)`,
      tone: 'warn',
    };
  }
  if (r.memorySource === 'navigator.deviceMemory') {
    const capped = r.meetsMemoryTarget === 'unknown';
    return {
      label: 'Memory',
      value: capped ? `unknown (browser says ${r.memoryGiB} GiB)` : `about ${r.memoryGiB} GiB`,
      note: capped
        ? `${target}; browsers round memory down and cap what they report (at ${BROWSER_MEMORY_CLAMP_AT_LEAST} GiB or more) to limit fingerprinting, so the real figure may be higher`
        : target,
      tone: tone(r.meetsMemoryTarget),
    };
  }
  return { label: 'Memory', value: `${r.memoryGiB.toFixed(1)} GiB`, note: target, tone: tone(r.meetsMemoryTarget) };
}

export function describeDevice(r: DeviceReport): DeviceView {
  const target = `${r.target.threads}-thread / ${r.target.memoryGiB} GiB target`;
  const headline =
    r.meetsTarget === true
      ? `Meets the ${target}`
      : r.meetsTarget === false
        ? `Below the ${target}`
        : `May meet the ${target}`;
  const advice =
    r.meetsTarget === true
      ? 'This device can take a full share of a block proof.'
      : r.meetsTarget === false
        ? r.meetsThreadTarget
          ? 'Too little memory for a full share; it can still prove smaller shares and run the benchmark.'
          : `It can still prove, more slowly: ${r.hardwareThreads} of ${r.target.threads} threads. Run the benchmark to see how fast.`
        : 'Threads are enough; the browser hides whether memory is. Run the benchmark to see.';
  const shared = r.sharedMemoryAvailable;
  return {
    tone: tone(r.meetsTarget),
    headline,
    advice,
    rows: [
      {
        label: 'Threads',
        value: String(r.hardwareThreads),
        note: `target ${r.target.threads}; the prover runs ${r.poolSize} worker${r.poolSize === 1 ? '' : 's'}`,
        tone: r.meetsThreadTarget ? 'good' : 'bad',
      },
      memoryRow(r),
      {
        label: 'Shared memory',
        value: shared ? 'yes (cross-origin isolated)' : 'no',
        note: shared
          ? 'workers read one copy of the inputs'
          : 'the page is not cross-origin isolated (COOP/COEP headers missing), so inputs are copied to each worker: slower, still correct',
        tone: shared ? 'good' : 'warn',
      },
    ],
  };
}
