// Linear combinations Σ coefᵢ·zᵢ over the builder's variables, each carrying its current value so
// gadgets compute the witness in the same pass that emits constraints.
import { FR, frMod } from './fr.js';

/** Variable id of the constant 1 (its column in z is numWitness, see builder.ts). */
export const ONE_ID = 0;

export class Lc {
  /** Unsorted, duplicate-free variable ids; coefs[i] ∈ (0, FR) multiplies ids[i]. */
  readonly ids: readonly number[];
  readonly coefs: readonly bigint[];
  /** The combination's value under the builder's current assignment. */
  readonly value: bigint;

  constructor(ids: readonly number[], coefs: readonly bigint[], value: bigint) {
    this.ids = ids;
    this.coefs = coefs;
    this.value = value;
  }

  static constant(c: bigint): Lc {
    const v = frMod(c);
    return v === 0n ? ZERO : new Lc([ONE_ID], [v], v);
  }

  static variable(id: number, value: bigint): Lc {
    return new Lc([id], [1n], value);
  }

  /** Σ kᵢ·lcᵢ with one merge pass (cheap even for long sums such as bit recompositions). */
  static sum(terms: ReadonlyArray<readonly [Lc, bigint]>): Lc {
    const acc = new Map<number, bigint>();
    let value = 0n;
    for (const [lc, k] of terms) {
      const kk = frMod(k);
      if (kk === 0n) continue;
      value += lc.value * kk;
      for (let i = 0; i < lc.ids.length; i++) {
        const id = lc.ids[i]!;
        acc.set(id, ((acc.get(id) ?? 0n) + lc.coefs[i]! * kk) % FR);
      }
    }
    const ids: number[] = [];
    const coefs: bigint[] = [];
    for (const [id, c] of acc) {
      if (c !== 0n) {
        ids.push(id);
        coefs.push(c);
      }
    }
    return new Lc(ids, coefs, value % FR);
  }

  add(o: Lc): Lc {
    return Lc.sum([
      [this, 1n],
      [o, 1n],
    ]);
  }

  sub(o: Lc): Lc {
    return Lc.sum([
      [this, 1n],
      [o, FR - 1n],
    ]);
  }

  scale(k: bigint): Lc {
    return Lc.sum([[this, k]]);
  }

  addConstant(c: bigint): Lc {
    return this.add(Lc.constant(c));
  }

  /** 1 − this: the negation of a bit. */
  negateBit(): Lc {
    return Lc.constant(1n).sub(this);
  }

  isConstant(): boolean {
    return this.ids.every((id) => id === ONE_ID);
  }
}

export const ZERO = new Lc([], [], 0n);
export const ONE = new Lc([ONE_ID], [1n], 1n);
