// Allocation helpers for the kernel. The kernel is built with AssemblyScript's minimal runtime,
// whose TLSF allocator backs heap.alloc/heap.free; nothing in the kernel uses managed (GC)
// objects on hot paths, only raw blocks of linear memory.
//
// Stable API for other kernel modules:
//   kalloc(size): usize   a block of at least `size` bytes, 16-byte aligned
//   kfree(ptr): void      returns a block from kalloc (0 is ignored)
//   kzero(ptr, size)      fills with zeros

export function kalloc(size: usize): usize {
  return heap.alloc(size < 16 ? 16 : size);
}

export function kfree(ptr: usize): void {
  if (ptr != 0) heap.free(ptr);
}

export function kzero(ptr: usize, size: usize): void {
  memory.fill(ptr, 0, size);
}
