// GLV endomorphism of BN254 G1: φ(x, y) = (β·x, y) = λ·(x, y), β a cube root of unity in Fq and
// λ one in Fr. A scalar k splits into k1 + λ·k2 (mod r) with |k1|, |k2| < 2^128 using the
// short lattice basis v1 = (a1, b1), v2 = (a2, b2) of {(a, b) : a + b·λ ≡ 0 mod r}:
//   c1 = ⌊k·g1 / 2^256⌋, c2 = ⌊k·g2 / 2^256⌋ with g1 = round(b2·2^256 / r), g2 = round(−b1·2^256 / r)
//   k1 = k − c1·a1 − c2·a2,  k2 = c1·(−b1) − c2·b2
// k1 + λ·k2 ≡ k holds exactly whatever the rounding; the rounding only bounds the sizes.
// The constants were derived with bigint arithmetic (extended Euclid on (r, λ)); the tests check
// φ(P) = λ·P and the split against bigint arithmetic.
import { FQ_SIZE, fqFromBytes } from './fq';

// 256-bit integers as 8 little-endian u32 limbs.
const G1C: StaticArray<u32> = [0xff6565, 0x5398fd03, 0xa773d2d2, 0x4ccef014, 0x2, 0, 0, 0];
const G2C: StaticArray<u32> = [0xc7e0b3d7, 0xd91d232e, 0x2, 0, 0, 0, 0, 0];
const A1: StaticArray<u32> = [0x7d4f1128, 0x8211bbeb, 0xeeb859fc, 0x6f4d8248, 0, 0, 0, 0];
const A2: StaticArray<u32> = [0x94d213e3, 0x89d32568, 0, 0, 0, 0, 0, 0];
const NB1: StaticArray<u32> = [0x94d213e3, 0x89d32568, 0, 0, 0, 0, 0, 0];
const B2: StaticArray<u32> = [0x1221250b, 0xbe4e154, 0xeeb859fd, 0x6f4d8248, 0, 0, 0, 0];
// β = 21888242871839275220042445260109153167277707414472061641714758635765020556616 (LE bytes)
const BETA_BYTES: StaticArray<u8> = [
  0x48, 0xfd, 0x7c, 0x60, 0xe5, 0x44, 0xbd, 0xe4, 0x3d, 0x6e, 0x96, 0xbb, 0x9f, 0x06, 0x8f, 0xc2,
  0xb0, 0xcc, 0xac, 0xe0, 0xe7, 0xd9, 0x6d, 0x5e, 0x29, 0xa0, 0x31, 0xe1, 0x72, 0x4e, 0x64, 0x30,
];
const BETA_ARR = new StaticArray<u32>(9);
let betaReady = false;

/** β in internal (Montgomery) form. */
export function glvBeta(): usize {
  let p = changetype<usize>(BETA_ARR);
  if (!betaReady) { fqFromBytes(p, changetype<usize>(BETA_BYTES)); betaReady = true; }
  return p;
}

const T = new StaticArray<u32>(16);
const C1 = new StaticArray<u32>(8);
const C2 = new StaticArray<u32>(8);
const X = new StaticArray<u32>(8);
const Y = new StaticArray<u32>(8);

// out[0..outLimbs) = the low outLimbs limbs of a · b (a: la limbs, b: lb limbs), product
// scanning: each column sums the low and high halves of its 32×32 products separately (every
// term < 2^32, at most 16 of them), so a column is written once and nothing overflows.
function mulWide(out: usize, a: usize, la: i32, b: usize, lb: i32, outLimbs: i32): void {
  let carry: u64 = 0;
  let hiPrev: u64 = 0;
  for (let k = 0; k < outLimbs; k++) {
    let lo: u64 = 0; let hi: u64 = 0;
    let i0 = k - lb + 1; if (i0 < 0) i0 = 0;
    let i1 = k < la - 1 ? k : la - 1;
    for (let i = i0; i <= i1; i++) {
      let p = <u64>load<u32>(a + (<usize>i << 2)) * <u64>load<u32>(b + (<usize>(k - i) << 2));
      lo += p & 0xffffffff; hi += p >> 32;
    }
    let s = lo + hiPrev + carry;
    store<u32>(out + (<usize>k << 2), <u32>s);
    carry = s >> 32;
    hiPrev = hi;
  }
}

// x = x − y (mod 2^256), both 8 limbs.
function sub256(x: usize, y: usize): void {
  let borrow: i64 = 0;
  for (let i: usize = 0; i < 32; i += 4) {
    let d = <i64>load<u32>(x + i) - <i64>load<u32>(y + i) + borrow;
    store<u32>(x + i, <u32>d);
    borrow = d >> 32;
  }
}

// Writes |v| (v an 8-limb two's-complement value) as 32 LE bytes at out and its sign at negOut.
function storeSigned(out: usize, negOut: usize, v: usize): void {
  let negative = (load<u32>(v + 28) >> 31) != 0;
  store<u8>(negOut, negative ? 1 : 0);
  if (!negative) { memory.copy(out, v, 32); return; }
  let borrow: i64 = 0; // 0 − v
  for (let i: usize = 0; i < 32; i += 4) {
    let d = -<i64>load<u32>(v + i) + borrow;
    store<u32>(out + i, <u32>d);
    borrow = d >> 32;
  }
}

/** Splits the 32-byte LE scalar k (< r) into |k1|, sign k1, |k2|, sign k2 (magnitudes < 2^128). */
export function glvSplit(k1Out: usize, k1Neg: usize, k2Out: usize, k2Neg: usize, k: usize): void {
  let t = changetype<usize>(T); let c1 = changetype<usize>(C1); let c2 = changetype<usize>(C2);
  let x = changetype<usize>(X); let y = changetype<usize>(Y);
  memory.fill(t, 0, 64);
  mulWide(t, k, 8, changetype<usize>(G1C), 5, 13); memory.copy(c1, t + 32, 32); // c1 < 2^130: limbs 8..12
  mulWide(t, k, 8, changetype<usize>(G2C), 3, 11); memory.copy(c2, t + 32, 32); // c2 < 2^66: limbs 8..10
  // c1 keeps 5 limbs, c2 3 (the copies above carry stale limbs beyond those; they are not read)
  // k1 = k − c1·a1 − c2·a2 (mod 2^256)
  memory.copy(x, k, 32);
  mulWide(t, c1, 5, changetype<usize>(A1), 4, 8); sub256(x, t);
  mulWide(t, c2, 3, changetype<usize>(A2), 2, 8); sub256(x, t);
  // k2 = c1·(−b1) − c2·b2
  mulWide(t, c1, 5, changetype<usize>(NB1), 2, 8); memory.copy(y, t, 32);
  mulWide(t, c2, 3, changetype<usize>(B2), 4, 8); sub256(y, t);
  storeSigned(k1Out, k1Neg, x);
  storeSigned(k2Out, k2Neg, y);
}
