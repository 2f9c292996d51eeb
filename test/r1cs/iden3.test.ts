import { bn254_Fr } from '@noble/curves/bn254.js';
import { describe, expect, it } from 'vitest';
import {
  columnOfWire,
  encodeR1csFile,
  encodeWtnsFile,
  Iden3FormatError,
  parseR1csFile,
  parseWtnsFile,
  readContainer,
  wireOfColumn,
  writeContainer,
} from '../../src/r1cs/iden3/index.js';
import { R1csBuilder } from '../../src/r1cs/builder.js';
import { FR } from '../../src/r1cs/fr.js';
import { poseidon2 } from '../../src/r1cs/gadgets/poseidon.js';
import { baseRollupShape, buildBaseRollupCircuit } from '../../src/rollup/circuit/base-rollup.js';
import { BASE_ROLLUP_NUM_OUTPUTS } from '../../src/rollup/circuit/public-inputs.js';
import { block, CTX, SMALL, tx } from '../proof/circuit/helpers.js';

function sample() {
  const b = new R1csBuilder();
  const x = b.publicInput(3n);
  const w = b.witness(4n);
  const h = poseidon2(b, x, w.scale(2n));
  b.assertEqual(h, b.publicInput(h.value));
  return { shape: b.shape(), assignment: b.assignment() };
}

/** Evaluates a parsed .r1cs on parsed .wtns values: the semantic round trip. */
function satisfiedIden3(r1cs: ReturnType<typeof parseR1csFile>, values: bigint[]): boolean {
  const ev = (lc: Array<[number, bigint]>) => lc.reduce((acc, [w, c]) => acc + c * values[w]!, 0n) % FR;
  return r1cs.constraints.every(([a, b, c]) => (ev(a) * ev(b)) % FR === ev(c));
}

describe('iden3 .r1cs / .wtns export', () => {
  it('parses back: header, sections, counts, ascending terms', () => {
    const { shape } = sample();
    const bytes = encodeR1csFile(shape, 1);
    const container = readContainer(bytes, 'r1cs');
    expect(container.version).toBe(1);
    expect([...container.sections.keys()]).toEqual([1, 2, 3]);
    expect(container.sections.get(1)![0]!.length).toBe(4 + 32 + 4 * 4 + 8 + 4);
    const f = parseR1csFile(bytes);
    expect(f.header).toEqual({
      fieldSize: 32,
      prime: FR,
      nWires: shape.numWitness + 1 + shape.numPublic,
      nPubOut: 1,
      nPubIn: 1,
      nPrvIn: 0,
      nLabels: BigInt(shape.numWitness + 1 + shape.numPublic),
      mConstraints: shape.numConstraints,
    });
    expect(f.constraints.length).toBe(shape.numConstraints);
    const nnz = f.constraints.reduce((s, lcs) => s + lcs.reduce((t, lc) => t + lc.length, 0), 0);
    expect(nnz).toBe(shape.A.colIdx.length + shape.B.colIdx.length + shape.C.colIdx.length);
    for (const lcs of f.constraints)
      for (const lc of lcs) for (let i = 1; i < lc.length; i++) expect(lc[i]![0]).toBeGreaterThan(lc[i - 1]![0]);
    expect(f.wireToLabel.slice(0, 3)).toEqual([0n, 1n, 2n]);
  });

  it('maps z = (W, 1, x) to iden3 order (1, outputs, inputs, private) and back', () => {
    const layout = { numWitness: 5, numPublic: 2 };
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((c) => wireOfColumn(layout, c))).toEqual([3, 4, 5, 6, 7, 0, 1, 2]);
    for (let w = 0; w < 8; w++) expect(wireOfColumn(layout, columnOfWire(layout, w))).toBe(w);
  });

  it('the exported base-rollup constraints hold on the exported witness; a tampered value breaks them', () => {
    const leaf = block(SMALL, [tx([1n, 2n], [77n])], 1).result.leaves[0]!;
    const shape = baseRollupShape(SMALL);
    const assignment = buildBaseRollupCircuit(SMALL, leaf, CTX).assignment();
    const r1cs = parseR1csFile(encodeR1csFile(shape, BASE_ROLLUP_NUM_OUTPUTS));
    const wtns = parseWtnsFile(encodeWtnsFile(shape, assignment));
    expect(wtns.values[0]).toBe(1n);
    expect(wtns.values.slice(1, 1 + shape.numPublic)).toEqual(assignment.publicInputs);
    expect(satisfiedIden3(r1cs, wtns.values)).toBe(true);
    const tampered = [...wtns.values];
    tampered[shape.numPublic + 10] = (tampered[shape.numPublic + 10]! + 1n) % FR;
    expect(satisfiedIden3(r1cs, tampered)).toBe(false);
  });

  it('meets the invariants snarkjs checks (prime, wires, constraint count)', () => {
    const { shape, assignment } = sample();
    const r1cs = parseR1csFile(encodeR1csFile(shape, 1));
    const wtns = parseWtnsFile(encodeWtnsFile(shape, assignment));
    // The prime is BN254's scalar field, per an independent source (noble), in both files.
    expect(r1cs.header.prime).toBe(bn254_Fr.ORDER);
    expect(wtns.prime).toBe(bn254_Fr.ORDER);
    // snarkjs wtns check: the witness has exactly nWires values and wire 0 is 1.
    expect(wtns.values.length).toBe(r1cs.header.nWires);
    expect(wtns.values[0]).toBe(1n);
    // Public signals are wires 1 .. nPubOut + nPubIn: the public inputs.
    expect(r1cs.header.nPubOut + r1cs.header.nPubIn).toBe(shape.numPublic);
    expect(wtns.values.slice(1, 1 + shape.numPublic)).toEqual(assignment.publicInputs);
    // Every constraint is present and every referenced wire exists.
    expect(r1cs.constraints.length).toBe(r1cs.header.mConstraints);
    for (const lcs of r1cs.constraints)
      for (const lc of lcs) for (const [w] of lc) expect(w).toBeLessThan(r1cs.header.nWires);
    expect(satisfiedIden3(r1cs, wtns.values)).toBe(true);
  });

  describe('rejects malformed files with Iden3FormatError', () => {
    const { shape, assignment } = sample();
    const good = encodeR1csFile(shape, 0);
    const goodW = encodeWtnsFile(shape, assignment);
    const mutate = (src: Uint8Array, f: (b: Uint8Array, dv: DataView) => void) => {
      const b = src.slice();
      f(b, new DataView(b.buffer));
      return b;
    };
    const cases: [string, () => unknown, RegExp][] = [
      ['too short', () => parseR1csFile(good.subarray(0, 8)), /shorter than the 12-byte preamble/],
      ['wrong magic', () => parseR1csFile(goodW), /wrong magic "wtns"/],
      [
        'wrong version',
        () => parseR1csFile(mutate(good, (_, dv) => dv.setUint32(4, 2, true))),
        /version 2, expected 1/,
      ],
      ['truncated', () => parseR1csFile(good.subarray(0, good.length - 5)), /declares \d+ bytes, only \d+ remain/],
      ['trailing bytes', () => parseR1csFile(new Uint8Array([...good, 0])), /1 trailing bytes/],
      ['missing section', () => parseR1csFile(writeContainer('r1cs', 1, [])), /expected one header section/],
      [
        'wire out of range',
        // Constraint 0's A: first term's wire id sits right after the count.
        () => parseR1csFile(mutate(good, (_b, dv) => dv.setUint32(12 + 12 + 64 + 12 + 4, 99999, true))),
        /wire 99999 out of range/,
      ],
      [
        'unreduced coefficient',
        () => parseR1csFile(mutate(good, (b) => b.fill(0xff, 12 + 12 + 64 + 12 + 8, 12 + 12 + 64 + 12 + 40))),
        /is not reduced/,
      ],
      [
        'wtns count mismatch',
        () => parseWtnsFile(mutate(goodW, (_, dv) => dv.setUint32(12 + 12 + 36, 1, true))),
        /value bytes for 1 values/,
      ],
      ['nPubOut out of range', () => encodeR1csFile(shape, 3), /nPubOut 3 is outside/],
    ];
    for (const [name, run, message] of cases) {
      it(name, () => {
        expect(run).toThrow(Iden3FormatError);
        expect(run).toThrow(message);
      });
    }
  });
});
