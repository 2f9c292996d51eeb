// Poseidon over BN254 Fr: t = 3 (two inputs, capacity element 0), S-box x^5, 8 full + 57 partial
// rounds, circomlib's constants, output state[0]. Evaluated in the sparse form of
// src/kernel/poseidon-sparse.ts (same function, 5 instead of 9 products per partial round).
//
// AssemblyScript API (internal Montgomery elements, FR_SIZE bytes each, outputs may alias inputs):
//   poseidon2(out, a, b)                  out = Poseidon(a, b)
//   poseidon2Batch(out, left, right, n)   out[i] = Poseidon(left[i], right[i])
// JavaScript entry (32-byte LE canonical elements):
//   poseidon2BatchBytes(out, left, right, n): i32   -1 on success, else the index of the first
//                                                    pair holding a non-canonical input (nothing written)
import { FR_SIZE, frAdd, frCopy, frFromBytes, frMul, frSetZero, frSquare, frToBytes, frIsCanonicalBytes } from './fr';
import { kalloc } from './memory';
import {
  POSEIDON_FULL_RC, POSEIDON_LAST_PARTIAL_MDS, POSEIDON_MDS, POSEIDON_PARTIAL_RC, POSEIDON_SPARSE,
} from './poseidon_constants';

const FULL_HALF: i32 = 4;
const PARTIAL: i32 = 57;

// Constants in Montgomery form, converted once on first use.
let ready = false;
let fullRc: usize = 0;
let partialRc: usize = 0;
let sparse: usize = 0;
let lastMds: usize = 0;
let mds: usize = 0;
// Working memory: state s0..s2, mixing outputs n0..n2, one temporary.
let s0: usize = 0; let s1: usize = 0; let s2: usize = 0;
let n0: usize = 0; let n1: usize = 0; let n2: usize = 0;
let tmp: usize = 0;
let inA: usize = 0; let inB: usize = 0;

function toMontgomery(src: StaticArray<u64>): usize {
  const count = src.length >> 2; // four u64 limbs per element
  const dst = kalloc(<usize>count * FR_SIZE);
  const base = changetype<usize>(src);
  for (let i = 0; i < count; i++) frFromBytes(dst + <usize>i * FR_SIZE, base + (<usize>i << 5));
  return dst;
}

function init(): void {
  fullRc = toMontgomery(POSEIDON_FULL_RC);
  partialRc = toMontgomery(POSEIDON_PARTIAL_RC);
  sparse = toMontgomery(POSEIDON_SPARSE);
  lastMds = toMontgomery(POSEIDON_LAST_PARTIAL_MDS);
  mds = toMontgomery(POSEIDON_MDS);
  const work = kalloc(9 * FR_SIZE);
  s0 = work; s1 = s0 + FR_SIZE; s2 = s1 + FR_SIZE;
  n0 = s2 + FR_SIZE; n1 = n0 + FR_SIZE; n2 = n1 + FR_SIZE;
  tmp = n2 + FR_SIZE; inA = tmp + FR_SIZE; inB = inA + FR_SIZE;
  ready = true;
}

// @ts-ignore: decorator
@inline function elem(base: usize, i: i32): usize {
  return base + <usize>i * FR_SIZE;
}

/** x ← (x + c)^5 */
// @ts-ignore: decorator
@inline function addSbox(x: usize, c: usize): void {
  frAdd(x, x, c);
  frSquare(tmp, x);
  frSquare(tmp, tmp);
  frMul(x, tmp, x);
}

/** (s0, s1, s2) ← m · (s0, s1, s2) for a dense row-major 3 × 3 matrix m. */
function mix(m: usize): void {
  frMul(n0, elem(m, 0), s0); frMul(tmp, elem(m, 1), s1); frAdd(n0, n0, tmp); frMul(tmp, elem(m, 2), s2); frAdd(n0, n0, tmp);
  frMul(n1, elem(m, 3), s0); frMul(tmp, elem(m, 4), s1); frAdd(n1, n1, tmp); frMul(tmp, elem(m, 5), s2); frAdd(n1, n1, tmp);
  frMul(n2, elem(m, 6), s0); frMul(tmp, elem(m, 7), s1); frAdd(n2, n2, tmp); frMul(tmp, elem(m, 8), s2); frAdd(n2, n2, tmp);
  frCopy(s0, n0); frCopy(s1, n1); frCopy(s2, n2);
}

function fullRound(r: i32): void {
  const c = elem(fullRc, 3 * r);
  addSbox(s0, c);
  addSbox(s1, c + FR_SIZE);
  addSbox(s2, c + 2 * FR_SIZE);
  mix(mds);
}

/** The permutation on (s0, s1, s2). */
function permute(): void {
  for (let r = 0; r < FULL_HALF; r++) fullRound(r);
  for (let r = 0; r < PARTIAL - 1; r++) {
    addSbox(s0, elem(partialRc, r));
    // Sparse matrix [[e00, v1, v2], [w1, 1, 0], [w2, 0, 1]].
    const e = elem(sparse, 5 * r);
    frMul(n0, e, s0);
    frMul(tmp, e + FR_SIZE, s1); frAdd(n0, n0, tmp);
    frMul(tmp, e + 2 * FR_SIZE, s2); frAdd(n0, n0, tmp);
    frMul(tmp, e + 3 * FR_SIZE, s0); frAdd(s1, s1, tmp);
    frMul(tmp, e + 4 * FR_SIZE, s0); frAdd(s2, s2, tmp);
    frCopy(s0, n0);
  }
  addSbox(s0, elem(partialRc, PARTIAL - 1));
  mix(lastMds);
  for (let r = FULL_HALF; r < 2 * FULL_HALF; r++) fullRound(r);
}

/** out = Poseidon(a, b) on internal (Montgomery) elements. */
export function poseidon2(out: usize, a: usize, b: usize): void {
  if (!ready) init();
  frSetZero(s0);
  frCopy(s1, a);
  frCopy(s2, b);
  permute();
  frCopy(out, s0);
}

/** out[i] = Poseidon(left[i], right[i]) for n internal elements; out may equal left or right. */
export function poseidon2Batch(out: usize, left: usize, right: usize, n: i32): void {
  for (let i = 0; i < n; i++) poseidon2(elem(out, i), elem(left, i), elem(right, i));
}

/**
 * out[i] = Poseidon(left[i], right[i]) on 32-byte little-endian canonical encodings.
 * Every input is checked first: returns the index of the first pair with a non-canonical
 * element (out untouched), or -1 when all n hashes were written.
 */
export function poseidon2BatchBytes(out: usize, left: usize, right: usize, n: i32): i32 {
  for (let i = 0; i < n; i++) {
    const off = <usize>i << 5;
    if (!frIsCanonicalBytes(left + off) || !frIsCanonicalBytes(right + off)) return i;
  }
  if (!ready) init();
  for (let i = 0; i < n; i++) {
    const off = <usize>i << 5;
    frFromBytes(inA, left + off);
    frFromBytes(inB, right + off);
    poseidon2(inA, inA, inB);
    frToBytes(out + off, inA);
  }
  return -1;
}
