// Functions exported to JavaScript (the typed face in src/kernel calls these).
import { kalloc, kfree } from './memory';
import { frMul, frInverse, frFromBytes, frToBytes, FR_SIZE, frAdd, frSub, frNeg, frSquare, frBatchInverse, frFromU64, frSubLazy } from './fr';
import { fqMul, fqInverse, fqFromBytes, fqToBytes, FQ_SIZE, fqAdd, fqSub, fqNeg, fqSquare, fqBatchInverse, fqFromU64, fqCopy, fqInverseFermat, fqSubLazy } from './fq';

/** Fr product of the canonical 32-byte inputs at a and b → 32 bytes at out. Returns 0 if an input is not canonical, else 1. */
export function frMulBytes(out: usize, a: usize, b: usize): i32 {
  let x = kalloc(72); let y = x + 36;
  if (!(frFromBytes(x, a) && frFromBytes(y, b))) { kfree(x); return 0; }
  frMul(x, x, y);
  frToBytes(out, x);
  kfree(x);
  return 1;
}

/** Fr inverse of the canonical 32-byte input at a → 32 bytes at out (0 maps to 0). Returns 0 if the input is not canonical, else 1. */
export function frInverseBytes(out: usize, a: usize): i32 {
  let x = kalloc(36);
  if (!frFromBytes(x, a)) { kfree(x); return 0; }
  frInverse(x, x);
  frToBytes(out, x);
  kfree(x);
  return 1;
}

/** Field op test hook (every Fr and Fq op by number, for the field tests): op on 32-byte canonical inputs at a, b → 32 bytes at out. Returns 0 if an input is not canonical. */
export function fieldOpBytes(field: i32, op: i32, out: usize, a: usize, b: usize): i32 {
  let x = kalloc(72); let y = x + 36;
  let ok = field == 0 ? frFromBytes(x, a) && frFromBytes(y, b) : fqFromBytes(x, a) && fqFromBytes(y, b);
  if (!ok) { kfree(x); return 0; }
  if (field == 0) {
    if (op == 0) frMul(x, x, y); else if (op == 1) frAdd(x, x, y); else if (op == 2) frSub(x, x, y);
    else if (op == 3) frNeg(x, x); else if (op == 4) frSquare(x, x); else if (op == 5) frInverse(x, x);
    else if (op == 6) frBatchInverse(x, x, 1, y);
    else if (op == 7 || op == 8) { let t = kalloc(36); frSubLazy(t, x, y); if (op == 7) frMul(x, t, y); else frMul(x, y, t); kfree(t); }
    frToBytes(out, x);
  } else {
    if (op == 0) fqMul(x, x, y); else if (op == 1) fqAdd(x, x, y); else if (op == 2) fqSub(x, x, y);
    else if (op == 3) fqNeg(x, x); else if (op == 4) fqSquare(x, x); else if (op == 5) fqInverse(x, x);
    else if (op == 6) fqBatchInverse(x, x, 1, y);
    else if (op == 7 || op == 8) { let t = kalloc(36); fqSubLazy(t, x, y); if (op == 7) fqMul(x, t, y); else fqMul(x, y, t); kfree(t); }
    fqToBytes(out, x);
  }
  kfree(x);
  return 1;
}

import { G1_AFFINE_SIZE, g1AffineFromBytes, g1AffineToBytes } from './g1';

/** Decodes n points (64 LE bytes each) into internal affine form. Returns −1, or the index of
 *  the first bad point times 4 plus the reason (1 non-canonical, 2 not on the curve). */
export function g1PointsFromBytes(out: usize, inPtr: usize, n: i32): i32 {
  for (let i = 0; i < n; i++) {
    let r = g1AffineFromBytes(out + <usize>i * G1_AFFINE_SIZE, inPtr + (<usize>i << 6));
    if (r != 0) return i * 4 + r;
  }
  return -1;
}

export function g1PointsToBytes(outPtr: usize, points: usize, n: i32): void {
  for (let i = 0; i < n; i++) g1AffineToBytes(outPtr + (<usize>i << 6), points + <usize>i * G1_AFFINE_SIZE);
}

export function g1AffineSize(): i32 { return <i32>G1_AFFINE_SIZE; }

export { g1Msm, g1MsmPlain, msmWindowBits } from './msm';
export { glvSplit } from './msm_glv';
export {
  g1FixedTableBuild,
  g1MsmFixed,
  g1MsmFixedBegin,
  g1MsmFixedBlock,
  g1MsmFixedEnd,
  g1MsmFixedBlockSize,
  g1FixedTableBytes,
  fixedWindows,
} from './msm_fixed';

export { frVecCheck, frVecFromBytes, frVecAxpy, frVecHadamard, frSpmv } from './vec';
export function frSize(): i32 { return <i32>FR_SIZE; }

/** Benchmark hook: `iters` chained multiplications x ← x·y in Fr (field 0) or Fq (field 1). */
export function fieldMulLoop(field: i32, iters: i32): u32 {
  let x = kalloc(72); let y = x + 36;
  if (field == 0) { frFromU64(x, 0x1234567); frFromU64(y, 0xfedcba9); frInverse(y, y); for (let i = 0; i < iters; i++) frMul(x, x, y); }
  else { fqFromU64(x, 0x1234567); fqFromU64(y, 0xfedcba9); fqInverse(y, y); for (let i = 0; i < iters; i++) fqMul(x, x, y); }
  let r = load<u32>(x);
  kfree(x);
  return r;
}


/** Benchmark hook: `iters` chained Fq operations (0 mul, 1 square, 2 add, 3 sub, 4 copy, 5 two interleaved mul chains, 6 inverse, 7 Fermat inverse). */
export function fqOpLoop(op: i32, iters: i32): u32 {
  let x = kalloc(108); let y = x + 36; let z = x + 72;
  fqFromU64(x, 0x1234567); fqFromU64(z, 0x7654321); fqFromU64(y, 0xfedcba9); fqInverse(y, y);
  if (op == 0) for (let i = 0; i < iters; i++) fqMul(x, x, y);
  else if (op == 1) for (let i = 0; i < iters; i++) fqSquare(x, x);
  else if (op == 2) for (let i = 0; i < iters; i++) fqAdd(x, x, y);
  else if (op == 3) for (let i = 0; i < iters; i++) fqSub(x, x, y);
  else if (op == 5) for (let i = 0; i < iters; i += 2) { fqMul(x, x, y); fqMul(z, z, y); }
  else if (op == 6) for (let i = 0; i < iters; i++) { fqInverse(x, x); fqAdd(x, x, y); }
  else if (op == 7) for (let i = 0; i < iters; i++) { fqInverseFermat(x, x); fqAdd(x, x, y); }
  else for (let i = 0; i < iters; i++) { fqCopy(z, x); fqCopy(x, y); fqCopy(y, z); }
  let r = load<u32>(x);
  kfree(x);
  return r;
}
