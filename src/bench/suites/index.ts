// The registered benchmark suites, in run order. Add a suite with one line here.
import type { BenchSuite } from '../types';
import { kernelSuite } from './kernel';
import { poolSuite } from './pool';
import { poseidonSuite } from './poseidon';
import { proofSuite } from './proof';
import { rollupSuite } from '../../rollup/bench';
import { circuitSuite } from '../../rollup/circuit/bench';

export const suites: BenchSuite[] = [
  kernelSuite,
  poolSuite,
  poseidonSuite,
  proofSuite,
  rollupSuite,
  circuitSuite,
];
