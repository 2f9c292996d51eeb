// Minimal typing for ffjavascript (used as a reference implementation in tests and benchmarks).
declare module 'ffjavascript' {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  export function buildBn128(singleThread?: boolean, plugins?: unknown): Promise<any>;
}
