import { describe, expect, it } from 'vitest';
import { describeDevice } from '../../src/app/home-device.js';
import { assessDevice, type DeviceFacts } from '../../src/pool/device.js';

function view(facts: Partial<DeviceFacts>) {
  const f: DeviceFacts = {
    platform: 'browser',
    hardwareThreads: 16,
    memoryGiB: null,
    memorySource: 'unavailable',
    sharedMemoryAvailable: true,
    ...facts,
  };
  return describeDevice(assessDevice(f, { poolSize: f.hardwareThreads, sharedMemory: f.sharedMemoryAvailable }));
}

const row = (v: ReturnType<typeof view>, label: string) => v.rows.find((r) => r.label === label)!;

describe('describeDevice', () => {
  it('meets the target with enough threads and exact memory', () => {
    const v = view({ platform: 'node', hardwareThreads: 32, memoryGiB: 64, memorySource: 'os.totalmem' });
    expect(v.tone).toBe('good');
    expect(v.headline).toBe('Meets the 16-thread / 32 GiB target');
    expect(row(v, 'Memory')).toMatchObject({ value: '64.0 GiB', tone: 'good' });
    expect(row(v, 'Threads')).toMatchObject({ value: '32', tone: 'good' });
  });

  it('says memory is unknown, and why, when the browser caps it', () => {
    const v = view({ memoryGiB: 8, memorySource: 'navigator.deviceMemory' });
    expect(v.tone).toBe('warn');
    expect(v.headline).toBe('May meet the 16-thread / 32 GiB target');
    const m = row(v, 'Memory');
    expect(m.value).toBe('unknown (browser says 8 GiB)');
    expect(m.note).toMatch(/cap what they report/);
    expect(m.tone).toBe('warn');
  });

  it('says memory is unknown when the browser does not report it', () => {
    const v = view({ memoryGiB: null, memorySource: 'unavailable' });
    expect(row(v, 'Memory')).toMatchObject({ value: 'unknown', tone: 'warn' });
    expect(row(v, 'Memory').note).toMatch(/does not report memory/);
  });

  it('is below the target with too few threads, whatever memory says', () => {
    const v = view({ hardwareThreads: 2, memoryGiB: 8, memorySource: 'navigator.deviceMemory' });
    expect(v.tone).toBe('bad');
    expect(v.headline).toBe('Below the 16-thread / 32 GiB target');
    expect(v.advice).toContain('2 of 16 threads');
    expect(row(v, 'Threads')).toMatchObject({ value: '2', tone: 'bad' });
    expect(row(v, 'Threads').note).toContain('2 workers');
  });

  it('is below the target when a small reported memory is certain', () => {
    const v = view({ memoryGiB: 4, memorySource: 'navigator.deviceMemory' });
    expect(v.tone).toBe('bad');
    expect(v.advice).toMatch(/Too little memory/);
    expect(row(v, 'Memory')).toMatchObject({ value: 'about 4 GiB', tone: 'bad' });
  });

  it('explains missing shared memory', () => {
    const on = row(view({}), 'Shared memory');
    const off = row(view({ sharedMemoryAvailable: false }), 'Shared memory');
    expect(on).toMatchObject({ value: 'yes (cross-origin isolated)', tone: 'good' });
    expect(off).toMatchObject({ value: 'no', tone: 'warn' });
    expect(off.note).toMatch(/not cross-origin isolated/);
  });
});
