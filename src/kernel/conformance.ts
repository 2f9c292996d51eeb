// The kernel conformance suite: every kernel entry checked against independent references
// (@noble/curves for Fr and G1, poseidon-lite for Poseidon, @noble/hashes for the Pedersen spec)
// on deterministic pseudo-random and edge inputs. Environment-free: the same list runs under
// Node (vitest), in a browser page and in a pool worker, so their results can be compared check
// by check.
import {
  runChecks,
  type ConformanceCheck,
  type ConformanceKernel,
  type ConformanceResult,
} from './conformance-core.js';
import { fieldChecks } from './conformance-field.js';
import { hashChecks } from './conformance-hash.js';
import { msmChecks } from './conformance-msm.js';
import { vectorChecks } from './conformance-vec.js';

export { ConformanceMismatch, runChecks } from './conformance-core.js';
export type { ConformanceCheck, ConformanceKernel, ConformanceResult } from './conformance-core.js';

export const CONFORMANCE_CHECKS: readonly ConformanceCheck[] = [
  ...fieldChecks,
  ...msmChecks,
  ...hashChecks,
  ...vectorChecks,
];

/** Runs the whole suite against `kernel`; never throws, one result per check in list order. */
export function runConformance(kernel: ConformanceKernel): ConformanceResult[] {
  return runChecks(kernel, CONFORMANCE_CHECKS);
}
