// The base-rollup circuit: one transaction per leaf (DESIGN.md §4). It constrains exactly the
// relation of the light verifier (../leaf-verifier.ts): from the start snapshot, the transaction
// and the hints, append the K note-hash slots as one subtree, insert the non-zero nullifiers one
// by one with low-leaf proofs (a duplicate has no valid low leaf: unsatisfiable), accumulate the
// fee, compute the effects hash, and mix the prover key hash into the binding output.
// Every leaf, real or padding, gives the same constraints: only values differ.
import { R1csBuilder, type BuilderOptions } from '../../r1cs/builder.js';
import { FR } from '../../r1cs/fr.js';
import { insertIndexedLeaf, type IndexedInsertionValues } from '../../r1cs/gadgets/indexed-tree.js';
import { appendSubtree, type TreeStateVars } from '../../r1cs/gadgets/merkle.js';
import { poseidon2 } from '../../r1cs/gadgets/poseidon.js';
import { assertRange } from '../../r1cs/gadgets/range.js';
import { Lc, ZERO } from '../../r1cs/lc.js';
import { isZero } from '../../r1cs/gadgets/equality.js';
import type { R1csAssignment, R1csShape } from '../../r1cs/types.js';
import { log2Exact, validateRollupParams } from '../params.js';
import { EFFECTS_DOMAIN_TAG, padSlots, payloadCommitment } from '../transaction.js';
import type { LeafHints, NullifierInsertionHint, RollupParams, StateSnapshot, Transaction } from '../types.js';
import { bindingOutput, PUBLIC_INDEX, publicVector, type BaseRollupPublicName } from './public-inputs.js';

/** Inputs the circuit cannot be built from (wrong lengths, values outside the field). */
export class CircuitInputError extends Error {
  override name = 'CircuitInputError';
}

/** What one leaf proves: a LeafWitness from the block builder fits this shape. */
export interface BaseRollupLeaf {
  start: StateSnapshot;
  /** Claimed end snapshot (public); the circuit is satisfied only if it is the derived one. */
  end: StateSnapshot;
  tx: Transaction;
  hints: LeafHints;
  /** Claimed effects hash (public). */
  effectsHash: bigint;
  accumulatedFeeStart: bigint;
  accumulatedFeeEnd: bigint;
}

/** Statement parts that come from the block and the prover, not from the leaf. */
export interface BaseRollupContext {
  /** Hash of the block constants (header fields); carried and bound, chained by the verifier. */
  constantsHash: bigint;
  /** Hash of the prover's staking key. */
  proverKeyHash: bigint;
}

const FEE_BITS = 64;

/** Builds the circuit for one leaf; the returned builder holds constraints and witness. */
export function buildBaseRollupCircuit(
  params: RollupParams,
  leaf: BaseRollupLeaf,
  ctx: BaseRollupContext,
  options: BuilderOptions = {},
): R1csBuilder {
  validateInputs(params, leaf, ctx);
  const b = new R1csBuilder(options);
  const x = publicVector({
    ...ctx,
    start: leaf.start,
    end: leaf.end,
    accumulatedFeeStart: leaf.accumulatedFeeStart,
    accumulatedFeeEnd: leaf.accumulatedFeeEnd,
    effectsHash: leaf.effectsHash,
    binding: bindingOutput(ctx.constantsHash, leaf.effectsHash, ctx.proverKeyHash),
  }).map((v) => b.publicInput(v));
  const pub = (n: BaseRollupPublicName) => x[PUBLIC_INDEX[n]]!;

  const noteSlots = padSlots(leaf.tx.noteHashes, params.maxNoteHashesPerTx).map((v) => b.witness(v));
  const nullifierSlots = padSlots(leaf.tx.nullifiers, params.maxNullifiersPerTx).map((v) => b.witness(v));
  const fee = b.witness(leaf.tx.fee);
  const payload = b.witness(payloadCommitment(leaf.tx.payload));

  const noteEnd = b.scope('noteHashes', () =>
    appendSubtree(
      b,
      params.noteHashTreeDepth,
      { root: pub('startNoteHashRoot'), nextIndex: pub('startNoteHashNextIndex') },
      noteSlots,
      leaf.hints.noteHashAppend.subtreeSiblingPath,
    ),
  );

  let nullifierState: TreeStateVars = { root: pub('startNullifierRoot'), nextIndex: pub('startNullifierNextIndex') };
  const inserted: Lc[] = [];
  nullifierSlots.forEach((v, i) => {
    const hint = insertionValues(leaf.hints.nullifierInsertions[i]!);
    const out = b.scope(`nullifier${i}`, () =>
      insertIndexedLeaf(b, params.nullifierTreeDepth, nullifierState, v, hint),
    );
    nullifierState = out;
    inserted.push(out.inserted);
  });

  // Slots are a list padded with zeros: a non-zero slot never follows a zero one (the light
  // verifier sees lists without zeros, so only these padded forms are transactions).
  b.scope('slotOrder', () => {
    const noteUsed = noteSlots.map((s) => isZero(b, s).negateBit());
    for (const used of [noteUsed, inserted])
      for (let i = 1; i < used.length; i++) b.enforce(used[i]!, used[i - 1]!.negateBit(), ZERO);
  });

  b.scope('fee', () => {
    assertRange(b, fee, FEE_BITS);
    b.assertEqual(pub('accumulatedFeeStart').add(fee), pub('accumulatedFeeEnd'));
  });

  const effects = b.scope('effectsHash', () => {
    let acc = Lc.constant(EFFECTS_DOMAIN_TAG);
    for (const e of [...noteSlots, ...nullifierSlots, fee, payload]) acc = poseidon2(b, acc, e);
    return acc;
  });

  b.scope('statement', () => {
    b.assertEqual(noteEnd.root, pub('endNoteHashRoot'));
    b.assertEqual(noteEnd.nextIndex, pub('endNoteHashNextIndex'));
    b.assertEqual(nullifierState.root, pub('endNullifierRoot'));
    b.assertEqual(nullifierState.nextIndex, pub('endNullifierNextIndex'));
    b.assertEqual(effects, pub('effectsHash'));
  });

  b.scope('binding', () => {
    const inner = poseidon2(b, pub('constantsHash'), effects);
    b.assertEqual(poseidon2(b, pub('proverKeyHash'), inner), pub('binding'));
  });
  return b;
}

function insertionValues(h: NullifierInsertionHint): IndexedInsertionValues {
  return {
    lowValue: h.lowLeaf.value,
    lowNextIndex: BigInt(h.lowLeaf.nextIndex),
    lowNextValue: h.lowLeaf.nextValue,
    lowLeafIndex: BigInt(h.lowLeafIndex),
    lowLeafSiblings: h.lowLeafSiblingPath,
    newLeafSiblings: h.newLeafSiblingPath,
  };
}

/** The assignment (W, x) of one leaf (values only: the constraints are the shape's). */
export function baseRollupWitness(params: RollupParams, leaf: BaseRollupLeaf, ctx: BaseRollupContext): R1csAssignment {
  return buildBaseRollupCircuit(params, leaf, ctx, { witnessOnly: true }).assignment();
}

/** A leaf with every value zero: same constraints as any leaf (unsatisfied, used for the shape). */
export function zeroLeaf(params: RollupParams): BaseRollupLeaf {
  const tree = { root: 0n, nextIndex: 0 };
  const snapshot = { noteHashTree: tree, nullifierTree: tree };
  const emptyHint: NullifierInsertionHint = {
    lowLeaf: { value: 0n, nextIndex: 0, nextValue: 0n },
    lowLeafIndex: 0,
    lowLeafSiblingPath: new Array<bigint>(params.nullifierTreeDepth).fill(0n),
    newLeafSiblingPath: new Array<bigint>(params.nullifierTreeDepth).fill(0n),
  };
  return {
    start: snapshot,
    end: snapshot,
    tx: { noteHashes: [], nullifiers: [], fee: 0n, payload: new Uint8Array(0) },
    hints: {
      noteHashAppend: {
        subtreeSiblingPath: new Array<bigint>(params.noteHashTreeDepth - log2Exact(params.maxNoteHashesPerTx)).fill(0n),
      },
      nullifierInsertions: new Array(params.maxNullifiersPerTx).fill(emptyHint),
    },
    effectsHash: 0n,
    accumulatedFeeStart: 0n,
    accumulatedFeeEnd: 0n,
  };
}

/** The circuit over zeroLeaf: its constraints are every leaf's. */
function zeroLeafCircuit(params: RollupParams): R1csBuilder {
  return buildBaseRollupCircuit(params, zeroLeaf(params), { constantsHash: 0n, proverKeyHash: 0n });
}

const shapeCache = new Map<string, R1csShape>();

/** The circuit's shape for these parameters (built once per parameter set, then cached). */
export function baseRollupShape(params: RollupParams): R1csShape {
  const key = `${params.noteHashTreeDepth}/${params.nullifierTreeDepth}/${params.maxNoteHashesPerTx}/${params.maxNullifiersPerTx}`;
  let shape = shapeCache.get(key);
  if (!shape) {
    shape = zeroLeafCircuit(params).shape();
    shapeCache.set(key, shape);
  }
  return shape;
}

/** Constraint counts: total and per scope path (see scripts/circuit-count.ts). */
export function baseRollupConstraintCounts(params: RollupParams): {
  total: number;
  numWitness: number;
  byScope: Map<string, number>;
} {
  const b = zeroLeafCircuit(params);
  return { total: b.numConstraints, numWitness: b.numWitness, byScope: b.countsByScope() };
}

// ---------------------------------------------------------------------------------------------
// Input validation: everything the circuit reads must be a canonical field element and every
// list must have the length the parameters fix; anything else is a CircuitInputError.

function checkField(x: unknown, what: string): void {
  if (typeof x !== 'bigint' || x < 0n || x >= FR)
    throw new CircuitInputError(`${what} is not a canonical field element`);
}

function checkIndex(x: unknown, what: string): void {
  if (typeof x !== 'number' || !Number.isInteger(x) || x < 0 || x > 0xffffffff)
    throw new CircuitInputError(`${what} is not an integer in [0, 2^32)`);
}

function checkPath(path: unknown, length: number, what: string): void {
  if (!Array.isArray(path) || path.length !== length)
    throw new CircuitInputError(
      `${what} must have ${length} siblings, got ${Array.isArray(path) ? path.length : typeof path}`,
    );
  path.forEach((s, i) => checkField(s, `${what}[${i}]`));
}

function validateInputs(params: RollupParams, leaf: BaseRollupLeaf, ctx: BaseRollupContext): void {
  try {
    validateRollupParams(params);
  } catch (e) {
    throw new CircuitInputError(`invalid parameters: ${(e as Error).message}`);
  }
  checkField(ctx.constantsHash, 'constants hash');
  checkField(ctx.proverKeyHash, 'prover key hash');
  for (const [name, s] of [
    ['start', leaf.start],
    ['end', leaf.end],
  ] as const) {
    checkField(s?.noteHashTree?.root, `${name} note-hash root`);
    checkIndex(s.noteHashTree.nextIndex, `${name} note-hash next index`);
    checkField(s?.nullifierTree?.root, `${name} nullifier root`);
    checkIndex(s.nullifierTree.nextIndex, `${name} nullifier next index`);
  }
  checkField(leaf.effectsHash, 'effects hash');
  checkField(leaf.accumulatedFeeStart, 'accumulated fee start');
  checkField(leaf.accumulatedFeeEnd, 'accumulated fee end');
  const { tx, hints } = leaf;
  if (!Array.isArray(tx?.noteHashes) || tx.noteHashes.length > params.maxNoteHashesPerTx)
    throw new CircuitInputError(`transaction carries more than ${params.maxNoteHashesPerTx} note hashes`);
  if (!Array.isArray(tx.nullifiers) || tx.nullifiers.length > params.maxNullifiersPerTx)
    throw new CircuitInputError(`transaction carries more than ${params.maxNullifiersPerTx} nullifiers`);
  tx.noteHashes.forEach((v, i) => checkField(v, `note hash ${i}`));
  tx.nullifiers.forEach((v, i) => checkField(v, `nullifier ${i}`));
  checkField(tx.fee, 'fee');
  if (!(tx.payload instanceof Uint8Array)) throw new CircuitInputError('payload must be a Uint8Array');
  checkPath(
    hints?.noteHashAppend?.subtreeSiblingPath,
    params.noteHashTreeDepth - log2Exact(params.maxNoteHashesPerTx),
    'note-hash subtree path',
  );
  if (!Array.isArray(hints.nullifierInsertions) || hints.nullifierInsertions.length !== params.maxNullifiersPerTx)
    throw new CircuitInputError(`hints must carry ${params.maxNullifiersPerTx} nullifier insertions`);
  hints.nullifierInsertions.forEach((h, i) => {
    checkField(h?.lowLeaf?.value, `nullifier ${i} low-leaf value`);
    checkIndex(h.lowLeaf.nextIndex, `nullifier ${i} low-leaf next index`);
    checkField(h.lowLeaf.nextValue, `nullifier ${i} low-leaf next value`);
    checkIndex(h.lowLeafIndex, `nullifier ${i} low-leaf index`);
    checkPath(h.lowLeafSiblingPath, params.nullifierTreeDepth, `nullifier ${i} low-leaf path`);
    checkPath(h.newLeafSiblingPath, params.nullifierTreeDepth, `nullifier ${i} new-leaf path`);
  });
}
