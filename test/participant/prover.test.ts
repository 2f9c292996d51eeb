// Both Prover implementations pass the same contract: one kernel in this thread, and the real
// worker pool (worker_threads, wasm kernel in each worker).
import { InProcessProver, PoolProver } from '../../src/participant/ports/provers.js';
import type { Prover } from '../../src/participant/ports/prover.js';
import { suitePool, testKernel } from '../proof/support.js';
import { describeProverContract } from './contracts/prover.contract.js';
import { beforeAll } from 'vitest';

let inProcess: Prover;
let onPool: Prover;
const pool = suitePool();
beforeAll(async () => {
  const kernel = await testKernel();
  inProcess = new InProcessProver(kernel);
  onPool = new PoolProver({ pool: pool(), kernel });
});

describeProverContract('in process', () => inProcess);
describeProverContract('worker pool', () => onPool);
