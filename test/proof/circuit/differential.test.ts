// The circuit and the light verifier decide the same relation: on random mutations of valid
// leaves, the circuit is satisfiable with the given witness exactly when the light verifier
// accepts the leaf and its claimed outputs.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FR } from '../../../src/r1cs/fr.js';
import { buildBaseRollupCircuit, CircuitInputError } from '../../../src/rollup/circuit/base-rollup.js';
import { snapshotsEqual, verifyLeafTransition } from '../../../src/rollup/index.js';
import type { LeafWitness } from '../../../src/rollup/types.js';
import { block, CTX, liteHasher, SMALL, tx } from './helpers.js';

function lightAccepts(leaf: LeafWitness): boolean {
  try {
    const t = verifyLeafTransition(liteHasher, leaf.start, leaf.tx, leaf.hints, SMALL);
    return (
      snapshotsEqual(t.end, leaf.end) &&
      t.effectsHash === leaf.effectsHash &&
      leaf.accumulatedFeeEnd === leaf.accumulatedFeeStart + leaf.tx.fee
    );
  } catch {
    return false;
  }
}

function circuitAccepts(leaf: LeafWitness): boolean {
  try {
    return buildBaseRollupCircuit(SMALL, leaf, CTX).check().ok;
  } catch (e) {
    if (e instanceof CircuitInputError) return false;
    throw e;
  }
}

type Mutation = (l: LeafWitness, pick: number) => void;
const MUTATIONS: [string, Mutation][] = [
  ['none', () => {}],
  ['note path', (l, p) => (l.hints.noteHashAppend.subtreeSiblingPath[p % 5]! += 1n)],
  ['low path', (l, p) => (l.hints.nullifierInsertions[p % 2]!.lowLeafSiblingPath[p % 5]! += 1n)],
  ['new path', (l, p) => (l.hints.nullifierInsertions[p % 2]!.newLeafSiblingPath[p % 5]! += 1n)],
  ['low index', (l, p) => (l.hints.nullifierInsertions[p % 2]!.lowLeafIndex ^= 1 << (p % 5))],
  ['low value', (l, p) => (l.hints.nullifierInsertions[p % 2]!.lowLeaf.value += 1n)],
  ['low next value', (l, p) => (l.hints.nullifierInsertions[p % 2]!.lowLeaf.nextValue = BigInt(p))],
  ['low next index', (l, p) => (l.hints.nullifierInsertions[p % 2]!.lowLeaf.nextIndex += 1)],
  ['swap hints', (l) => l.hints.nullifierInsertions.reverse()],
  ['nullifier', (l, p) => l.tx.nullifiers.length > 0 && (l.tx.nullifiers[0] = BigInt(p + 1))],
  ['nullifier near r', (l) => l.tx.nullifiers.length > 0 && (l.tx.nullifiers[0] = FR - 1n)],
  ['note hash', (l, p) => (l.tx.noteHashes = [BigInt(p + 7)])],
  ['end root', (l) => (l.end.nullifierTree.root += 1n)],
  ['end index', (l) => (l.end.noteHashTree.nextIndex += 2)],
  ['fee', (l) => (l.tx.fee += 1n)],
  ['effects', (l) => (l.effectsHash += 1n)],
  // Changes that the light verifier accepts once the claims are re-derived: the circuit must too.
  ['note hashes, claims re-derived', (l, p) => rederive(l, () => (l.tx.noteHashes = [BigInt(p + 7), 9n]))],
  [
    'fee and payload, claims re-derived',
    (l, p) => rederive(l, () => ((l.tx.fee = BigInt(p) << 40n), (l.tx.payload = new Uint8Array([p & 0xff])))),
  ],
];

function rederive(l: LeafWitness, change: () => void): void {
  change();
  const t = verifyLeafTransition(liteHasher, l.start, l.tx, l.hints, SMALL);
  l.end = t.end;
  l.effectsHash = t.effectsHash;
  l.accumulatedFeeEnd = l.accumulatedFeeStart + l.tx.fee;
}

describe('circuit ⇔ light verifier', () => {
  // A state with a few nullifiers, then one more leaf to mutate.
  const base = block(SMALL, [tx([1n, 2n], [1000n, 10n]), tx([3n], [500n])], 1);
  const leaves = block(SMALL, [tx([4n, 5n], [700n, 20n]), tx([], [5n])], 1, base.state.clone()).result.leaves;

  it('agree on every mutation kind, for both leaves and both nullifier slots', () => {
    let accepted = 0;
    for (const leafIn of leaves)
      for (const [name, mutate] of MUTATIONS)
        for (const pick of [1, 2]) {
          const leaf = structuredClone(leafIn);
          mutate(leaf, pick);
          const light = lightAccepts(leaf);
          if (light) accepted++;
          expect({ name, pick, circuit: circuitAccepts(leaf) }).toEqual({ name, pick, circuit: light });
        }
    // Unmutated and re-derived leaves are accepted (12 cases), the rest rejected: not vacuous.
    expect(accepted).toBe(12);
    expect(accepted).toBeLessThan(MUTATIONS.length * 4);
  });

  it('agree on random mutation picks', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: leaves.length - 1 }),
        fc.integer({ min: 0, max: MUTATIONS.length - 1 }),
        fc.integer({ min: 0, max: 1000 }),
        (li, mi, pick) => {
          const leaf = structuredClone(leaves[li]!);
          MUTATIONS[mi]![1](leaf, pick);
          expect(circuitAccepts(leaf)).toBe(lightAccepts(leaf));
        },
      ),
      { numRuns: 15 },
    );
  });
});
