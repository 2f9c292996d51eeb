// The conformance harness: named checks that compute with the kernel and with an independent
// reference, and a runner that turns each into { name, ok, detail }. Pure: no I/O, no globals,
// so the same suite runs under Node, in a browser page and inside a pool worker.
import { bytesToHex } from '@noble/hashes/utils.js';
import type { KernelExports } from './loader.js';
import { KernelInputError, type Kernel } from './types.js';

/** The kernel as the suite sees it: the typed face, plus the raw exports for Pedersen derivation. */
export type ConformanceKernel = Kernel & { readonly raw?: KernelExports };

export interface ConformanceCheck {
  readonly name: string;
  /** Throws ConformanceMismatch (or anything else) on failure; returns what was verified. */
  run(kernel: ConformanceKernel): string;
}

export interface ConformanceResult {
  name: string;
  ok: boolean;
  /** What was compared (ok) or the first disagreement / unexpected error (not ok). */
  detail: string;
  /** Wall time of the check (for the person reading the results; never asserted on). */
  ms: number;
}

/** A kernel result that differs from the reference, or a rejection that did not happen. */
export class ConformanceMismatch extends Error {
  override name = 'ConformanceMismatch';
}

/** Runs every check; a failing or throwing check never stops the others. */
export function runChecks(kernel: ConformanceKernel, checks: readonly ConformanceCheck[]): ConformanceResult[] {
  return checks.map((check) => {
    const start = performance.now();
    const elapsed = () => Math.round((performance.now() - start) * 10) / 10;
    try {
      const detail = check.run(kernel);
      return { name: check.name, ok: true, detail, ms: elapsed() };
    } catch (err) {
      const detail = err instanceof ConformanceMismatch ? err.message : `unexpected ${describeError(err)}`;
      return { name: check.name, ok: false, detail, ms: elapsed() };
    }
  });
}

function describeError(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : `throw of ${String(err)}`;
}

export const hex = (x: bigint): string => `0x${x.toString(16)}`;

/** Throws unless got === want (bigints), naming the case. */
export function expectBigint(what: string, got: bigint, want: bigint): void {
  if (got !== want) throw new ConformanceMismatch(`${what}: kernel ${hex(got)}, reference ${hex(want)}`);
}

/** Throws unless the byte strings are equal, naming the case. */
export function expectBytes(what: string, got: Uint8Array, want: Uint8Array): void {
  if (got.length !== want.length || got.some((b, i) => b !== want[i])) {
    throw new ConformanceMismatch(`${what}: kernel ${bytesToHex(got)}, reference ${bytesToHex(want)}`);
  }
}

/** Throws unless the vectors are equal element by element, naming the first difference. */
export function expectBigints(what: string, got: readonly bigint[], want: readonly bigint[]): void {
  if (got.length !== want.length)
    throw new ConformanceMismatch(`${what}: kernel gave ${got.length} elements, reference ${want.length}`);
  const i = got.findIndex((g, j) => g !== want[j]);
  if (i >= 0)
    throw new ConformanceMismatch(
      `${what}: element ${i} is ${hex(got[i]!)} in the kernel, ${hex(want[i]!)} in the reference`,
    );
}

/** Throws unless `call` throws a KernelInputError (a silent reduction or a wrong error type fails). */
export function expectRejected(what: string, call: () => unknown): void {
  let outcome: unknown;
  try {
    outcome = call();
  } catch (err) {
    if (err instanceof KernelInputError) return;
    throw new ConformanceMismatch(`${what}: rejected with ${describeError(err)}, expected a KernelInputError`);
  }
  throw new ConformanceMismatch(`${what}: accepted (returned ${describeValue(outcome)}), expected a KernelInputError`);
}

function describeValue(v: unknown): string {
  if (typeof v === 'bigint') return hex(v);
  if (v instanceof Uint8Array) return `${v.length} bytes`;
  return typeof v;
}
