// The registered benchmark suites, in run order. Add a suite with one line here.
import type { BenchSuite } from '../types';
import { kernelSuite } from './kernel';

export const suites: BenchSuite[] = [
  kernelSuite,
];
