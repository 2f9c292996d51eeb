// Fr vector kernels for the folding prover. Vectors cross the boundary as n × 32-byte LE
// canonical elements. The kernels work on plain residues and use one Montgomery product with a
// Montgomery-form factor, which yields the plain product directly: no per-element conversions.
//
//   frVecCheck(in, n): i32                 index of the first non-canonical element, or −1
//   frVecAxpy(out, a, rBytes, b, n)        out = a + r·b (bytes in, bytes out; inputs checked first)
//   frVecHadamard(out, a, b, n)            out = a ∘ b
//   frVecFromBytes(out, in, n, mont): i32   bytes → internal (Montgomery if mont), −1 or bad index
//   frSpmv(out, rowPtr, colIdx, values, rows, z)  out (bytes) = M·z; values internal Montgomery,
//                                          z internal plain residues
import { FR_SIZE, frAdd, frFromBytes, frFromBytesPlain, frIsCanonicalBytes, frMul, frSetZero, frToBytesPlain, frToMont } from './fr';
import { kalloc, kfree } from './memory';

export function frVecCheck(inPtr: usize, n: i32): i32 {
  for (let i = 0; i < n; i++) if (!frIsCanonicalBytes(inPtr + (<usize>i << 5))) return i;
  return -1;
}

export function frVecFromBytes(out: usize, inPtr: usize, n: i32, mont: bool): i32 {
  for (let i = 0; i < n; i++) {
    let o = out + <usize>i * FR_SIZE; let s = inPtr + (<usize>i << 5);
    if (!(mont ? frFromBytes(o, s) : frFromBytesPlain(o, s))) return i;
  }
  return -1;
}

/** out = a + r·b element-wise; returns −1, or the index of the first bad element (n for r). */
export function frVecAxpy(out: usize, a: usize, rBytes: usize, b: usize, n: i32): i32 {
  let t = kalloc(3 * FR_SIZE); let r = t + FR_SIZE; let x = t + 2 * FR_SIZE;
  if (!frFromBytes(r, rBytes)) { kfree(t); return n; }
  let bad = -1;
  for (let i = 0; i < n; i++) {
    let off = <usize>i << 5;
    if (!frFromBytesPlain(x, a + off) || !frFromBytesPlain(t, b + off)) { bad = i; break; }
    frMul(t, r, t);      // plain r·b
    frAdd(t, t, x);
    frToBytesPlain(out + off, t);
  }
  kfree(t);
  return bad;
}

/** out = a ∘ b element-wise; returns −1 or the index of the first bad element. */
export function frVecHadamard(out: usize, a: usize, b: usize, n: i32): i32 {
  let t = kalloc(2 * FR_SIZE); let x = t + FR_SIZE;
  let bad = -1;
  for (let i = 0; i < n; i++) {
    let off = <usize>i << 5;
    if (!frFromBytesPlain(x, a + off) || !frFromBytesPlain(t, b + off)) { bad = i; break; }
    frToMont(x, x);
    frMul(t, x, t);
    frToBytesPlain(out + off, t);
  }
  kfree(t);
  return bad;
}

/** out (rows × 32 bytes) = M·z for a CSR matrix with Montgomery values and plain z. */
export function frSpmv(out: usize, rowPtr: usize, colIdx: usize, values: usize, rows: i32, z: usize): void {
  let t = kalloc(2 * FR_SIZE); let acc = t + FR_SIZE;
  for (let r = 0; r < rows; r++) {
    let k0 = load<u32>(rowPtr + (<usize>r << 2)); let k1 = load<u32>(rowPtr + (<usize>(r + 1) << 2));
    frSetZero(acc);
    for (let k = k0; k < k1; k++) {
      let col = load<u32>(colIdx + (<usize>k << 2));
      frMul(t, values + <usize>k * FR_SIZE, z + <usize>col * FR_SIZE);
      frAdd(acc, acc, t);
    }
    frToBytesPlain(out + (<usize>r << 5), acc);
  }
  kfree(t);
}
