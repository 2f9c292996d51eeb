// The worker pool's jobs as the dashboard lists them: each proof job and decider MSM the prover
// hands to the pool, running or finished, with its time. A proving job reports no progress of its
// own, so a running job's progress is its elapsed time against the median of earlier jobs of its
// kind on this device (capped below 100 % until it ends); before any such job it is unknown.
import type { ProofJobRunner } from '../proof/jobs.js';
import type { MsmRunner } from '../proof/parallel.js';

export interface PoolJobView {
  readonly id: number;
  readonly name: string;
  state: 'running' | 'done' | 'failed';
  readonly startedAt: number;
  ms: number | null;
  error?: string;
}

const MAX_JOBS = 40;

export class PoolJobTracker {
  readonly jobs: PoolJobView[] = [];
  private next = 1;

  constructor(
    private readonly now: () => number = () => Date.now(),
    private readonly onChange: () => void = () => {},
  ) {}

  /** Runs `work` as a tracked job. */
  async track<T>(name: string, work: () => Promise<T>): Promise<T> {
    const job: PoolJobView = { id: this.next++, name, state: 'running', startedAt: this.now(), ms: null };
    this.jobs.unshift(job);
    this.jobs.length = Math.min(this.jobs.length, MAX_JOBS);
    this.onChange();
    try {
      const out = await work();
      job.state = 'done';
      return out;
    } catch (e) {
      job.state = 'failed';
      job.error = (e as Error).message;
      throw e;
    } finally {
      job.ms = this.now() - job.startedAt;
      this.onChange();
    }
  }

  /** The pool as the prover sees it, every call tracked. */
  wrap(pool: ProofJobRunner & MsmRunner): ProofJobRunner & MsmRunner {
    return {
      run: ((job: string, args: unknown) =>
        this.track(job, () =>
          (pool.run as (j: string, a: unknown) => Promise<unknown>)(job, args),
        )) as ProofJobRunner['run'],
      msm: (points, scalars) => this.track('msm (split)', () => pool.msm(points, scalars)),
      share: (bytes) => pool.share(bytes),
    };
  }

  /** 0..1 for a running job (estimated), 1 for a finished one, null when there is nothing to estimate from. */
  progress(job: PoolJobView, now = this.now()): number | null {
    if (job.state !== 'running') return 1;
    const earlier = this.jobs
      .filter((j) => j.name === job.name && j.state === 'done' && j.ms !== null)
      .map((j) => j.ms!)
      .sort((a, b) => a - b);
    if (earlier.length === 0) return null;
    const median = earlier[earlier.length >> 1]!;
    return Math.min(0.95, (now - job.startedAt) / Math.max(1, median));
  }
}
