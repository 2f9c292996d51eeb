// Saved benchmark runs of this browser, in the participant store's IndexedDB (benchmark history).
// A run keeps its device label, so runs imported from other devices and saved here still say
// where they came from.
import type { BenchFile } from '../bench/report.js';
import { IdbStore } from '../store/index.js';

export interface SavedRun {
  at: number;
  device: string;
  file: BenchFile;
}

export interface RunHistory {
  add(run: SavedRun): Promise<void>;
  /** Oldest first. */
  list(): Promise<SavedRun[]>;
}

export async function openRunHistory(): Promise<RunHistory> {
  const store = await IdbStore.open();
  return {
    add: (run) => store.addBenchmarkRun({ at: run.at, device: run.device, rows: run.file.results }),
    async list() {
      return (await store.benchmarkRuns()).map((r) => ({
        at: r.at,
        device: r.device ?? 'this device',
        file: { machine: { label: r.device ?? 'this device' }, results: r.rows.map((x) => ({ ...x })) },
      }));
    },
  };
}
