import { describe, expect, test } from 'vitest';
import { commitmentTablePlan, TABLE_BUILD_MIN_THREADS } from '../../src/app/table-plan.js';

describe('the tab’s fixed-base table plan', () => {
  const desktop = { memoryGiB: 8, hardwareThreads: 16, workers: 16, sharedMemory: true };
  test('a desktop with shared memory builds them on its first visit', () => {
    expect(commitmentTablePlan(desktop)).toBe('build');
  });
  test('few threads: only tables this browser already holds', () => {
    expect(commitmentTablePlan({ ...desktop, hardwareThreads: TABLE_BUILD_MIN_THREADS - 1, workers: 7 })).toBe(
      'cached-only',
    );
    expect(commitmentTablePlan({ ...desktop, hardwareThreads: 2, workers: 2 })).toBe('cached-only');
  });
  test('memory unknown, too small, or a copy per worker that does not fit: off', () => {
    expect(commitmentTablePlan({ ...desktop, memoryGiB: null })).toBe('off');
    expect(commitmentTablePlan({ ...desktop, memoryGiB: 1 })).toBe('off');
    // without shared memory each of the 17 kernels holds a copy: 17 × 153 MiB > 1 GiB
    expect(commitmentTablePlan({ ...desktop, sharedMemory: false })).toBe('off');
    expect(commitmentTablePlan({ ...desktop, sharedMemory: false, workers: 5 })).toBe('build');
  });
});
