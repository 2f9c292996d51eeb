// Fixed-base MSM: commitments over the same generators, with a table built once.
//
// Table layout (window bits c, nw = ⌈255 / c⌉ windows): for generator i and window j the entry
// i·nw + j is 2^(c·j)·G_i, an internal affine point (G1_AFFINE_SIZE bytes, Montgomery Fq), so a
// prefix of the generators is a prefix of the table. A commitment Σ s_i·G_i then becomes ONE
// bucket pass over n·nw points with c-bit signed digits: digit j of s_i goes with entry (i, j).
// All windows share one set of 2^(c−1) buckets, so there is one bucket aggregation and no
// doubling at all, which lets c be larger than a variable-base MSM can afford (c = 16 at 2^16
// generators: 16 entries per generator, 2^15 buckets). The bucket reduction is msm.ts's
// (streaming batch-affine additions); the entries are streamed generator block by generator
// block so the scratch lists stay small.
import { G1_AFFINE_SIZE, G1_JAC_SIZE, g1AffineIsIdentity, g1JacToAffine } from './g1';
import { kalloc, kfree } from './memory';
import { aggregate, batchAlloc, batchFlush, batchFree, batchPush, g1Msm, scalarBits, streamBuckets } from './msm';

/** Windows of c bits that hold a signed-digit recoding of a scalar < r < 2^254. */
export function fixedWindows(c: i32): i32 {
  return (255 + c - 1) / c;
}

/**
 * Builds the table of n internal affine points (see the layout above) at `table`
 * (n · fixedWindows(c) · G1_AFFINE_SIZE bytes). Each window is the previous one doubled c times;
 * the doublings of all points run as batch-affine doublings sharing one inversion per batch.
 */
export function g1FixedTableBuild(table: usize, points: usize, n: i32, c: i32): void {
  let nw = fixedWindows(c);
  let stride = <usize>nw * G1_AFFINE_SIZE;
  for (let i = 0; i < n; i++) memory.copy(table + <usize>i * stride, points + <usize>i * G1_AFFINE_SIZE, G1_AFFINE_SIZE);
  batchAlloc();
  for (let j = 1; j < nw; j++) {
    let off = <usize>j * G1_AFFINE_SIZE;
    for (let i = 0; i < n; i++) {
      let e = table + <usize>i * stride + off;
      memory.copy(e, e - G1_AFFINE_SIZE, G1_AFFINE_SIZE);
    }
    for (let k = 0; k < c; k++) {
      // each entry doubled once per pass; entries are independent, so a batch never conflicts
      for (let i = 0; i < n; i++) {
        let e = table + <usize>i * stride + off;
        batchPush(e, e, e);
      }
      batchFlush();
    }
  }
  batchFree();
}
// @ts-ignore: decorator
@inline const BLOCK: i32 = 4096;

// State of the fixed-base MSM between g1MsmFixedBegin and g1MsmFixedEnd. The entries can then be
// handed over block by block from memory outside this instance (a table shared by several
// kernels, copied into a small staging area per block): a block's entries are read only while
// its g1MsmFixedBlock call runs (pending bucket points are copies).
let fxC: i32 = 0;
let fxNw: i32 = 0;
let fxB: i32 = 0;
let fxDigits: usize = 0;
let fxHas: usize = 0;
let fxPend: usize = 0;
let fxTotal: usize = 0;
let fxSegs: usize = 0;
let fxJt: usize = 0;
let fxResA: usize = 0;
let fxResB: usize = 0;
let fxRbA: usize = 0;
let fxRbB: usize = 0;
let fxCbuf: usize = 0;

/** The most generators one g1MsmFixedBlock call takes. */
export function g1MsmFixedBlockSize(): i32 {
  return BLOCK;
}

/** Starts a fixed-base MSM at window bits c whose blocks hold at most `block` (≤ BLOCK) generators. */
export function g1MsmFixedBegin(c: i32, block: i32): void {
  let nw = fixedWindows(c);
  let B = 1 << (c - 1);
  let m = block * nw; // entries per block
  fxC = c; fxNw = nw; fxB = B;
  fxDigits = kalloc(<usize>m << 2);
  fxHas = kalloc(<usize>(B + 1) * 4);
  fxPend = kalloc(<usize>(B + 1) * G1_AFFINE_SIZE);
  fxTotal = kalloc(G1_JAC_SIZE);
  fxSegs = kalloc(<usize>(B >> 4) * G1_AFFINE_SIZE + 16);
  fxJt = kalloc(2 * G1_JAC_SIZE);
  // a block's entries may also pair with points left pending by earlier blocks (≤ B of them)
  let half = (m >> 1) + B + 1;
  if (half > m) half = m + 1;
  fxResA = kalloc(<usize>half * G1_AFFINE_SIZE); fxResB = kalloc(<usize>half * G1_AFFINE_SIZE);
  fxRbA = kalloc(<usize>half << 2); fxRbB = kalloc(<usize>half << 2);
  fxCbuf = kalloc(<usize>(2048 * 2) * G1_AFFINE_SIZE);
  batchAlloc();
  memory.fill(fxHas, 0, <usize>(B + 1) * 4);
}

/**
 * Adds Σ scalars[i]·G_i for the `count` generators whose table rows start at `entries`
 * (count · fixedWindows(c) entries, generator-major) to the MSM begun with g1MsmFixedBegin.
 */
export function g1MsmFixedBlock(entries: usize, scalars: usize, count: i32): void {
  let c = fxC; let nw = fxNw; let B = fxB;
  let full = 1 << c;
  let stride = <usize>nw * G1_AFFINE_SIZE;
  for (let i = 0; i < count; i++) {
    let s = scalars + (<usize>i << 5);
    let identity = g1AffineIsIdentity(entries + <usize>i * stride);
    let carry = 0;
    let dst = fxDigits + (<usize>(i * nw) << 2);
    for (let w = 0; w < nw; w++) {
      let d = identity ? 0 : scalarBits(s, w * c, c) + carry;
      carry = <i32>(d > B);
      d -= carry * full;
      store<i32>(dst + (<usize>w << 2), d);
    }
  }
  streamBuckets(fxDigits, entries, 0, count * nw, B, fxPend, fxHas, fxResA, fxRbA, fxResB, fxRbB, fxCbuf);
}

/** Sums the buckets into out (internal affine) and frees the MSM's scratch. */
export function g1MsmFixedEnd(out: usize): void {
  aggregate(fxTotal, fxPend, fxHas, fxB, fxSegs, fxJt);
  g1JacToAffine(out, fxTotal);
  batchFree();
  kfree(fxCbuf); kfree(fxRbB); kfree(fxRbA); kfree(fxResB); kfree(fxResA);
  kfree(fxJt); kfree(fxSegs); kfree(fxTotal); kfree(fxPend); kfree(fxHas); kfree(fxDigits);
}

/**
 * out (internal affine) = Σ scalars[i]·G_i over the first n generators of a table built with
 * window bits c. Scalars are 32-byte little-endian integers already checked to be < r.
 * Below ~2^(c−2) scalars the 2^(c−1) buckets cost more than they save: the variable-base MSM
 * runs on the table's window-0 entries (the generators themselves) instead.
 */
export function g1MsmFixed(out: usize, table: usize, scalars: usize, n: i32, c: i32): void {
  let stride = <usize>fixedWindows(c) * G1_AFFINE_SIZE;
  if (n < (1 << (c - 2))) {
    let pts = kalloc(<usize>n * G1_AFFINE_SIZE + 16);
    for (let i = 0; i < n; i++) memory.copy(pts + <usize>i * G1_AFFINE_SIZE, table + <usize>i * stride, G1_AFFINE_SIZE);
    g1Msm(out, pts, scalars, n, 0);
    kfree(pts);
    return;
  }
  let block = n < BLOCK ? n : BLOCK;
  g1MsmFixedBegin(c, block);
  for (let g0 = 0; g0 < n; g0 += block) {
    let count = n - g0 < block ? n - g0 : block;
    g1MsmFixedBlock(table + <usize>g0 * stride, scalars + (<usize>g0 << 5), count);
  }
  g1MsmFixedEnd(out);
}

/** Bytes of a table of n generators at window bits c. */
export function g1FixedTableBytes(n: i32, c: i32): f64 {
  return <f64>n * <f64>fixedWindows(c) * <f64>G1_AFFINE_SIZE;
}
