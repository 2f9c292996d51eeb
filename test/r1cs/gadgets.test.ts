import fc from 'fast-check';
import { poseidon2 as litePoseidon2 } from 'poseidon-lite';
import { describe, expect, it } from 'vitest';
import { R1csBuilder } from '../../src/r1cs/builder.js';
import { R1csGadgetError } from '../../src/r1cs/errors.js';
import { FR, writeFrLe } from '../../src/r1cs/fr.js';
import { allocBit, and, or } from '../../src/r1cs/gadgets/boolean.js';
import { assertEqualIf, isEqual, isZero } from '../../src/r1cs/gadgets/equality.js';
import { assertCanonical, constantLimbs, limbsLessThan, toLimbs } from '../../src/r1cs/gadgets/field-compare.js';
import { emptySubtreeRoot, merkleRoot, subtreeRoot } from '../../src/r1cs/gadgets/merkle.js';
import { POSEIDON_CONSTRAINTS, poseidon2, poseidon2Plain } from '../../src/r1cs/gadgets/poseidon.js';
import { allocBits, fromBits, lessThan, toBits } from '../../src/r1cs/gadgets/range.js';
import { select } from '../../src/r1cs/gadgets/select.js';
import { Lc } from '../../src/r1cs/lc.js';
import { checkAssignment } from '../../src/r1cs/shape.js';

const field = fc.bigInt({ min: 0n, max: FR - 1n });
const lite = (a: bigint, b: bigint) => litePoseidon2([a, b]);

/** Satisfied both by the builder's own check and by the exported shape + assignment. */
function satisfied(b: R1csBuilder): boolean {
  const own = b.check().ok;
  const exported = checkAssignment(b.shape(), b.assignment()).ok;
  expect(exported).toBe(own);
  return own;
}

describe('boolean and select', () => {
  it('accepts 0 and 1 and rejects any other bit value', () => {
    for (const v of [0n, 1n]) {
      const b = new R1csBuilder();
      allocBit(b, v);
      expect(satisfied(b)).toBe(true);
    }
    const b = new R1csBuilder();
    allocBit(b, 2n);
    expect(satisfied(b)).toBe(false);
  });

  it('and / or / select follow their truth tables', () => {
    for (const [x, y] of [
      [0n, 0n],
      [0n, 1n],
      [1n, 0n],
      [1n, 1n],
    ] as const) {
      const b = new R1csBuilder();
      const bx = allocBit(b, x);
      const by = allocBit(b, y);
      expect(and(b, bx, by).value).toBe(x & y);
      expect(or(b, bx, by).value).toBe(x | y);
      expect(select(b, bx, Lc.constant(10n), Lc.constant(20n)).value).toBe(x ? 10n : 20n);
      expect(satisfied(b)).toBe(true);
    }
  });

  it('select cannot return the other branch', () => {
    const b = new R1csBuilder();
    const bit = allocBit(b, 1n);
    const out = select(b, bit, b.witness(10n), b.witness(20n));
    const a = b.assignment();
    const w = a.witness.slice();
    writeFrLe(w, b.columnOf(out) * 32, 20n);
    expect(checkAssignment(b.shape(), { ...a, witness: w }).ok).toBe(false);
  });
});

describe('equality', () => {
  it('isZero / isEqual are correct and cannot be flipped', () => {
    fc.assert(
      fc.property(field, fc.boolean(), (x, same) => {
        const b = new R1csBuilder();
        const v = b.witness(x);
        const z = isZero(b, v);
        const e = isEqual(b, v, b.witness(same ? x : (x + 1n) % FR));
        expect(z.value).toBe(x === 0n ? 1n : 0n);
        expect(e.value).toBe(same ? 1n : 0n);
        expect(satisfied(b)).toBe(true);
        // A prover claiming the opposite answer is caught.
        const a = b.assignment();
        const w = a.witness.slice();
        writeFrLe(w, b.columnOf(z) * 32, 1n - z.value);
        expect(checkAssignment(b.shape(), { ...a, witness: w }).ok).toBe(false);
      }),
      { numRuns: 25 },
    );
  });

  it('assertEqualIf only binds when enabled', () => {
    for (const [en, ok] of [
      [0n, true],
      [1n, false],
    ] as const) {
      const b = new R1csBuilder();
      assertEqualIf(b, allocBit(b, en), b.witness(3n), b.witness(4n));
      expect(satisfied(b)).toBe(ok);
    }
  });
});

describe('range and comparisons', () => {
  it('toBits decomposes values that fit and rejects values that do not', () => {
    const b = new R1csBuilder();
    const bits = toBits(b, b.witness(0b1011n), 4);
    expect(bits.map((x) => x.value)).toEqual([1n, 1n, 0n, 1n]);
    expect(fromBits(bits).value).toBe(11n);
    expect(satisfied(b)).toBe(true);
    const c = new R1csBuilder();
    toBits(c, c.witness(16n), 4);
    expect(satisfied(c)).toBe(false);
    expect(() => allocBits(c, 0n, 254)).toThrow(R1csGadgetError);
    expect(() => lessThan(c, c.witness(1n), c.witness(2n), 252)).toThrow(R1csGadgetError);
  });

  it('lessThan matches integer order for n-bit values', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
        fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
        (x, y) => {
          const b = new R1csBuilder();
          expect(lessThan(b, b.witness(x), b.witness(y), 64).value).toBe(x < y ? 1n : 0n);
          expect(b.check().ok).toBe(true);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('limbsLessThan matches integer order over the whole field, edges included', () => {
    const edges = [0n, 1n, (1n << 128n) - 1n, 1n << 128n, (1n << 128n) + 1n, FR - 2n, FR - 1n];
    const pairs: [bigint, bigint][] = [];
    for (const x of edges) for (const y of edges) pairs.push([x, y]);
    fc.assert(
      fc.property(field, field, (x, y) => {
        pairs.push([x, y], [x, x]);
      }),
      { numRuns: 10 },
    );
    for (const [x, y] of pairs) {
      const b = new R1csBuilder();
      const lx = toLimbs(b, b.witness(x));
      const ly = toLimbs(b, b.witness(y));
      expect(limbsLessThan(b, lx, ly).value).toBe(x < y ? 1n : 0n);
      assertCanonical(b, lx);
      expect(b.check().ok).toBe(true);
    }
  });

  it('assertCanonical rejects the representative shifted by r', () => {
    const x = 5n; // x + r < 2^254, so x has two 254-bit representatives
    const b = new R1csBuilder();
    const shifted = x + FR;
    const lo = fromBits(allocBits(b, shifted & ((1n << 128n) - 1n), 128));
    const hi = fromBits(allocBits(b, shifted >> 128n, 126));
    b.assertEqual(hi.scale(1n << 128n).add(lo), b.witness(x)); // holds mod r
    expect(b.check().ok).toBe(true);
    assertCanonical(b, { hi, lo });
    expect(b.check().ok).toBe(false);
    // r − 1 itself is canonical; r is not.
    const c = new R1csBuilder();
    expect(limbsLessThan(c, constantLimbs(FR - 1n), constantLimbs(FR)).value).toBe(1n);
  });
});

describe('Poseidon', () => {
  it('equals poseidon-lite on random inputs, is satisfied, costs 251 constraints', () => {
    fc.assert(
      fc.property(field, field, (x, y) => {
        const b = new R1csBuilder();
        const h = poseidon2(b, b.witness(x), b.publicInput(y));
        expect(h.value).toBe(lite(x, y));
        expect(poseidon2Plain(x, y)).toBe(h.value);
        expect(b.numConstraints).toBe(POSEIDON_CONSTRAINTS);
        expect(POSEIDON_CONSTRAINTS).toBe(243 + 8); // 81 S-boxes, 4 materialisations
        expect(b.check().ok).toBe(true);
      }),
      { numRuns: 20 },
    );
  });

  it('keeps every linear combination short (the partial-round growth is bounded)', () => {
    const b = new R1csBuilder();
    poseidon2(b, b.witness(1n), b.witness(2n));
    const s = b.shape();
    for (const m of [s.A, s.B, s.C]) {
      let widest = 0;
      for (let r = 0; r < m.rows; r++) widest = Math.max(widest, m.rowPtr[r + 1]! - m.rowPtr[r]!);
      expect(widest).toBeLessThanOrEqual(20);
    }
    expect(s.A.colIdx.length + s.B.colIdx.length + s.C.colIdx.length).toBeLessThan(1800);
  });

  it('takes linear combinations as inputs and chains', () => {
    const b = new R1csBuilder();
    const x = b.witness(11n);
    const y = b.witness(22n);
    const h1 = poseidon2(b, x.scale(3n).add(y), Lc.constant(7n));
    const h2 = poseidon2(b, h1, x.sub(y));
    expect(h2.value).toBe(lite(lite(55n, 7n), FR - 11n));
    expect(satisfied(b)).toBe(true);
  });

  it('rejects any tampered internal value', () => {
    const b = new R1csBuilder();
    const h = poseidon2(b, b.witness(1n), b.witness(2n));
    const out = b.witness(h.value);
    b.assertEqual(h, out);
    const shape = b.shape();
    const a = b.assignment();
    for (const col of [2, 100, 200, 244]) {
      const w = a.witness.slice();
      writeFrLe(w, col * 32, 12345n);
      expect(checkAssignment(shape, { ...a, witness: w }).ok).toBe(false);
    }
  });
});

describe('Merkle paths', () => {
  const plainRoot = (leaf: bigint, index: number, siblings: bigint[]) =>
    siblings.reduce((cur, s, i) => ((index >> i) & 1 ? lite(s, cur) : lite(cur, s)), leaf);

  it('computes the root with direction bits from the index', () => {
    fc.assert(
      fc.property(
        field,
        fc.integer({ min: 0, max: 15 }),
        fc.array(field, { minLength: 4, maxLength: 4 }),
        (leaf, index, sibs) => {
          const b = new R1csBuilder();
          const bits = toBits(b, b.witness(BigInt(index)), 4);
          const root = merkleRoot(
            b,
            b.witness(leaf),
            bits,
            sibs.map((s) => b.witness(s)),
          );
          expect(root.value).toBe(plainRoot(leaf, index, sibs));
          expect(b.check().ok).toBe(true);
        },
      ),
      { numRuns: 5 },
    );
  });

  it('a wrong sibling or index gives another root', () => {
    const sibs = [1n, 2n, 3n];
    const expected = plainRoot(9n, 5, sibs);
    const build = (index: number, s: bigint[]) => {
      const b = new R1csBuilder();
      const root = merkleRoot(
        b,
        b.witness(9n),
        toBits(b, b.witness(BigInt(index)), 3),
        s.map((x) => b.witness(x)),
      );
      b.assertEqual(root, b.publicInput(expected));
      return b.check().ok;
    };
    expect(build(5, sibs)).toBe(true);
    expect(build(4, sibs)).toBe(false);
    expect(build(5, [1n, 2n, 4n])).toBe(false);
  });

  it('subtree roots and empty-subtree roots match the plain definitions', () => {
    const b = new R1csBuilder();
    const r = subtreeRoot(
      b,
      [1n, 2n, 3n, 4n].map((v) => b.witness(v)),
    );
    expect(r.value).toBe(lite(lite(1n, 2n), lite(3n, 4n)));
    expect(emptySubtreeRoot(2)).toBe(lite(lite(0n, 0n), lite(0n, 0n)));
    expect(() => subtreeRoot(b, [b.witness(1n), b.witness(2n), b.witness(3n)])).toThrow(R1csGadgetError);
    expect(() => merkleRoot(b, r, [], [r])).toThrow(R1csGadgetError);
  });
});
