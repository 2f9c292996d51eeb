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

// Generators whose entries stream through the buckets at once (bounds the scratch lists).
// @ts-ignore: decorator
@inline const BLOCK: i32 = 4096;

/**
 * out (internal affine) = Σ scalars[i]·G_i over the first n generators of a table built with
 * window bits c. Scalars are 32-byte little-endian integers already checked to be < r.
 * Below ~2^(c−2) scalars the 2^(c−1) buckets cost more than they save: the variable-base MSM
 * runs on the table's window-0 entries (the generators themselves) instead.
 */
export function g1MsmFixed(out: usize, table: usize, scalars: usize, n: i32, c: i32): void {
  let nw = fixedWindows(c);
  let stride = <usize>nw * G1_AFFINE_SIZE;
  if (n < (1 << (c - 2))) {
    let pts = kalloc(<usize>n * G1_AFFINE_SIZE + 16);
    for (let i = 0; i < n; i++) memory.copy(pts + <usize>i * G1_AFFINE_SIZE, table + <usize>i * stride, G1_AFFINE_SIZE);
    g1Msm(out, pts, scalars, n, 0);
    kfree(pts);
    return;
  }
  let B = 1 << (c - 1);
  let full = 1 << c;
  let block = n < BLOCK ? n : BLOCK;
  let m = block * nw; // entries per block
  let digits = kalloc(<usize>m << 2);
  let has = kalloc(<usize>(B + 1) * 4);
  let pend = kalloc(<usize>(B + 1) * G1_AFFINE_SIZE);
  let total = kalloc(G1_JAC_SIZE);
  let segs = kalloc(<usize>(B >> 4) * G1_AFFINE_SIZE + 16);
  let jt = kalloc(2 * G1_JAC_SIZE);
  // a block's entries may also pair with points left pending by earlier blocks (≤ B of them)
  let half = (m >> 1) + B + 1;
  if (half > m) half = m + 1;
  let resA = kalloc(<usize>half * G1_AFFINE_SIZE); let resB = kalloc(<usize>half * G1_AFFINE_SIZE);
  let rbA = kalloc(<usize>half << 2); let rbB = kalloc(<usize>half << 2);
  let cbuf = kalloc(<usize>(2048 * 2) * G1_AFFINE_SIZE);
  batchAlloc();
  memory.fill(has, 0, <usize>(B + 1) * 4);
  for (let g0 = 0; g0 < n; g0 += block) {
    let count = n - g0 < block ? n - g0 : block;
    for (let i = 0; i < count; i++) {
      let gi = g0 + i;
      let s = scalars + (<usize>gi << 5);
      let identity = g1AffineIsIdentity(table + <usize>gi * stride);
      let carry = 0;
      let dst = digits + (<usize>(i * nw) << 2);
      for (let w = 0; w < nw; w++) {
        let d = identity ? 0 : scalarBits(s, w * c, c) + carry;
        carry = <i32>(d > B);
        d -= carry * full;
        store<i32>(dst + (<usize>w << 2), d);
      }
    }
    streamBuckets(digits, table + <usize>g0 * stride, 0, count * nw, B, pend, has, resA, rbA, resB, rbB, cbuf);
  }
  aggregate(total, pend, has, B, segs, jt);
  g1JacToAffine(out, total);
  batchFree();
  kfree(cbuf); kfree(rbB); kfree(rbA); kfree(resB); kfree(resA);
  kfree(jt); kfree(segs); kfree(total); kfree(pend); kfree(has); kfree(digits);
}

/** Bytes of a table of n generators at window bits c. */
export function g1FixedTableBytes(n: i32, c: i32): f64 {
  return <f64>n * <f64>fixedWindows(c) * <f64>G1_AFFINE_SIZE;
}
