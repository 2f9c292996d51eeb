// The registered benchmark suites, in run order. Add a suite with one line here.
import type { BenchSuite } from '../types';
import { kernelSuite } from './kernel';
import { rollupSuite } from '../../rollup/bench';

export const suites: BenchSuite[] = [
  kernelSuite,
  rollupSuite,
];
