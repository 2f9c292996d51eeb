// Kernel entry: re-exports every module of the proving kernel.
export function kernelVersion(): u32 {
  return 2;
}
export { kalloc, kfree } from './memory';
export * from './exports';
export * from './poseidon';
export * from './hash_to_curve';
