// Try-and-increment map from 64-byte digests to BN254 G1 (y² = x³ + 3 over Fq; cofactor 1, so
// every affine solution is in the prime-order group). The digests are computed by the caller
// (src/kernel/pedersen-hash.ts documents the domain-separated message); this module does the
// field work: the wide reduction, the square root and the sign rule.
//
// For one 64-byte digest d:
//   x = LE512(d) mod q                           (wide reduction: bias below 2^-258)
//   f = x³ + 3; accept iff f is a square        (Legendre symbol by the binary Jacobi algorithm:
//                                                 a few µs, against ~20 µs for an exponentiation)
//   y = f^((q+1)/4)                              (q ≡ 3 mod 4: the square root of a square f)
//   the root with an even canonical integer is taken (y ← q − y if odd).
// Half of the candidates are squares, so a point costs about two Legendre symbols and one root.
// Output per accepted digest: x ‖ y, 32 bytes each, little-endian canonical.
import {
  FQ_SIZE, fqAdd, fqCopy, fqEq, fqFromBytes, fqIsCanonicalBytes, fqMul, fqNeg, fqSetOne, fqSquare, fqToBytes,
} from './fq';
import { g1CurveRhs } from './g1';
import { kalloc } from './memory';

// q as four little-endian u64 words.
const Q0: u64 = 0x3c208c16d87cfd47; const Q1: u64 = 0x97816a916871ca8d;
const Q2: u64 = 0xb85045b68181585d; const Q3: u64 = 0x30644e72e131a029;
// (q + 1) / 4 as four little-endian u64 words.
const SQRT_EXPONENT: StaticArray<u64> = [0x4f082305b61f3f52, 0x65e05aa45a1c72a3, 0x6e14116da0605617, 0x0c19139cb84c680a];

let ready = false;
let k248: usize = 0; // 2^248 mod q (Montgomery)
let k496: usize = 0; // 2^496 mod q
let table: usize = 0; // a^0 .. a^15 for the windowed exponentiation
let x: usize = 0; let y: usize = 0; let f: usize = 0; let t: usize = 0; let acc: usize = 0;
let chunk: usize = 0; // 32-byte staging buffer for one reduction chunk
let bytes: usize = 0; // 32-byte staging buffer for an encoded coordinate

function init(): void {
  const work = kalloc(FQ_SIZE * (16 + 7) + 64);
  table = work;
  k248 = table + 16 * FQ_SIZE; k496 = k248 + FQ_SIZE;
  x = k496 + FQ_SIZE; y = x + FQ_SIZE; f = y + FQ_SIZE; t = f + FQ_SIZE; acc = t + FQ_SIZE;
  chunk = acc + FQ_SIZE; bytes = chunk + 32;
  memory.fill(chunk, 0, 32);
  store<u8>(chunk, 1, 31); // 2^248 < q: canonical
  fqFromBytes(k248, chunk);
  fqSquare(k496, k248);
  ready = true;
}

/** out = a^e for the 256-bit exponent e (4 LE u64 words), 4-bit fixed window. */
function fqPowWindowed(out: usize, a: usize, e: StaticArray<u64>): void {
  fqSetOne(table);
  fqCopy(table + FQ_SIZE, a);
  for (let i = 2; i < 16; i++) fqMul(table + <usize>i * FQ_SIZE, table + <usize>(i - 1) * FQ_SIZE, a);
  fqSetOne(acc);
  for (let nibble = 63; nibble >= 0; nibble--) {
    fqSquare(acc, acc); fqSquare(acc, acc); fqSquare(acc, acc); fqSquare(acc, acc);
    const d = <i32>((unchecked(e[nibble >> 4]) >> (<u64>(nibble & 15) << 2)) & 15);
    if (d != 0) fqMul(acc, acc, table + <usize>d * FQ_SIZE);
  }
  fqCopy(out, acc);
}

/**
 * Jacobi symbol (a / q) of the canonical 256-bit integer at aPtr (4 LE u64 words, a < q):
 * 1 for a non-zero square, −1 for a non-square, 0 for zero. Binary algorithm: strip factors of
 * two ((2/n) = −1 iff n ≡ 3, 5 mod 8), keep a ≥ n by swapping (reciprocity: −1 iff both ≡ 3
 * mod 4), subtract. Variable time: the inputs are public hash outputs.
 */
export function legendreQ(aPtr: usize): i32 {
  let a0 = load<u64>(aPtr, 0); let a1 = load<u64>(aPtr, 8); let a2 = load<u64>(aPtr, 16); let a3 = load<u64>(aPtr, 24);
  let n0 = Q0; let n1 = Q1; let n2 = Q2; let n3 = Q3;
  let sign: i32 = 1;
  while (true) {
    if ((a0 | a1 | a2 | a3) == 0) return (n0 == 1 && (n1 | n2 | n3) == 0) ? sign : 0;
    // a ← a / 2^k (whole words first: 64 is even, so they never change the sign)
    while (a0 == 0) { a0 = a1; a1 = a2; a2 = a3; a3 = 0; }
    const z = ctz(a0);
    if (z != 0) {
      const w = 64 - z;
      a0 = (a0 >> z) | (a1 << w); a1 = (a1 >> z) | (a2 << w); a2 = (a2 >> z) | (a3 << w); a3 = a3 >> z;
      const r = n0 & 7;
      if ((z & 1) != 0 && (r == 3 || r == 5)) sign = -sign;
    }
    // keep a ≥ n
    const less = a3 != n3 ? a3 < n3 : a2 != n2 ? a2 < n2 : a1 != n1 ? a1 < n1 : a0 < n0;
    if (less) {
      let s = a0; a0 = n0; n0 = s; s = a1; a1 = n1; n1 = s; s = a2; a2 = n2; n2 = s; s = a3; a3 = n3; n3 = s;
      if ((a0 & 3) == 3 && (n0 & 3) == 3) sign = -sign;
    }
    // a ← a − n (both odd: the difference is even)
    let d = a0 - n0; let borrow: u64 = a0 < n0 ? 1 : 0; a0 = d;
    d = a1 - n1 - borrow; borrow = (a1 < n1 || (a1 == n1 && borrow != 0)) ? 1 : 0; a1 = d;
    d = a2 - n2 - borrow; borrow = (a2 < n2 || (a2 == n2 && borrow != 0)) ? 1 : 0; a2 = d;
    a3 = a3 - n3 - borrow;
  }
  return 0;
}

/** Test hook: the Jacobi symbol (a / q) of the 32 LE bytes at aPtr; 2 when a is not canonical. */
export function legendreQBytes(aPtr: usize): i32 {
  if (!fqIsCanonicalBytes(aPtr)) return 2;
  return legendreQ(aPtr);
}

/** Loads `len` bytes from src into the zero-padded chunk buffer and reads it as an element. */
function loadChunk(out: usize, src: usize, len: i32): void {
  memory.fill(chunk, 0, 32);
  memory.copy(chunk, src, <usize>len);
  fqFromBytes(out, chunk); // below 2^248 < q, always canonical
}

/** x ← LE512(digest) mod q, as c0 + c1·2^248 + c2·2^496 with c0, c1 < 2^248 and c2 < 2^16. */
function reduceWide(out: usize, digest: usize): void {
  loadChunk(out, digest, 31);
  loadChunk(t, digest + 31, 31);
  fqMul(t, t, k248);
  fqAdd(out, out, t);
  loadChunk(t, digest + 62, 2);
  fqMul(t, t, k496);
  fqAdd(out, out, t);
}

/**
 * For each of n 64-byte digests: when it maps to a point, writes x ‖ y (64 bytes) at out + 64·i
 * and sets accepted[i] = 1; otherwise sets accepted[i] = 0 and leaves that output alone.
 * Returns the number accepted, or -1 if a square root failed to verify (a kernel bug, never
 * expected: the caller must not use the outputs).
 */
export function hashToCurveBatch(out: usize, digests: usize, n: i32, accepted: usize): i32 {
  if (!ready) init();
  let count = 0;
  for (let i = 0; i < n; i++) {
    reduceWide(x, digests + (<usize>i << 6));
    g1CurveRhs(f, x);
    fqToBytes(bytes, f);
    if (legendreQ(bytes) != 1) { store<u8>(accepted + <usize>i, 0); continue; }
    fqPowWindowed(y, f, SQRT_EXPONENT);
    fqSquare(t, y);
    if (!fqEq(t, f)) return -1;
    const o = out + (<usize>i << 6);
    fqToBytes(o, x);
    fqToBytes(o + 32, y);
    if ((load<u8>(o + 32) & 1) != 0) { fqNeg(y, y); fqToBytes(o + 32, y); }
    store<u8>(accepted + <usize>i, 1);
    count++;
  }
  return count;
}

/**
 * Checks n stored points against their digests without a square root: x equals the digest's
 * reduction, y is canonical and even, and y² = x³ + 3. Returns -1 when all hold, else the index
 * of the first point that fails.
 */
export function hashToCurveCheckBatch(points: usize, digests: usize, n: i32): i32 {
  if (!ready) init();
  for (let i = 0; i < n; i++) {
    const p = points + (<usize>i << 6);
    reduceWide(x, digests + (<usize>i << 6));
    fqToBytes(bytes, x);
    if (memory.compare(bytes, p, 32) != 0) return i;
    if (!fqFromBytes(y, p + 32) || (load<u8>(p + 32) & 1) != 0) return i;
    g1CurveRhs(f, x);
    fqSquare(t, y);
    if (!fqEq(t, f)) return i;
  }
  return -1;
}
