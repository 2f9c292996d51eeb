// Judging a device against the 16-thread / 32 GiB proving target (pure).
import { describe, expect, it } from 'vitest';
import { assessDevice, type DeviceFacts, judgeMemory, PROVING_TARGET } from '../../src/pool/device.js';

const node = (threads: number, memoryGiB: number): DeviceFacts => ({
  platform: 'node',
  hardwareThreads: threads,
  memoryGiB,
  memorySource: 'os.totalmem',
  sharedMemoryAvailable: true,
});
const browser = (threads: number, memoryGiB: number | null): DeviceFacts => ({
  platform: 'browser',
  hardwareThreads: threads,
  memoryGiB,
  memorySource: memoryGiB === null ? 'unavailable' : 'navigator.deviceMemory',
  sharedMemoryAvailable: false,
});
const pool = { poolSize: 4, sharedMemory: false };

describe('assessDevice', () => {
  it('meets the target with 16 threads and 32 GiB', () => {
    const r = assessDevice(node(16, 32), pool);
    expect([r.meetsThreadTarget, r.meetsMemoryTarget, r.meetsTarget]).toEqual([true, true, true]);
    expect(r.summary).toMatch(
      /^Meets the 16-thread \/ 32 GiB target: 16 threads, 32\.0 GiB; pool of 4 workers, transferred buffers\.$/,
    );
  });

  it('is below the target when either resource falls short', () => {
    expect(assessDevice(node(8, 64), pool)).toMatchObject({
      meetsThreadTarget: false,
      meetsMemoryTarget: true,
      meetsTarget: false,
    });
    expect(assessDevice(node(32, 31.3), pool)).toMatchObject({
      meetsThreadTarget: true,
      meetsMemoryTarget: false,
      meetsTarget: false,
    });
    expect(assessDevice(node(2, 4), pool).summary).toMatch(/^Below/);
  });

  it('cannot tell memory from a browser value that may be the browser cap', () => {
    expect(judgeMemory(browser(16, 8), PROVING_TARGET)).toBe('unknown');
    expect(judgeMemory(browser(16, 16), PROVING_TARGET)).toBe('unknown');
    expect(judgeMemory(browser(16, 4), PROVING_TARGET)).toBe(false);
    expect(judgeMemory(browser(16, 32), PROVING_TARGET)).toBe(true);
    expect(judgeMemory(browser(16, null), PROVING_TARGET)).toBe('unknown');
    const r = assessDevice(browser(16, 8), pool);
    expect(r.meetsTarget).toBe('unknown');
    expect(r.summary).toMatch(/^May meet .* about 8 GiB reported by the browser \(rounded, capped\)/);
  });

  it('threads short decides the verdict even when memory is unknown', () => {
    expect(assessDevice(browser(4, null), pool).meetsTarget).toBe(false);
  });

  it('judges against a custom target', () => {
    expect(assessDevice(node(2, 4), pool, { threads: 2, memoryGiB: 4 }).meetsTarget).toBe(true);
  });
});
