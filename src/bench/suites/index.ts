// The registered benchmark suites, in run order. Add a suite with one line here.
import type { BenchSuite } from '../types.js';
import { kernelSuite } from './kernel.js';
import { commitSuite } from './commit.js';
import { netSuite } from './net.js';
import { l1Suite } from './l1.js';
import { poolSuite } from './pool.js';
import { poseidonSuite } from './poseidon.js';
import { proofSuite } from './proof.js';
import { rollupSuite } from './rollup.js';
import { circuitSuite } from './circuit.js';
import { devnetSuite } from './devnet.js';

export const suites: BenchSuite[] = [
  kernelSuite,
  commitSuite,
  poolSuite,
  poseidonSuite,
  proofSuite,
  rollupSuite,
  circuitSuite,
  netSuite,
  l1Suite,
  devnetSuite,
];
