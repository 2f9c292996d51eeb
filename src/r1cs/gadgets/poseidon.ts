// Poseidon over BN254 Fr, t = 3 (two inputs), x^5, 8 full + 57 partial rounds, with the kernel's
// circomlib constants: state (0, a, b), output state[0].
//
// Cost: 3 constraints per S-box, 8·3 + 57 = 81 S-boxes = 243 constraints per hash, plus 8 that
// bound the size of the linear combinations (see MATERIALIZE_EVERY): 251.
// The constraint pattern is the same for every call, so it is compiled once into a template over
// local variables and instantiated by offset; the witness comes from a plain evaluation that
// records the same intermediates (traceLocals). A self-check at compile time ties the two.
//
// Partial rounds keep state[1], state[2] as linear combinations, which grow by one term a round.
// Placing that growth once, on the C side, keeps the matrices small: each partial round's last
// constraint x⁴·x = y defines the NEXT round's S-box input X as a fresh variable and expresses y
// through it, y = (X − c' − M01·s1 − M02·s2)/M00, so every S-box input is a single variable.
import { POSEIDON_T3 } from '../../kernel/poseidon-constants.js';
import type { R1csBuilder } from '../builder.js';
import { R1csError } from '../errors.js';
import { FR, frInv } from '../fr.js';
import { Lc, ONE_ID } from '../lc.js';

const REF_ONE = -1;
const REF_IN0 = -2;
const REF_IN1 = -3;

const T = 3;
const RF = POSEIDON_T3.roundsFull;
const RP = POSEIDON_T3.roundsPartial;
const ROUNDS = RF + RP;
const C = POSEIDON_T3.roundConstants;
const M = POSEIDON_T3.mds;

const isFullRound = (r: number) => r < RF / 2 || r >= RF / 2 + RP;

/**
 * Every MATERIALIZE_EVERY partial rounds state[1] and state[2] become fresh variables (two
 * constraints), which restarts their growth. Measured at the default rollup parameters:
 * 12 cuts the matrices' entries from 725,574 to 376,269 (and spmv time about in half) for 8 more
 * constraints per hash (+3 %).
 */
const MATERIALIZE_EVERY = 12;
/** True after partial round r when state[1..2] become fresh variables. */
const materializeAfter = (r: number) => (r - RF / 2 + 1) % MATERIALIZE_EVERY === 0 && !isFullRound(r + 1);
const MATERIALIZATIONS = Array.from({ length: RP }, (_, i) => i + RF / 2).filter(materializeAfter).length;

/** 3 per S-box (81 S-boxes) plus 2 per materialisation: 243 + 8 = 251. */
export const POSEIDON_CONSTRAINTS = 3 * (RF * T + RP) + 2 * MATERIALIZATIONS;

/** A symbolic linear combination over template refs (locals ≥ 0, or REF_*). */
type Sym = Map<number, bigint>;

function symAdd(terms: ReadonlyArray<readonly [Sym, bigint]>): Sym {
  const out: Sym = new Map();
  for (const [s, k] of terms) {
    for (const [ref, c] of s) out.set(ref, ((out.get(ref) ?? 0n) + c * k) % FR);
  }
  for (const [ref, c] of out) if (c === 0n) out.delete(ref);
  return out;
}
const symRef = (ref: number): Sym => new Map([[ref, 1n]]);
const symConst = (c: bigint): Sym => (c % FR === 0n ? new Map() : new Map([[REF_ONE, c % FR]]));
const symAddConst = (s: Sym, c: bigint) =>
  symAdd([
    [s, 1n],
    [symConst(c), 1n],
  ]);

interface TemplateRow {
  refs: [Int32Array, Int32Array, Int32Array];
  coefs: [bigint[], bigint[], bigint[]];
  /** True when some ref is an input (those rows are expanded term by term). */
  usesInputs: boolean;
}

interface PoseidonTemplate {
  numLocals: number;
  rows: TemplateRow[];
  outRefs: Int32Array;
  outCoefs: bigint[];
}

function mix(s: readonly Sym[]): Sym[] {
  return M.map((row) => symAdd(row.map((m, j) => [s[j]!, m] as const)));
}

function compileTemplate(): PoseidonTemplate {
  const rows: TemplateRow[] = [];
  let numLocals = 0;
  const local = (): Sym => symRef(numLocals++);
  const emit = (a: Sym, b: Sym, c: Sym) => {
    const parts = [a, b, c].map((s) => [Int32Array.from(s.keys()), [...s.values()]] as [Int32Array, bigint[]]);
    rows.push({
      refs: [parts[0]![0], parts[1]![0], parts[2]![0]],
      coefs: [parts[0]![1], parts[1]![1], parts[2]![1]],
      usesInputs: [a, b, c].some((s) => s.has(REF_IN0) || s.has(REF_IN1)),
    });
  };
  const m00Inv = frInv(M[0]![0]!);
  let s: Sym[] = [symConst(0n), symRef(REF_IN0), symRef(REF_IN1)];
  for (let r = 0; r < ROUNDS; r++) {
    const c = (i: number) => C[r * T + i]!;
    if (isFullRound(r)) {
      const ys: Sym[] = [];
      for (let i = 0; i < T; i++) {
        const x = symAddConst(s[i]!, c(i));
        const x2 = local();
        emit(x, x, x2);
        const x4 = local();
        emit(x2, x2, x4);
        const y = local();
        emit(x4, x, y);
        ys.push(y);
      }
      s = mix(ys);
    } else {
      const x = symAddConst(s[0]!, c(0));
      const s1 = symAddConst(s[1]!, c(1));
      const s2 = symAddConst(s[2]!, c(2));
      const x2 = local();
      emit(x, x, x2);
      const x4 = local();
      emit(x2, x2, x4);
      if (isFullRound(r + 1)) {
        const y = local();
        emit(x4, x, y);
        s = mix([y, s1, s2]);
      } else {
        const next = local();
        const cNext = C[(r + 1) * T]!;
        // next = M00·y + M01·s1 + M02·s2 + cNext  ⇒  y = (next − cNext − M01·s1 − M02·s2)/M00
        const y = symAdd([
          [next, m00Inv],
          [symConst(cNext), FR - m00Inv],
          [s1, ((FR - M[0]![1]!) * m00Inv) % FR],
          [s2, ((FR - M[0]![2]!) * m00Inv) % FR],
        ]);
        emit(x4, x, y);
        const mixed = mix([y, s1, s2]);
        s = [symAddConst(next, FR - cNext), mixed[1]!, mixed[2]!];
        if (materializeAfter(r)) {
          const one = symConst(1n);
          const m1 = local();
          emit(s[1]!, one, m1);
          const m2 = local();
          emit(s[2]!, one, m2);
          s = [s[0]!, m1, m2];
        }
      }
    }
  }
  const out = s[0]!;
  return { numLocals, rows, outRefs: Int32Array.from(out.keys()), outCoefs: [...out.values()] };
}

const [[M00, M01, M02], [M10, M11, M12], [M20, M21, M22]] = M as unknown as bigint[][] as [
  [bigint, bigint, bigint],
  [bigint, bigint, bigint],
  [bigint, bigint, bigint],
];
const RC = [...C];

/**
 * Plain evaluation recording the template's locals in allocation order; returns them and the hash.
 * Written flat (no closures, sums reduced once) because every hash of every leaf runs it.
 */
export function traceLocals(a: bigint, b: bigint): { locals: bigint[]; out: bigint } {
  const locals: bigint[] = new Array(POSEIDON_CONSTRAINTS);
  let n = 0;
  let s0 = 0n;
  let s1 = a % FR;
  let s2 = b % FR;
  for (let r = 0; r < ROUNDS; r++) {
    const k = r * T;
    if (isFullRound(r)) {
      const x0 = (s0 + RC[k]!) % FR;
      const x1 = (s1 + RC[k + 1]!) % FR;
      const x2 = (s2 + RC[k + 2]!) % FR;
      let q = (x0 * x0) % FR;
      let f = (q * q) % FR;
      const y0 = (f * x0) % FR;
      locals[n++] = q;
      locals[n++] = f;
      locals[n++] = y0;
      q = (x1 * x1) % FR;
      f = (q * q) % FR;
      const y1 = (f * x1) % FR;
      locals[n++] = q;
      locals[n++] = f;
      locals[n++] = y1;
      q = (x2 * x2) % FR;
      f = (q * q) % FR;
      const y2 = (f * x2) % FR;
      locals[n++] = q;
      locals[n++] = f;
      locals[n++] = y2;
      s0 = (M00 * y0 + M01 * y1 + M02 * y2) % FR;
      s1 = (M10 * y0 + M11 * y1 + M12 * y2) % FR;
      s2 = (M20 * y0 + M21 * y1 + M22 * y2) % FR;
    } else {
      const x = (s0 + RC[k]!) % FR;
      const t1 = s1 + RC[k + 1]!;
      const t2 = s2 + RC[k + 2]!;
      const q = (x * x) % FR;
      const f = (q * q) % FR;
      const y = (f * x) % FR;
      locals[n++] = q;
      locals[n++] = f;
      s0 = (M00 * y + M01 * t1 + M02 * t2) % FR;
      s1 = (M10 * y + M11 * t1 + M12 * t2) % FR;
      s2 = (M20 * y + M21 * t1 + M22 * t2) % FR;
      locals[n++] = isFullRound(r + 1) ? y : (s0 + RC[k + T]!) % FR;
      if (!isFullRound(r + 1) && materializeAfter(r)) {
        locals[n++] = s1;
        locals[n++] = s2;
      }
    }
  }
  return { locals, out: s0 };
}

let compiled: PoseidonTemplate | undefined;

function template(): PoseidonTemplate {
  if (!compiled) {
    const t = compileTemplate();
    selfCheck(t);
    compiled = t;
  }
  return compiled;
}

/** Evaluates every template row on a trace: the compiled pattern and the witness must agree. */
function selfCheck(t: PoseidonTemplate): void {
  const a = 1n;
  const b = 2n;
  const { locals, out } = traceLocals(a, b);
  if (locals.length !== t.numLocals) throw new R1csError('Poseidon template: trace length mismatch');
  const val = (ref: number) => (ref >= 0 ? locals[ref]! : ref === REF_ONE ? 1n : ref === REF_IN0 ? a : b);
  const ev = (refs: Int32Array, coefs: bigint[]) => refs.reduce((acc, ref, i) => acc + val(ref) * coefs[i]!, 0n) % FR;
  for (const row of t.rows) {
    if ((ev(row.refs[0], row.coefs[0]) * ev(row.refs[1], row.coefs[1])) % FR !== ev(row.refs[2], row.coefs[2]))
      throw new R1csError('Poseidon template: a row does not hold on its own trace');
  }
  if (ev(t.outRefs, t.outCoefs) !== out) throw new R1csError('Poseidon template: output mismatch');
}

/** Poseidon(x, y) as a circuit: 251 constraints, 251 new witness variables. */
export function poseidon2(b: R1csBuilder, x: Lc, y: Lc): Lc {
  const t = template();
  const { locals, out } = traceLocals(x.value, y.value);
  return b.scope('poseidon', () => {
    const base = b.witnessBlock(locals);
    const mapSimple = (refs: Int32Array): number[] => {
      const ids = new Array<number>(refs.length);
      for (let i = 0; i < refs.length; i++) ids[i] = refs[i]! >= 0 ? base + refs[i]! : ONE_ID;
      return ids;
    };
    const expand = (refs: Int32Array, coefs: bigint[]): [number[], bigint[]] => {
      const ids: number[] = [];
      const cs: bigint[] = [];
      refs.forEach((ref, i) => {
        const input = ref === REF_IN0 ? x : ref === REF_IN1 ? y : undefined;
        if (input) {
          input.ids.forEach((id, j) => {
            ids.push(id);
            cs.push((input.coefs[j]! * coefs[i]!) % FR);
          });
        } else {
          ids.push(ref >= 0 ? base + ref : ONE_ID);
          cs.push(coefs[i]!);
        }
      });
      return [ids, cs];
    };
    // Witness-only builders skip the id mapping: the values above are all they need.
    if (!b.recordsConstraints) b.skipConstraints(t.rows.length);
    for (const row of b.recordsConstraints ? t.rows : []) {
      if (row.usesInputs) {
        const [ai, ac] = expand(row.refs[0], row.coefs[0]);
        const [bi, bc] = expand(row.refs[1], row.coefs[1]);
        const [ci, cc] = expand(row.refs[2], row.coefs[2]);
        b.enforceRaw(ai, ac, bi, bc, ci, cc);
      } else {
        b.enforceRaw(
          mapSimple(row.refs[0]),
          row.coefs[0],
          mapSimple(row.refs[1]),
          row.coefs[1],
          mapSimple(row.refs[2]),
          row.coefs[2],
        );
      }
    }
    return new Lc(mapSimple(t.outRefs), t.outCoefs, out);
  });
}

/** Plain Poseidon(a, b) with the same constants (for witnesses computed outside a circuit). */
export function poseidon2Plain(a: bigint, b: bigint): bigint {
  return traceLocals(a, b).out;
}
