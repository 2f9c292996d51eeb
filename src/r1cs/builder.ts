// The R1CS builder: allocates variables, records constraints A·B = C and computes the witness in
// the same pass (every gadget sets the values of the variables it allocates).
//
// Variable ids live in one space: id 0 is the constant 1, every other id is a witness or a public
// variable in allocation order. build() maps them to the columns of z = (W, 1, x):
// witness variables first (allocation order), then 1, then public variables (allocation order).
import type { R1csAssignment, R1csShape } from './types.js';
import { R1csError, R1csGadgetError } from './errors.js';
import { FR, frMod, frVectorOf } from './fr.js';
import { Lc, ONE } from './lc.js';
import { shapeDigest, toCsr } from './shape.js';

const KIND_ONE = 0;
const KIND_WITNESS = 1;
const KIND_PUBLIC = 2;

export type BuilderCheck = { ok: true } | { ok: false; constraint: number; scope: string };

export interface BuilderOptions {
  /**
   * Compute values only and drop the constraints (for proving a leaf once the shape is known):
   * about half the work. check(), shape() and countsByScope() then throw R1csError.
   */
  witnessOnly?: boolean;
}

export class R1csBuilder {
  /** False in witness-only mode: gadgets may skip building constraint terms. */
  readonly recordsConstraints: boolean;
  private numConstraintsSeen = 0;
  private readonly values: bigint[] = [1n];
  private readonly kinds: number[] = [KIND_ONE];
  private numWitnessVars = 0;
  private numPublicVars = 0;

  private readonly aIds: (readonly number[])[] = [];
  private readonly aCoefs: (readonly bigint[])[] = [];
  private readonly bIds: (readonly number[])[] = [];
  private readonly bCoefs: (readonly bigint[])[] = [];
  private readonly cIds: (readonly number[])[] = [];
  private readonly cCoefs: (readonly bigint[])[] = [];

  // Each constraint remembers the gadget scope that emitted it: per-gadget counts and diagnostics.
  private readonly scopeOf: number[] = [];
  private readonly scopePaths: string[] = [''];
  private readonly scopeIndex = new Map<string, number>([['', 0]]);
  private readonly scopeStack: string[] = [];
  private currentScope = 0;

  constructor(options: BuilderOptions = {}) {
    this.recordsConstraints = !options.witnessOnly;
  }

  /** Constraints emitted so far (counted in witness-only mode too). */
  get numConstraints(): number {
    return this.numConstraintsSeen;
  }

  get numVariables(): number {
    return this.values.length;
  }

  get numWitness(): number {
    return this.numWitnessVars;
  }

  get numPublic(): number {
    return this.numPublicVars;
  }

  /** A new private variable holding value. */
  witness(value: bigint): Lc {
    const v = frMod(value);
    const id = this.values.length;
    this.values.push(v);
    this.kinds.push(KIND_WITNESS);
    this.numWitnessVars++;
    return Lc.variable(id, v);
  }

  /**
   * Consecutive private variables holding canonical values (the caller reduces them); returns
   * the first id. Used by precompiled gadget templates.
   */
  witnessBlock(values: readonly bigint[]): number {
    const base = this.values.length;
    for (const value of values) {
      this.values.push(value);
      this.kinds.push(KIND_WITNESS);
    }
    this.numWitnessVars += values.length;
    return base;
  }

  /** A new public variable (an entry of x) holding value. */
  publicInput(value: bigint): Lc {
    const v = frMod(value);
    const id = this.values.length;
    this.values.push(v);
    this.kinds.push(KIND_PUBLIC);
    this.numPublicVars++;
    return Lc.variable(id, v);
  }

  /** Records a·b = c. */
  enforce(a: Lc, b: Lc, c: Lc): void {
    this.enforceRaw(a.ids, a.coefs, b.ids, b.coefs, c.ids, c.coefs);
  }

  /** Records a constraint from raw id/coefficient lists (ids may repeat; build() merges them). */
  enforceRaw(
    aIds: readonly number[],
    aCoefs: readonly bigint[],
    bIds: readonly number[],
    bCoefs: readonly bigint[],
    cIds: readonly number[],
    cCoefs: readonly bigint[],
  ): void {
    this.numConstraintsSeen++;
    if (!this.recordsConstraints) return;
    this.aIds.push(aIds);
    this.aCoefs.push(aCoefs);
    this.bIds.push(bIds);
    this.bCoefs.push(bCoefs);
    this.cIds.push(cIds);
    this.cCoefs.push(cCoefs);
    this.scopeOf.push(this.currentScope);
  }

  /** Counts n constraints a template left out in witness-only mode (keeps numConstraints true). */
  skipConstraints(n: number): void {
    if (this.recordsConstraints) throw new R1csError('only a witness-only builder can skip constraints');
    this.numConstraintsSeen += n;
  }

  /** A new variable equal to a·b (one constraint). */
  mul(a: Lc, b: Lc): Lc {
    const out = this.witness((a.value * b.value) % FR);
    this.enforce(a, b, out);
    return out;
  }

  /** a = b (one constraint: a·1 = b). */
  assertEqual(a: Lc, b: Lc): void {
    this.enforce(a, ONE, b);
  }

  /** Runs fn with name pushed on the scope path (names the constraints fn emits). */
  scope<T>(name: string, fn: () => T): T {
    if (name.includes('/')) throw new R1csGadgetError(`scope names cannot contain '/': ${name}`);
    const saved = this.currentScope;
    this.scopeStack.push(name);
    const path = this.scopeStack.join('/');
    let idx = this.scopeIndex.get(path);
    if (idx === undefined) {
      idx = this.scopePaths.length;
      this.scopePaths.push(path);
      this.scopeIndex.set(path, idx);
    }
    this.currentScope = idx;
    try {
      return fn();
    } finally {
      this.scopeStack.pop();
      this.currentScope = saved;
    }
  }

  /** Constraint count per full scope path ('' for constraints outside any scope). */
  countsByScope(): Map<string, number> {
    this.requireConstraints('countsByScope');
    const counts = new Map<string, number>();
    for (const s of this.scopeOf) {
      const path = this.scopePaths[s]!;
      counts.set(path, (counts.get(path) ?? 0) + 1);
    }
    return counts;
  }

  /** Checks every constraint against the current values; names the first failing one. */
  check(): BuilderCheck {
    this.requireConstraints('check');
    for (let r = 0; r < this.aIds.length; r++) {
      const a = this.evalRaw(this.aIds[r]!, this.aCoefs[r]!);
      const b = this.evalRaw(this.bIds[r]!, this.bCoefs[r]!);
      const c = this.evalRaw(this.cIds[r]!, this.cCoefs[r]!);
      if ((a * b) % FR !== c) return { ok: false, constraint: r, scope: this.scopePaths[this.scopeOf[r]!]! };
    }
    return { ok: true };
  }

  private evalRaw(ids: readonly number[], coefs: readonly bigint[]): bigint {
    let acc = 0n;
    for (let i = 0; i < ids.length; i++) acc += coefs[i]! * this.values[ids[i]!]!;
    return acc % FR;
  }

  private requireConstraints(what: string): void {
    if (!this.recordsConstraints) throw new R1csError(`${what}() needs the constraints; this builder is witness-only`);
  }

  /** Column of a single-variable combination in z = (W, 1, x) (tests use it to tamper with z). */
  columnOf(v: Lc): number {
    if (v.ids.length !== 1 || v.coefs[0] !== 1n) throw new R1csGadgetError('columnOf needs a plain variable');
    return this.columns()[v.ids[0]!]!;
  }

  /** Column of every variable id in z = (W, 1, x). */
  private columns(): Int32Array {
    const col = new Int32Array(this.values.length);
    const nw = this.numWitnessVars;
    let w = 0;
    let p = 0;
    for (let id = 0; id < this.values.length; id++) {
      const k = this.kinds[id]!;
      if (k === KIND_ONE) col[id] = nw;
      else if (k === KIND_WITNESS) col[id] = w++;
      else col[id] = nw + 1 + p++;
    }
    return col;
  }

  /** The shape (independent of the values). */
  shape(): R1csShape {
    this.requireConstraints('shape');
    const col = this.columns();
    const cols = this.numWitnessVars + 1 + this.numPublicVars;
    const body = {
      numConstraints: this.aIds.length,
      numWitness: this.numWitnessVars,
      numPublic: this.numPublicVars,
      A: toCsr({ ids: this.aIds, coefs: this.aCoefs }, col, cols),
      B: toCsr({ ids: this.bIds, coefs: this.bCoefs }, col, cols),
      C: toCsr({ ids: this.cIds, coefs: this.cCoefs }, col, cols),
    };
    return { ...body, digest: shapeDigest(body) };
  }

  /** The assignment: W and x in column order. */
  assignment(): R1csAssignment {
    const witness: bigint[] = [];
    const publicInputs: bigint[] = [];
    for (let id = 0; id < this.values.length; id++) {
      const k = this.kinds[id]!;
      if (k === KIND_WITNESS) witness.push(this.values[id]!);
      else if (k === KIND_PUBLIC) publicInputs.push(this.values[id]!);
    }
    return { witness: frVectorOf(witness), publicInputs };
  }

  /** Value of a combination under the current assignment (for gadgets and tests). */
  valueOf(lc: Lc): bigint {
    return this.evalRaw(lc.ids, lc.coefs);
  }
}
