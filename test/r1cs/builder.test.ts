import { describe, expect, it } from 'vitest';
import { R1csBuilder } from '../../src/r1cs/builder.js';
import { R1csAssignmentError, R1csError, R1csGadgetError } from '../../src/r1cs/errors.js';
import { poseidon2 } from '../../src/r1cs/gadgets/poseidon.js';
import { FR, readFrLe, writeFrLe } from '../../src/r1cs/fr.js';
import { Lc } from '../../src/r1cs/lc.js';
import { checkAssignment, csrTimes } from '../../src/r1cs/shape.js';

/** x·y = z with x public, and z + 3 = w. */
function tiny(xv: bigint, yv: bigint) {
  const b = new R1csBuilder();
  const y = b.witness(yv);
  const x = b.publicInput(xv);
  const z = b.scope('mul', () => b.mul(x, y));
  const w = b.publicInput((z.value + 3n) % FR);
  b.scope('add', () => b.assertEqual(z.addConstant(3n), w));
  return { b, x, y, z, w };
}

function tamper(witness: Uint8Array, column: number, value: bigint): Uint8Array {
  const out = witness.slice();
  writeFrLe(out, column * 32, value);
  return out;
}

describe('R1csBuilder', () => {
  it('lays out z = (W, 1, x) and produces a satisfied assignment', () => {
    const { b, x, y, z, w } = tiny(6n, 7n);
    const shape = b.shape();
    const a = b.assignment();
    expect(shape.numConstraints).toBe(2);
    expect(shape.numWitness).toBe(2);
    expect(shape.numPublic).toBe(2);
    expect(a.publicInputs).toEqual([6n, 45n]);
    expect(b.columnOf(y)).toBe(0);
    expect(b.columnOf(z)).toBe(1);
    expect(b.columnOf(x)).toBe(3);
    expect(b.columnOf(w)).toBe(4);
    expect(readFrLe(a.witness, 32)).toBe(42n);
    expect(checkAssignment(shape, a)).toEqual({ ok: true });
    expect(b.check()).toEqual({ ok: true });
    // Row 1 is z + 3·1 = w: A has columns 1 (z) and 2 (the constant).
    expect([...shape.A.colIdx.slice(shape.A.rowPtr[1], shape.A.rowPtr[2])]).toEqual([1, 2]);
    expect(csrTimes(shape.A, [7n, 42n, 1n, 6n, 45n])).toEqual([6n, 45n]);
  });

  it('rejects a tampered witness entry and a tampered public input', () => {
    const { b } = tiny(6n, 7n);
    const shape = b.shape();
    const a = b.assignment();
    expect(checkAssignment(shape, { ...a, witness: tamper(a.witness, 1, 43n) })).toEqual({
      ok: false,
      firstUnsatisfiedRow: 0,
    });
    expect(checkAssignment(shape, { ...a, publicInputs: [6n, 46n] })).toEqual({ ok: false, firstUnsatisfiedRow: 1 });
  });

  it('names the failing scope when the values do not satisfy', () => {
    const b = new R1csBuilder();
    const x = b.witness(3n);
    b.scope('outer', () => b.scope('inner', () => b.assertEqual(x, Lc.constant(4n))));
    expect(b.check()).toEqual({ ok: false, constraint: 0, scope: 'outer/inner' });
    expect(b.countsByScope().get('outer/inner')).toBe(1);
  });

  it('gives the same shape and digest whatever the values, another digest for another circuit', () => {
    const s1 = tiny(6n, 7n).b.shape();
    const s2 = tiny(FR - 1n, 123456789n).b.shape();
    expect(s2.digest).toEqual(s1.digest);
    expect(s1.digest.length).toBe(32);
    const other = new R1csBuilder();
    const y = other.witness(7n);
    const x = other.publicInput(6n);
    const z = other.mul(x, y);
    other.assertEqual(z.addConstant(4n), other.publicInput(46n));
    expect(other.shape().digest).not.toEqual(s1.digest);
  });

  it('merges repeated variables and drops cancelled terms in the matrices', () => {
    const b = new R1csBuilder();
    const x = b.witness(5n);
    const y = b.witness(9n);
    // (x + x + y − y)·1 = 2x: one entry in A, coefficient 2.
    b.enforceRaw([x.ids[0]!, x.ids[0]!, y.ids[0]!, y.ids[0]!], [1n, 1n, 1n, FR - 1n], [0], [1n], [x.ids[0]!], [2n]);
    const s = b.shape();
    expect(s.A.colIdx.length).toBe(1);
    expect(readFrLe(s.A.values, 0)).toBe(2n);
    expect(checkAssignment(s, b.assignment()).ok).toBe(true);
  });

  it('rejects malformed assignments with R1csAssignmentError', () => {
    const { b } = tiny(6n, 7n);
    const shape = b.shape();
    const a = b.assignment();
    expect(() => checkAssignment(shape, { ...a, witness: a.witness.subarray(0, 32) })).toThrow(R1csAssignmentError);
    expect(() => checkAssignment(shape, { ...a, publicInputs: [6n] })).toThrow(/public inputs/);
    expect(() => checkAssignment(shape, { ...a, publicInputs: [6n, FR] })).toThrow(R1csAssignmentError);
    const bad = a.witness.slice();
    bad.fill(0xff, 0, 32);
    expect(() => checkAssignment(shape, { ...a, witness: bad })).toThrow(/witness entry 0 is not a canonical/);
  });

  it('witness-only mode gives the same assignment and count, and refuses shape work', () => {
    const run = (witnessOnly: boolean) => {
      const b = new R1csBuilder({ witnessOnly });
      const x = b.publicInput(5n);
      const h = poseidon2(b, x, b.witness(6n));
      b.assertEqual(b.mul(h, x), b.publicInput((h.value * 5n) % FR));
      return b;
    };
    const full = run(false);
    const lean = run(true);
    expect(lean.numConstraints).toBe(full.numConstraints);
    expect(lean.assignment()).toEqual(full.assignment());
    expect(() => lean.shape()).toThrow(R1csError);
    expect(() => lean.check()).toThrow(/witness-only/);
    expect(() => full.skipConstraints(1)).toThrow(R1csError);
  });

  it('rejects scope names that would break the scope path', () => {
    const b = new R1csBuilder();
    expect(() => b.scope('a/b', () => 0)).toThrow(R1csGadgetError);
  });
});
