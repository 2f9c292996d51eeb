// Multi-scalar multiplication on BN254 G1: Pippenger's bucket method with signed window digits
// and batch-affine bucket accumulation.
//
// Per window: points stream through a table holding at most one pending point per bucket; a
// second point for a bucket pairs with the pending one and the pair joins a batch of independent
// affine additions that share one field inversion (Montgomery's trick), so an addition costs
// ~5 multiplications + 1 squaring instead of ~11 for a mixed Jacobian addition. The sums stream
// through the table again, round after round, until every bucket holds one point. A pair is two
// distinct points, so batches never conflict; doubling (equal points) and P + (−P) are handled
// inside the batch. Buckets are summed with batch-affine running sums over segments, and windows
// combine with Horner's rule. GLV (msm_glv.ts) halves the scalar length first.
//
// Inputs: points as n internal affine points (G1_AFFINE_SIZE each), scalars as n × 32-byte
// little-endian integers already checked to be < r (see frVecCheck in vec.ts).
import { FQ_SIZE, fqAdd, fqCondNeg, fqCopy, fqNeg, fqDouble, fqEq, fqInverse, fqMul, fqSetOne, fqSquare, fqSub, fqSubLazy } from './fq';
import {
  G1_AFFINE_SIZE, G1_JAC_SIZE, g1AffineIsIdentity, g1AffineSetIdentity, g1JacAdd, g1JacAddAffine, g1JacDouble,
  g1JacIsIdentity, g1JacSetIdentity, g1JacToAffine,
} from './g1';
import { kalloc, kfree } from './memory';
import { glvBeta, glvSplit } from './msm_glv';

/**
 * Window width in bits for n points entering the bucket method (2× the caller's points with GLV).
 * Measured on 2^12, 2^14 and 2^16 input points (see docs/kernel.md); in between interpolated.
 */
const WINDOW_BY_LOG2: StaticArray<u8> = [2, 2, 2, 2, 3, 4, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 13, 13, 14, 15, 16];
export function msmWindowBits(n: i32): i32 {
  if (n < 2) return 2;
  let lg = 31 - clz<i32>(n);
  return lg < WINDOW_BY_LOG2.length ? <i32>WINDOW_BY_LOG2[lg] : 16;
}

// c bits of the 256-bit little-endian scalar s starting at bit offset o (bits ≥ 256 read as 0).
// @ts-ignore: decorator
@inline export function scalarBits(s: usize, o: i32, c: i32): i32 {
  let byte = o >> 3;
  let v: u64;
  if (byte <= 24) v = load<u64>(s + <usize>byte);
  else v = load<u64>(s + 24) >> (<u64>(byte - 24) << 3);
  let width = c;
  if (o + c > 256) width = 256 - o;
  if (width <= 0) return 0;
  return <i32>((v >> <u64>(o & 7)) & ((<u64>1 << <u64>width) - 1));
}

/**
 * out (affine, G1_AFFINE_SIZE) = Σ scalars[i]·points[i]. windowBits ≤ 0 picks the tuned width.
 * Uses the GLV endomorphism: each scalar k splits into k1 + λ·k2 with |k1|, |k2| < 2^128, so
 * 2n points with 128-bit scalars replace n points with 254-bit ones (half the windows, half the
 * bucket sums; the same number of bucket additions).
 */
export function g1Msm(out: usize, points: usize, scalars: usize, n: i32, windowBits: i32): void {
  if (n <= 0) { g1AffineSetIdentity(out); return; }
  let m = n << 1;
  let pts = kalloc(<usize>m * G1_AFFINE_SIZE);
  let halves = kalloc(<usize>m << 5);
  let neg = kalloc(<usize>m);
  let beta = glvBeta();
  for (let i = 0; i < n; i++) {
    let src = points + <usize>i * G1_AFFINE_SIZE;
    let p1 = pts + <usize>i * G1_AFFINE_SIZE;
    let p2 = pts + <usize>(i + n) * G1_AFFINE_SIZE;
    memory.copy(p1, src, G1_AFFINE_SIZE);
    fqMul(p2, src, beta); fqCopy(p2 + FQ_SIZE, src + FQ_SIZE); // φ(x, y) = (βx, y); φ(O) = O
    glvSplit(halves + (<usize>i << 5), neg + <usize>i, halves + (<usize>(i + n) << 5), neg + <usize>(i + n), scalars + (<usize>i << 5));
  }
  msmCore(out, pts, halves, neg, m, 128, windowBits > 0 ? windowBits : msmWindowBits(m));
  kfree(neg); kfree(halves); kfree(pts);
}

/** Pippenger without GLV (kept for measurement and as a cross-check). */
export function g1MsmPlain(out: usize, points: usize, scalars: usize, n: i32, windowBits: i32): void {
  if (n <= 0) { g1AffineSetIdentity(out); return; }
  msmCore(out, points, scalars, 0, n, 254, windowBits > 0 ? windowBits : msmWindowBits(n));
}

/**
 * The bucket method over n points whose scalars are `bits`-bit magnitudes (32 LE bytes each);
 * neg (n bytes, or 0) marks points whose scalar is negated.
 */
function msmCore(out: usize, points: usize, scalars: usize, neg: usize, n: i32, bits: i32, c: i32): void {
  if (c < 2) c = 2;
  if (c > 20) c = 20;
  let nw = (bits + 1 + c - 1) / c; // signed digits: the top window absorbs the last carry
  let B = 1 << (c - 1);       // buckets 1..B hold |digit|
  let full = 1 << c;

  // Signed digits for every window: digits[w·n + i] ∈ [−B + 1, B].
  let digits = kalloc(<usize>nw * <usize>n * 4);
  for (let i = 0; i < n; i++) {
    let s = scalars + (<usize>i << 5);
    let identity = g1AffineIsIdentity(points + <usize>i * G1_AFFINE_SIZE);
    let negate = neg != 0 && load<u8>(neg + <usize>i) != 0;
    let carry = 0;
    for (let w = 0; w < nw; w++) {
      let d = identity ? 0 : scalarBits(s, w * c, c) + carry;
      // branch-free: the comparison is a coin flip on random scalars
      carry = <i32>(d > B);
      d -= carry * full;
      if (negate) d = -d;
      store<i32>(digits + ((<usize>w * <usize>n + <usize>i) << 2), d);
    }
  }

  let has = kalloc(<usize>(B + 1) * 4);              // bucket non-empty (0/1)
  let pend = kalloc(<usize>(B + 1) * G1_AFFINE_SIZE); // one pending point / the sum per bucket
  let acc = kalloc(G1_JAC_SIZE);
  let total = kalloc(G1_JAC_SIZE);
  let segs = kalloc(<usize>(B >> 4) * G1_AFFINE_SIZE + 16); // 2K affine running sums (K = B/32)
  let jt = kalloc(2 * G1_JAC_SIZE);
  batchAlloc();

  let half = (n >> 1) + 1;
  let resA = kalloc(<usize>half * G1_AFFINE_SIZE); let resB = kalloc(<usize>half * G1_AFFINE_SIZE);
  let rbA = kalloc(<usize>half << 2); let rbB = kalloc(<usize>half << 2);
  let cbuf = kalloc(<usize>(CHUNK * 2) * G1_AFFINE_SIZE);
  let negY = kalloc(<usize>n * FQ_SIZE); // −y of every point (identity points are never read)
  for (let i = 0; i < n; i++) fqNeg(negY + <usize>i * FQ_SIZE, points + <usize>i * G1_AFFINE_SIZE + FQ_SIZE);

  g1JacSetIdentity(acc);
  for (let w = nw - 1; w >= 0; w--) {
    let dw = digits + ((<usize>w * <usize>n) << 2);
    memory.fill(has, 0, <usize>(B + 1) * 4);
    streamBuckets(dw, points, negY, n, B, pend, has, resA, rbA, resB, rbB, cbuf);
    aggregate(total, pend, has, B, segs, jt);
    // 4. Horner
    if (w != nw - 1) for (let k = 0; k < c; k++) g1JacDouble(acc, acc);
    g1JacAdd(acc, acc, total);
  }
  g1JacToAffine(out, acc);

  batchFree();
  kfree(negY); kfree(cbuf); kfree(rbB); kfree(rbA); kfree(resB); kfree(resA);
  kfree(jt); kfree(segs); kfree(total); kfree(acc);
  kfree(pend); kfree(has); kfree(digits);
}

// Pair kinds inside a round.
// @ts-ignore: decorator
@inline const ADD: u8 = 0;
// @ts-ignore: decorator
@inline const DOUBLE: u8 = 1;
// @ts-ignore: decorator
@inline const TRIVIAL: u8 = 2; // an operand is the identity, or P + (−P): no inversion needed

// Pairs per batch inversion. Chunking keeps a batch's points, denominators and prefix products
// in cache between the forward and backward passes; one inversion per chunk costs ~0.3 field
// multiplications per pair at this size.
// @ts-ignore: decorator
@inline const CHUNK: i32 = 2048;

// Batch state (allocated by msmCore): pending affine additions dst ← p1 + p2.
let pairP1: usize = 0;
let pairP2: usize = 0;
let pairDst: usize = 0;
let pairKind: usize = 0;
let pairDen: usize = 0;
let pairPrefix: usize = 0;
let pairTmp: usize = 0;   // 6 field elements
let pending: i32 = 0;

export function batchAlloc(): void {
  pairP1 = kalloc(<usize>CHUNK << 2); pairP2 = kalloc(<usize>CHUNK << 2); pairDst = kalloc(<usize>CHUNK << 2);
  pairKind = kalloc(<usize>CHUNK); pairDen = kalloc(<usize>CHUNK * FQ_SIZE); pairPrefix = kalloc(<usize>(CHUNK + 1) * FQ_SIZE);
  pairTmp = kalloc(6 * FQ_SIZE);
  pending = 0;
  fqSetOne(pairPrefix);
}

export function batchFree(): void {
  kfree(pairTmp); kfree(pairPrefix); kfree(pairDen); kfree(pairKind);
  kfree(pairDst); kfree(pairP2); kfree(pairP1);
}

/**
 * Queues the affine addition dst ← p1 + p2 (dst may be p1 or p2; the inputs must stay untouched
 * until batchFlush, apart from dst itself being written last). Doubling and P + (−P) and
 * identity operands are handled inside the batch.
 */
export function batchPush(p1: usize, p2: usize, dst: usize): void {
  let jj = <usize>pending;
  let dj = pairDen + jj * FQ_SIZE;
  let pre = pairPrefix + jj * FQ_SIZE; // Π den[0..jj); the next entry extends it
  let kd = ADD;
  if (g1AffineIsIdentity(p1) || g1AffineIsIdentity(p2)) kd = TRIVIAL;
  else if (fqEq(p1, p2)) kd = fqEq(p1 + FQ_SIZE, p2 + FQ_SIZE) ? DOUBLE : TRIVIAL;
  store<u8>(pairKind + jj, kd);
  store<u32>(pairP1 + (jj << 2), <u32>p1);
  store<u32>(pairP2 + (jj << 2), <u32>p2);
  store<u32>(pairDst + (jj << 2), <u32>dst);
  // the denominator only ever feeds multiplications: a lazy (chain-free) subtraction suffices
  if (kd == ADD) { fqSubLazy(dj, p2, p1); fqMul(pre + FQ_SIZE, pre, dj); }
  else if (kd == DOUBLE) { fqDouble(dj, p1 + FQ_SIZE); fqMul(pre + FQ_SIZE, pre, dj); }
  else fqCopy(pre + FQ_SIZE, pre);
  pending++;
  if (pending == CHUNK) batchFlush();
}

/** Performs the queued additions with one field inversion. */
export function batchFlush(): void {
  let j = pending;
  if (j == 0) return;
  pending = 0;
  let t = pairTmp;
  let lambda = t; let x3 = t + FQ_SIZE; let u = t + 2 * FQ_SIZE;
  let inv = t + 4 * FQ_SIZE; let spare = t + 5 * FQ_SIZE;
  fqInverse(inv, pairPrefix + <usize>j * FQ_SIZE);
  // backward: den[i] ← 1/den[i]; inv walks down the prefix products (pointer swap, no copies)
  for (let i = j - 1; i >= 0; i--) {
    let ii = <usize>i;
    if (load<u8>(pairKind + ii) == TRIVIAL) continue;
    let dj = pairDen + ii * FQ_SIZE;
    fqMul(spare, inv, dj);
    fqMul(dj, inv, pairPrefix + ii * FQ_SIZE);
    let sw = inv; inv = spare; spare = sw;
  }
  // forward: the additions
  for (let i = 0; i < j; i++) {
    let ii = <usize>i;
    let p1 = <usize>load<u32>(pairP1 + (ii << 2));
    let p2 = <usize>load<u32>(pairP2 + (ii << 2));
    let dst = <usize>load<u32>(pairDst + (ii << 2));
    let kd = load<u8>(pairKind + ii);
    if (kd == TRIVIAL) {
      if (g1AffineIsIdentity(p1)) { if (dst != p2) memory.copy(dst, p2, G1_AFFINE_SIZE); }
      else if (g1AffineIsIdentity(p2)) { if (dst != p1) memory.copy(dst, p1, G1_AFFINE_SIZE); }
      else g1AffineSetIdentity(dst);
      continue;
    }
    if (kd == ADD) {
      fqSubLazy(lambda, p2 + FQ_SIZE, p1 + FQ_SIZE); // lazy: only multiplied below
    } else {
      fqSquare(lambda, p1); fqDouble(u, lambda); fqAdd(lambda, lambda, u); // 3x²
    }
    fqMul(lambda, lambda, pairDen + ii * FQ_SIZE);
    fqSquare(x3, lambda); fqSub(x3, x3, p1); fqSub(x3, x3, p2); // x3 = λ² − x1 − x2
    fqSubLazy(u, p1, x3); fqMul(u, lambda, u);                // y3 = λ(x1 − x3) − y1
    fqSub(dst + FQ_SIZE, u, p1 + FQ_SIZE);                    // p1.y is read before dst.y is written
    fqCopy(dst, x3);
  }
}

/**
 * Streaming bucket reduction for one window: points are read in input order; each bucket keeps
 * at most one pending point (pend, B + 1 entries: small enough to stay in cache); a second point
 * for a bucket forms a pair with it, queued into the batch with the sum going to a result list
 * (with its bucket). The result list is streamed the same way in the next round, until no pairs
 * form. Afterwards pend[b] holds bucket b's sum and has[b] says whether the bucket is non-empty.
 * Compared with counting sort, no point is scattered across a large array.
 */
export function streamBuckets(dw: usize, points: usize, negY: usize, n: i32, B: i32, pend: usize, has: usize,
  resA: usize, rbA: usize, resB: usize, rbB: usize, cbuf: usize): void {
  let r = 0;
  for (let i = 0; i < n; i++) {
    let d = load<i32>(dw + (<usize>i << 2));
    if (d == 0) continue;
    let b = (d ^ (d >> 31)) - (d >> 31);
    let hp = has + (<usize>b << 2);
    let src = points + <usize>i * G1_AFFINE_SIZE;
    let pb = pend + <usize>b * G1_AFFINE_SIZE;
    // −y was computed once per point: the sign only picks a source (select, no branch).
    // Without negY (fixed-base tables: each point is read once) −y is formed where it is copied.
    let ySrc = negY != 0 ? select<usize>(negY + <usize>i * FQ_SIZE, src + FQ_SIZE, d < 0) : src + FQ_SIZE;
    if (load<u32>(hp) == 0) {
      fqCopy(pb, src);
      if (negY != 0) fqCopy(pb + FQ_SIZE, ySrc); else fqCondNeg(pb + FQ_SIZE, ySrc, d < 0);
      store<u32>(hp, 1);
      continue;
    }
    store<u32>(hp, 0);
    // the pending point moves into the batch buffer: pend[b] may be refilled before the flush
    let slot = cbuf + (<usize>pending << 1) * G1_AFFINE_SIZE;
    memory.copy(slot, pb, G1_AFFINE_SIZE);
    let p2 = slot + G1_AFFINE_SIZE;
    fqCopy(p2, src);
    if (negY != 0) fqCopy(p2 + FQ_SIZE, ySrc); else fqCondNeg(p2 + FQ_SIZE, ySrc, d < 0);
    store<u32>(rbA + (<usize>r << 2), b);
    batchPush(slot, p2, resA + <usize>r * G1_AFFINE_SIZE);
    r++;
  }
  batchFlush();
  let inRes = resA; let inRb = rbA; let outRes = resB; let outRb = rbB;
  while (r > 0) {
    let r2 = 0;
    for (let k = 0; k < r; k++) {
      let b = load<u32>(inRb + (<usize>k << 2));
      let hp = has + (<usize>b << 2);
      let src = inRes + <usize>k * G1_AFFINE_SIZE;
      let pb = pend + <usize>b * G1_AFFINE_SIZE;
      if (load<u32>(hp) == 0) {
        memory.copy(pb, src, G1_AFFINE_SIZE);
        store<u32>(hp, 1);
        continue;
      }
      store<u32>(hp, 0);
      let slot = cbuf + (<usize>pending << 1) * G1_AFFINE_SIZE;
      memory.copy(slot, pb, G1_AFFINE_SIZE);
      store<u32>(outRb + (<usize>r2 << 2), b);
      batchPush(slot, src, outRes + <usize>r2 * G1_AFFINE_SIZE); // src is stable this round
      r2++;
    }
    batchFlush();
    let t = inRes; inRes = outRes; outRes = t;
    let tb = inRb; inRb = outRb; outRb = tb;
    r = r2;
  }
}

/**
 * total (Jacobian) = Σ_b b·pend[b] over the non-empty buckets (has[b] = 1).
 * With many buckets the range is cut into K segments of L buckets whose running sums advance in
 * lockstep, so each step is a batch of K independent affine additions sharing one inversion
 * (~6 multiplications each instead of ~27 for the Jacobian running sums). Segment s (buckets
 * sL+1 .. sL+L) yields R_s = Σ bucket and T_s = Σ (b − sL)·bucket, and
 * Σ b·bucket = Σ_s T_s + L·Σ_s s·R_s, the last sum by a short Jacobian running sum.
 */
export function aggregate(total: usize, pend: usize, has: usize, B: i32, segs: usize, jt: usize): void {
  let running = jt; let tmp = jt + G1_JAC_SIZE;
  g1JacSetIdentity(total);
  if (B < 512) {
    g1JacSetIdentity(running);
    for (let b = B; b >= 1; b--) {
      if (load<u32>(has + (<usize>b << 2)) != 0) {
        g1JacAddAffine(running, running, pend + <usize>b * G1_AFFINE_SIZE);
      }
      if (!g1JacIsIdentity(running)) g1JacAdd(total, total, running);
    }
    return;
  }
  let L = 32; let K = B / L; // B is a power of two ≥ 512
  let R = segs; let T = segs + <usize>K * G1_AFFINE_SIZE;
  for (let s = 0; s < K; s++) { g1AffineSetIdentity(R + <usize>s * G1_AFFINE_SIZE); g1AffineSetIdentity(T + <usize>s * G1_AFFINE_SIZE); }
  // Step i is R_s ← R_s + bucket[sL + i], then T_s ← T_s + R_s. The T update of step i and the
  // R update of step i − 1 read the same R_s and are independent, so they share a batch (T pairs
  // first: the forward pass reads R_s for T before the R pair overwrites it).
  for (let i = L; i >= 0; i--) {
    if (i < L) {
      for (let s = 0; s < K; s++) {
        let t = T + <usize>s * G1_AFFINE_SIZE;
        batchPush(t, R + <usize>s * G1_AFFINE_SIZE, t);
      }
    }
    if (i > 0) {
      for (let s = 0; s < K; s++) {
        let b = s * L + i;
        if (load<u32>(has + (<usize>b << 2)) == 0) continue;
        let r = R + <usize>s * G1_AFFINE_SIZE;
        batchPush(r, pend + <usize>b * G1_AFFINE_SIZE, r);
      }
    }
    batchFlush();
  }
  // total = Σ T_s + L·Σ s·R_s
  g1JacSetIdentity(running); g1JacSetIdentity(tmp);
  for (let s = K - 1; s >= 1; s--) {
    g1JacAddAffine(running, running, R + <usize>s * G1_AFFINE_SIZE);
    g1JacAdd(tmp, tmp, running);
  }
  for (let k = L; k > 1; k >>= 1) g1JacDouble(tmp, tmp);
  for (let s = 0; s < K; s++) g1JacAddAffine(tmp, tmp, T + <usize>s * G1_AFFINE_SIZE);
  memory.copy(total, tmp, G1_JAC_SIZE);
}
