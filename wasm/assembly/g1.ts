// BN254 G1 (y² = x³ + 3 over Fq) in affine and Jacobian coordinates.
//
// Stable AssemblyScript API (pointers into linear memory; outputs may alias inputs):
//   G1_AFFINE_SIZE = 72  affine x ‖ y, each an internal Fq element (Montgomery); identity = (0, 0)
//                        (y = 0 is never on the curve: G1 has prime order, so no 2-torsion)
//   G1_JAC_SIZE = 108    Jacobian X ‖ Y ‖ Z, (X/Z², Y/Z³); identity has Z = 0
//   g1AffineIsIdentity(p), g1AffineSetIdentity(p), g1AffineOnCurve(p): bool, g1AffineNeg(out, p)
//   g1CurveRhs(out, x)                out = x³ + 3
//   g1AffineFromBytes(out, in): i32   64 LE bytes x ‖ y → internal; 0 ok, 1 non-canonical, 2 not on curve
//   g1AffineToBytes(outPtr, p)        internal → 64 LE bytes (identity → zeros)
//   g1JacSetIdentity(p), g1JacIsIdentity(p), g1JacFromAffine(out, p), g1JacToAffine(out, p)
//   g1JacDouble(out, p), g1JacAdd(out, p, q), g1JacAddAffine(out, p, qAffine), g1JacNeg(out, p)
// Temporaries live in module-level scratch: these functions are not re-entrant (wasm is single-threaded).
import {
  FQ_SIZE, fqAdd, fqCopy, fqEq, fqFromBytes, fqIsZero, fqMul, fqNeg, fqSetOne, fqSetZero, fqSquare, fqSub,
  fqToBytes, fqFromU64, fqInverse, fqDouble,
} from './fq';

export const G1_AFFINE_SIZE: usize = 72;
export const G1_JAC_SIZE: usize = 108;

// Scratch field elements (36 bytes each) for the formulas below.
const SCRATCH_ARR = new StaticArray<u32>(9 * 16);
const S: usize = changetype<usize>(SCRATCH_ARR);
// @ts-ignore: decorator
@inline function tmp(i: usize): usize { return S + i * FQ_SIZE; }

const B3_ARR = new StaticArray<u32>(9);
const CURVE_B: usize = changetype<usize>(B3_ARR);
let curveReady = false;
function curveB(): usize {
  if (!curveReady) { fqFromU64(CURVE_B, 3); curveReady = true; }
  return CURVE_B;
}

// --- affine ---

export function g1AffineIsIdentity(p: usize): bool {
  return fqIsZero(p + FQ_SIZE) && fqIsZero(p);
}

export function g1AffineSetIdentity(p: usize): void {
  fqSetZero(p); fqSetZero(p + FQ_SIZE);
}

/** True for the identity and for points satisfying y² = x³ + 3. */
export function g1AffineOnCurve(p: usize): bool {
  if (g1AffineIsIdentity(p)) return true;
  let l = tmp(0); let r = tmp(1);
  fqSquare(l, p + FQ_SIZE);
  g1CurveRhs(r, p);
  return fqEq(l, r);
}

/** out = x³ + 3, the right-hand side of the curve equation (out may alias x). */
export function g1CurveRhs(out: usize, x: usize): void {
  fqSquare(out, x); fqMul(out, out, x); fqAdd(out, out, curveB());
}

export function g1AffineNeg(out: usize, p: usize): void {
  fqCopy(out, p); fqNeg(out + FQ_SIZE, p + FQ_SIZE);
}

/** 64 LE bytes → internal affine point. 0 = ok, 1 = a coordinate is not canonical, 2 = not on the curve. */
export function g1AffineFromBytes(out: usize, inPtr: usize): i32 {
  let allZero = true;
  for (let i: usize = 0; i < 64; i += 8) if (load<u64>(inPtr + i) != 0) { allZero = false; break; }
  if (allZero) { g1AffineSetIdentity(out); return 0; }
  let x = tmp(2); let y = tmp(3);
  if (!fqFromBytes(x, inPtr) || !fqFromBytes(y, inPtr + 32)) return 1;
  fqCopy(out, x); fqCopy(out + FQ_SIZE, y);
  if (fqIsZero(y) || !g1AffineOnCurve(out)) { g1AffineSetIdentity(out); return 2; }
  return 0;
}

export function g1AffineToBytes(outPtr: usize, p: usize): void {
  if (g1AffineIsIdentity(p)) { memory.fill(outPtr, 0, 64); return; }
  fqToBytes(outPtr, p); fqToBytes(outPtr + 32, p + FQ_SIZE);
}

// --- Jacobian ---

export function g1JacSetIdentity(p: usize): void {
  fqSetOne(p); fqSetOne(p + FQ_SIZE); fqSetZero(p + 2 * FQ_SIZE);
}

export function g1JacIsIdentity(p: usize): bool {
  return fqIsZero(p + 2 * FQ_SIZE);
}

export function g1JacCopy(out: usize, p: usize): void {
  memory.copy(out, p, G1_JAC_SIZE);
}

export function g1JacFromAffine(out: usize, p: usize): void {
  if (g1AffineIsIdentity(p)) { g1JacSetIdentity(out); return; }
  fqCopy(out, p); fqCopy(out + FQ_SIZE, p + FQ_SIZE); fqSetOne(out + 2 * FQ_SIZE);
}

export function g1JacNeg(out: usize, p: usize): void {
  fqCopy(out, p); fqNeg(out + FQ_SIZE, p + FQ_SIZE); fqCopy(out + 2 * FQ_SIZE, p + 2 * FQ_SIZE);
}

export function g1JacToAffine(out: usize, p: usize): void {
  if (g1JacIsIdentity(p)) { g1AffineSetIdentity(out); return; }
  let zi = tmp(0); let zi2 = tmp(1);
  fqInverse(zi, p + 2 * FQ_SIZE);
  fqSquare(zi2, zi);
  fqMul(out + FQ_SIZE, p + FQ_SIZE, zi2); fqMul(out + FQ_SIZE, out + FQ_SIZE, zi);
  fqMul(out, p, zi2);
}

/** dbl-2009-l (a = 0): 2M + 5S. */
export function g1JacDouble(out: usize, p: usize): void {
  if (g1JacIsIdentity(p)) { g1JacSetIdentity(out); return; }
  let X = p; let Y = p + FQ_SIZE; let Z = p + 2 * FQ_SIZE;
  let A = tmp(4); let B = tmp(5); let C = tmp(6); let D = tmp(7); let E = tmp(8); let F = tmp(9);
  fqSquare(A, X); fqSquare(B, Y); fqSquare(C, B);
  fqAdd(D, X, B); fqSquare(D, D); fqSub(D, D, A); fqSub(D, D, C); fqDouble(D, D);
  fqDouble(E, A); fqAdd(E, E, A);
  fqSquare(F, E);
  // Z3 = 2·Y·Z first: out may alias p
  fqMul(out + 2 * FQ_SIZE, Y, Z); fqDouble(out + 2 * FQ_SIZE, out + 2 * FQ_SIZE);
  fqSub(out, F, D); fqSub(out, out, D);                         // X3 = F − 2D
  fqDouble(C, C); fqDouble(C, C); fqDouble(C, C);              // 8C
  fqSub(B, D, out); fqMul(B, E, B); fqSub(out + FQ_SIZE, B, C); // Y3 = E(D − X3) − 8C
}

/** add-2007-bl: full Jacobian addition, 11M + 5S; handles equal points and identities. */
export function g1JacAdd(out: usize, p: usize, q: usize): void {
  if (g1JacIsIdentity(p)) { g1JacCopy(out, q); return; }
  if (g1JacIsIdentity(q)) { g1JacCopy(out, p); return; }
  let Z1Z1 = tmp(4); let Z2Z2 = tmp(5); let U1 = tmp(6); let U2 = tmp(7); let S1 = tmp(8); let S2 = tmp(9);
  let H = tmp(10); let I = tmp(11); let J = tmp(12); let r = tmp(13); let V = tmp(14);
  let Z1 = p + 2 * FQ_SIZE; let Z2 = q + 2 * FQ_SIZE;
  fqSquare(Z1Z1, Z1); fqSquare(Z2Z2, Z2);
  fqMul(U1, p, Z2Z2); fqMul(U2, q, Z1Z1);
  fqMul(S1, p + FQ_SIZE, Z2); fqMul(S1, S1, Z2Z2);
  fqMul(S2, q + FQ_SIZE, Z1); fqMul(S2, S2, Z1Z1);
  fqSub(H, U2, U1); fqSub(r, S2, S1);
  if (fqIsZero(H)) {
    if (fqIsZero(r)) { g1JacDouble(out, p); return; }
    g1JacSetIdentity(out); return;
  }
  fqDouble(r, r);
  fqDouble(I, H); fqSquare(I, I);
  fqMul(J, H, I); fqMul(V, U1, I);
  // Z3 = ((Z1 + Z2)² − Z1Z1 − Z2Z2)·H, computed before out (which may alias p or q) is written
  let Z3 = tmp(15);
  fqAdd(Z3, Z1, Z2); fqSquare(Z3, Z3); fqSub(Z3, Z3, Z1Z1); fqSub(Z3, Z3, Z2Z2); fqMul(Z3, Z3, H);
  fqSquare(out, r); fqSub(out, out, J); fqSub(out, out, V); fqSub(out, out, V); // X3
  fqSub(V, V, out); fqMul(V, r, V); fqMul(S1, S1, J); fqDouble(S1, S1); fqSub(out + FQ_SIZE, V, S1);
  fqCopy(out + 2 * FQ_SIZE, Z3);
}

/** madd-2007-bl: Jacobian + affine, 7M + 4S; handles equal points and identities. */
export function g1JacAddAffine(out: usize, p: usize, q: usize): void {
  if (g1AffineIsIdentity(q)) { g1JacCopy(out, p); return; }
  if (g1JacIsIdentity(p)) { g1JacFromAffine(out, q); return; }
  let Z1Z1 = tmp(4); let U2 = tmp(5); let S2 = tmp(6); let H = tmp(7); let HH = tmp(8);
  let I = tmp(9); let J = tmp(10); let r = tmp(11); let V = tmp(12);
  let Z1 = p + 2 * FQ_SIZE;
  fqSquare(Z1Z1, Z1);
  fqMul(U2, q, Z1Z1);
  fqMul(S2, q + FQ_SIZE, Z1); fqMul(S2, S2, Z1Z1);
  fqSub(H, U2, p); fqSub(r, S2, p + FQ_SIZE);
  if (fqIsZero(H)) {
    if (fqIsZero(r)) { g1JacDouble(out, p); return; }
    g1JacSetIdentity(out); return;
  }
  fqDouble(r, r);
  fqSquare(HH, H);
  fqDouble(I, HH); fqDouble(I, I);
  fqMul(J, H, I); fqMul(V, p, I);
  // Z3 = (Z1 + H)² − Z1Z1 − HH
  fqAdd(out + 2 * FQ_SIZE, Z1, H); fqSquare(out + 2 * FQ_SIZE, out + 2 * FQ_SIZE);
  fqSub(out + 2 * FQ_SIZE, out + 2 * FQ_SIZE, Z1Z1); fqSub(out + 2 * FQ_SIZE, out + 2 * FQ_SIZE, HH);
  let Y1J = tmp(13);
  fqMul(Y1J, p + FQ_SIZE, J); fqDouble(Y1J, Y1J);
  fqSquare(out, r); fqSub(out, out, J); fqSub(out, out, V); fqSub(out, out, V);
  fqSub(V, V, out); fqMul(V, r, V); fqSub(out + FQ_SIZE, V, Y1J);
}
