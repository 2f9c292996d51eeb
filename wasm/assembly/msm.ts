// Multi-scalar multiplication on BN254 G1: Pippenger's bucket method with signed window digits
// and batch-affine bucket accumulation.
//
// Per window: points are counting-sorted into buckets by |digit| (negated when the digit is
// negative), then every bucket is reduced by pairwise affine additions in rounds; all additions
// of a round share one field inversion (Montgomery's trick), so an addition costs ~6
// multiplications instead of ~11 for a mixed Jacobian addition. Pairs never conflict because
// each pair is two different slots. Doubling (equal points) and P + (−P) are handled inside the
// batch. Buckets are then summed with the running-sum trick in Jacobian coordinates, and windows
// are combined with Horner's rule.
//
// Inputs: points as n internal affine points (G1_AFFINE_SIZE each), scalars as n × 32-byte
// little-endian integers already checked to be < r (see msmScalarsCanonical).
import { FQ_SIZE, fqAdd, fqBatchInverse, fqCopy, fqDouble, fqEq, fqInverse, fqIsZero, fqMul, fqNeg, fqSetOne, fqSquare, fqSub } from './fq';
import { frIsCanonicalBytes } from './fr';
import {
  G1_AFFINE_SIZE, G1_JAC_SIZE, g1AffineIsIdentity, g1AffineSetIdentity, g1JacAdd, g1JacAddAffine, g1JacDouble,
  g1JacSetIdentity, g1JacToAffine,
} from './g1';
import { kalloc, kfree } from './memory';
import { glvBeta, glvSplit } from './msm_glv';

/** Window width in bits for n points (tuned by measurement, see docs/kernel.md). */
export function msmWindowBits(n: i32): i32 {
  if (n < 4) return 2;
  let lg = 31 - clz<i32>(n);
  let c = lg - 3;
  if (c < 3) c = 3;
  if (c > 16) c = 16;
  return c;
}

/** Index of the first scalar that is not < r, or −1 when all are canonical. */
export function msmScalarsCanonical(scalars: usize, n: i32): i32 {
  for (let i = 0; i < n; i++) if (!frIsCanonicalBytes(scalars + (<usize>i << 5))) return i;
  return -1;
}

// c bits of the 256-bit little-endian scalar s starting at bit offset o (bits ≥ 256 read as 0).
// @ts-ignore: decorator
@inline function scalarBits(s: usize, o: i32, c: i32): i32 {
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
      carry = 0;
      if (d > B) { d -= full; carry = 1; }
      if (negate) d = -d;
      store<i32>(digits + ((<usize>w * <usize>n + <usize>i) << 2), d);
    }
  }

  let start = kalloc(<usize>(B + 1) * 4);
  let count = kalloc(<usize>(B + 1) * 4);
  let slots = kalloc(<usize>n * G1_AFFINE_SIZE);
  let half = (n >> 1) + 1;
  let den = kalloc(<usize>half * FQ_SIZE);
  let prefix = kalloc(<usize>half * FQ_SIZE);
  let kind = kalloc(<usize>half);
  let acc = kalloc(G1_JAC_SIZE);
  let running = kalloc(G1_JAC_SIZE);
  let total = kalloc(G1_JAC_SIZE);
  let t = kalloc(FQ_SIZE * 4);

  g1JacSetIdentity(acc);
  for (let w = nw - 1; w >= 0; w--) {
    let dw = digits + ((<usize>w * <usize>n) << 2);
    // 1. counting sort by bucket
    memory.fill(count, 0, <usize>(B + 1) * 4);
    for (let i = 0; i < n; i++) {
      let d = load<i32>(dw + (<usize>i << 2));
      if (d != 0) {
        let b = d < 0 ? -d : d;
        let cp = count + (<usize>b << 2);
        store<u32>(cp, load<u32>(cp) + 1);
      }
    }
    let off: u32 = 0;
    for (let b = 1; b <= B; b++) {
      store<u32>(start + (<usize>b << 2), off);
      off += load<u32>(count + (<usize>b << 2));
    }
    // fill: reuse count as a cursor, then restore it
    memory.fill(count, 0, <usize>(B + 1) * 4);
    for (let i = 0; i < n; i++) {
      let d = load<i32>(dw + (<usize>i << 2));
      if (d == 0) continue;
      let b = d < 0 ? -d : d;
      let cp = count + (<usize>b << 2);
      let k = load<u32>(cp);
      store<u32>(cp, k + 1);
      let dst = slots + <usize>(load<u32>(start + (<usize>b << 2)) + k) * G1_AFFINE_SIZE;
      let src = points + <usize>i * G1_AFFINE_SIZE;
      fqCopy(dst, src);
      if (d < 0) fqNeg(dst + FQ_SIZE, src + FQ_SIZE); else fqCopy(dst + FQ_SIZE, src + FQ_SIZE);
    }
    // 2. reduce every bucket to one point, in rounds of independent affine additions
    reduceBuckets(slots, start, count, B, den, prefix, kind, t);
    // 3. Σ b·bucket[b] with running sums
    g1JacSetIdentity(running);
    g1JacSetIdentity(total);
    for (let b = B; b >= 1; b--) {
      if (load<u32>(count + (<usize>b << 2)) != 0) {
        g1JacAddAffine(running, running, slots + <usize>load<u32>(start + (<usize>b << 2)) * G1_AFFINE_SIZE);
      }
      if (!fqIsZero(running + 2 * FQ_SIZE)) g1JacAdd(total, total, running);
    }
    // 4. Horner
    if (w != nw - 1) for (let k = 0; k < c; k++) g1JacDouble(acc, acc);
    g1JacAdd(acc, acc, total);
  }
  g1JacToAffine(out, acc);

  kfree(t); kfree(total); kfree(running); kfree(acc); kfree(kind); kfree(prefix); kfree(den);
  kfree(slots); kfree(count); kfree(start); kfree(digits);
}

// Pair kinds inside a round.
// @ts-ignore: decorator
@inline const ADD: u8 = 0;
// @ts-ignore: decorator
@inline const DOUBLE: u8 = 1;
// @ts-ignore: decorator
@inline const TRIVIAL: u8 = 2; // an operand is the identity, or P + (−P): no inversion needed

/**
 * Reduces buckets in place: bucket b holds count[b] affine points at slots[start[b] ..]; after
 * the call it holds their sum at slots[start[b]] and count[b] ≤ 1 (the sum may be the identity).
 */
function reduceBuckets(slots: usize, start: usize, count: usize, B: i32, den: usize, prefix: usize, kind: usize, t: usize): void {
  let lambda = t; let x3 = t + FQ_SIZE; let u = t + 2 * FQ_SIZE;
  let inv = t + 3 * FQ_SIZE;
  while (true) {
    // pass 1: denominators and their prefix products
    let j: usize = 0;
    fqSetOne(inv);
    for (let b = 1; b <= B; b++) {
      let m = load<u32>(count + (<usize>b << 2));
      if (m < 2) continue;
      let base = slots + <usize>load<u32>(start + (<usize>b << 2)) * G1_AFFINE_SIZE;
      for (let k: u32 = 0; k + 1 < m; k += 2) {
        let p1 = base + <usize>k * G1_AFFINE_SIZE; let p2 = p1 + G1_AFFINE_SIZE;
        let dj = den + j * FQ_SIZE;
        let kd = ADD;
        if (g1AffineIsIdentity(p1) || g1AffineIsIdentity(p2)) kd = TRIVIAL;
        else if (fqEq(p1, p2)) kd = fqEq(p1 + FQ_SIZE, p2 + FQ_SIZE) ? DOUBLE : TRIVIAL;
        store<u8>(kind + j, kd);
        fqCopy(prefix + j * FQ_SIZE, inv);
        if (kd == ADD) { fqSub(dj, p2, p1); fqMul(inv, inv, dj); }
        else if (kd == DOUBLE) { fqDouble(dj, p1 + FQ_SIZE); fqMul(inv, inv, dj); }
        j++;
      }
    }
    if (j == 0) return;
    // one inversion for the whole round
    fqInverse(inv, inv);
    // pass 2: individual inverses, overwriting the denominators
    for (let i = <isize>j - 1; i >= 0; i--) {
      let ii = <usize>i;
      if (load<u8>(kind + ii) == TRIVIAL) continue;
      let dj = den + ii * FQ_SIZE;
      fqMul(u, inv, prefix + ii * FQ_SIZE);
      fqMul(inv, inv, dj);
      fqCopy(dj, u);
    }
    // pass 3: the additions, results packed to the front of each bucket
    j = 0;
    for (let b = 1; b <= B; b++) {
      let cp = count + (<usize>b << 2);
      let m = load<u32>(cp);
      if (m < 2) continue;
      let base = slots + <usize>load<u32>(start + (<usize>b << 2)) * G1_AFFINE_SIZE;
      let k: u32 = 0;
      for (; k + 1 < m; k += 2) {
        let p1 = base + <usize>k * G1_AFFINE_SIZE; let p2 = p1 + G1_AFFINE_SIZE;
        let dst = base + <usize>(k >> 1) * G1_AFFINE_SIZE;
        let kd = load<u8>(kind + j);
        let dj = den + j * FQ_SIZE;
        j++;
        if (kd == TRIVIAL) {
          if (g1AffineIsIdentity(p1)) { fqCopy(dst, p2); fqCopy(dst + FQ_SIZE, p2 + FQ_SIZE); }
          else if (g1AffineIsIdentity(p2)) { fqCopy(dst, p1); fqCopy(dst + FQ_SIZE, p1 + FQ_SIZE); }
          else g1AffineSetIdentity(dst);
          continue;
        }
        if (kd == ADD) {
          fqSub(lambda, p2 + FQ_SIZE, p1 + FQ_SIZE);
        } else {
          fqSquare(lambda, p1); fqDouble(u, lambda); fqAdd(lambda, lambda, u); // 3x²
        }
        fqMul(lambda, lambda, dj);
        fqSquare(x3, lambda); fqSub(x3, x3, p1); fqSub(x3, x3, p2);       // x3 = λ² − x1 − x2
        fqSub(u, p1, x3); fqMul(u, lambda, u); fqSub(dst + FQ_SIZE, u, p1 + FQ_SIZE); // y3 = λ(x1 − x3) − y1
        fqCopy(dst, x3);
      }
      if (k < m) { // odd one out moves down
        let src = base + <usize>k * G1_AFFINE_SIZE;
        let dst = base + <usize>(k >> 1) * G1_AFFINE_SIZE;
        fqCopy(dst, src); fqCopy(dst + FQ_SIZE, src + FQ_SIZE);
      }
      store<u32>(cp, (m + 1) >> 1);
    }
  }
}
