// The base-rollup circuit's public vector x: its layout and the plain binding output.
// Outputs (what the circuit derives) come first, then inputs; the iden3 export relies on that
// order (wires 1 .. 7 are outputs, 8 .. 14 inputs).
import { poseidon2Plain } from '../../r1cs/gadgets/poseidon.js';
import type { StateSnapshot } from '../types.js';

export const BASE_ROLLUP_PUBLIC_INPUTS = [
  // outputs
  'endNoteHashRoot',
  'endNoteHashNextIndex',
  'endNullifierRoot',
  'endNullifierNextIndex',
  'accumulatedFeeEnd',
  'effectsHash',
  'binding',
  // inputs
  'constantsHash',
  'proverKeyHash',
  'startNoteHashRoot',
  'startNoteHashNextIndex',
  'startNullifierRoot',
  'startNullifierNextIndex',
  'accumulatedFeeStart',
] as const;

export type BaseRollupPublicName = (typeof BASE_ROLLUP_PUBLIC_INPUTS)[number];

/** Number of leading entries of x that are outputs (iden3 nPubOut). */
export const BASE_ROLLUP_NUM_OUTPUTS = 7;

/** Position of each named entry in x. */
export const PUBLIC_INDEX: Readonly<Record<BaseRollupPublicName, number>> = Object.freeze(
  Object.fromEntries(BASE_ROLLUP_PUBLIC_INPUTS.map((n, i) => [n, i])) as Record<BaseRollupPublicName, number>,
);

/** The public statement of one leaf, by name. */
export interface BaseRollupPublic {
  constantsHash: bigint;
  proverKeyHash: bigint;
  start: StateSnapshot;
  end: StateSnapshot;
  accumulatedFeeStart: bigint;
  accumulatedFeeEnd: bigint;
  effectsHash: bigint;
  binding: bigint;
}

/**
 * binding = H(proverKeyHash, H(constantsHash, effectsHash)): ties the proof's witness to the
 * prover's key, so re-targeting a proof to another key changes the witness.
 */
export function bindingOutput(constantsHash: bigint, effectsHash: bigint, proverKeyHash: bigint): bigint {
  return poseidon2Plain(proverKeyHash, poseidon2Plain(constantsHash, effectsHash));
}

/** x in circuit order. */
export function publicVector(p: BaseRollupPublic): bigint[] {
  const byName: Record<BaseRollupPublicName, bigint> = {
    endNoteHashRoot: p.end.noteHashTree.root,
    endNoteHashNextIndex: BigInt(p.end.noteHashTree.nextIndex),
    endNullifierRoot: p.end.nullifierTree.root,
    endNullifierNextIndex: BigInt(p.end.nullifierTree.nextIndex),
    accumulatedFeeEnd: p.accumulatedFeeEnd,
    effectsHash: p.effectsHash,
    binding: p.binding,
    constantsHash: p.constantsHash,
    proverKeyHash: p.proverKeyHash,
    startNoteHashRoot: p.start.noteHashTree.root,
    startNoteHashNextIndex: BigInt(p.start.noteHashTree.nextIndex),
    startNullifierRoot: p.start.nullifierTree.root,
    startNullifierNextIndex: BigInt(p.start.nullifierTree.nextIndex),
    accumulatedFeeStart: p.accumulatedFeeStart,
  };
  return BASE_ROLLUP_PUBLIC_INPUTS.map((n) => byName[n]);
}

/** Reads the named statement back from x (for verifiers chaining leaves). */
export function readPublicVector(x: readonly bigint[]): BaseRollupPublic {
  const g = (n: BaseRollupPublicName) => x[PUBLIC_INDEX[n]]!;
  return {
    constantsHash: g('constantsHash'),
    proverKeyHash: g('proverKeyHash'),
    start: {
      noteHashTree: { root: g('startNoteHashRoot'), nextIndex: Number(g('startNoteHashNextIndex')) },
      nullifierTree: { root: g('startNullifierRoot'), nextIndex: Number(g('startNullifierNextIndex')) },
    },
    end: {
      noteHashTree: { root: g('endNoteHashRoot'), nextIndex: Number(g('endNoteHashNextIndex')) },
      nullifierTree: { root: g('endNullifierRoot'), nextIndex: Number(g('endNullifierNextIndex')) },
    },
    accumulatedFeeStart: g('accumulatedFeeStart'),
    accumulatedFeeEnd: g('accumulatedFeeEnd'),
    effectsHash: g('effectsHash'),
    binding: g('binding'),
  };
}
