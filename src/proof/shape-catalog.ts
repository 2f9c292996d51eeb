// The shapes a proving worker can prepare by name. Jobs name their shape instead of shipping the
// matrices; each worker builds, uploads and caches a shape (and its generators) on first use.
import type { Kernel } from '../kernel/types.js';
import { commitmentKeyFor } from './commitment-key.js';
import { prepareShape, type PreparedShape } from './prepared-shape.js';
import type { R1csShape } from '../r1cs/types.js';
import { toyShape } from './toy-circuit.js';
import { baseRollupShape } from '../rollup/circuit/base-rollup.js';
import { DEFAULT_ROLLUP_PARAMS, validateRollupParams } from '../rollup/params.js';
import type { RollupParams } from '../rollup/types.js';

/** The base-rollup circuit at the default parameters (DESIGN.md §4). */
export const BASE_ROLLUP_SHAPE = 'base-rollup';

const BASE_ROLLUP_NAME = /^base-rollup(?:-(\d{1,2})-(\d{1,2})-(\d{1,3})-(\d{1,3}))?$/;

/**
 * The shape name of the base-rollup circuit for these parameters: `base-rollup` at the defaults,
 * else `base-rollup-<note depth>-<nullifier depth>-<K notes>-<K nullifiers>`.
 */
export function baseRollupShapeName(params: RollupParams): ShapeName {
  const d = DEFAULT_ROLLUP_PARAMS;
  const isDefault =
    params.noteHashTreeDepth === d.noteHashTreeDepth &&
    params.nullifierTreeDepth === d.nullifierTreeDepth &&
    params.maxNoteHashesPerTx === d.maxNoteHashesPerTx &&
    params.maxNullifiersPerTx === d.maxNullifiersPerTx;
  return isDefault
    ? BASE_ROLLUP_SHAPE
    : `${BASE_ROLLUP_SHAPE}-${params.noteHashTreeDepth}-${params.nullifierTreeDepth}-${params.maxNoteHashesPerTx}-${params.maxNullifiersPerTx}`;
}

/** The rollup parameters a base-rollup shape name stands for (payload cap: the default). */
export function rollupParamsOf(name: ShapeName): RollupParams {
  const m = name.match(BASE_ROLLUP_NAME);
  if (!m) throw new UnknownShapeError(`"${name}" is not a base-rollup shape`);
  if (m[1] === undefined) return { ...DEFAULT_ROLLUP_PARAMS };
  const params = {
    ...DEFAULT_ROLLUP_PARAMS,
    noteHashTreeDepth: Number(m[1]),
    nullifierTreeDepth: Number(m[2]),
    maxNoteHashesPerTx: Number(m[3]),
    maxNullifiersPerTx: Number(m[4]),
  };
  try {
    validateRollupParams(params);
  } catch (e) {
    throw new UnknownShapeError(`"${name}": ${(e as Error).message}`);
  }
  return params;
}

export class UnknownShapeError extends Error {
  override name = 'UnknownShapeError';
}

/** `base-rollup[-a-b-c-d]` (see baseRollupShapeName), `toy` (4 constraints) or `toy-N` (the toy statement stretched to N constraints, N ≤ 2^20). */
export type ShapeName = string;

const builders: ReadonlyArray<[RegExp, (m: RegExpMatchArray) => R1csShape]> = [
  [BASE_ROLLUP_NAME, (m) => baseRollupShape(rollupParamsOf(m[0]))],
  [/^toy$/, () => toyShape()],
  [
    /^toy-(\d{1,7})$/,
    (m) => {
      const n = Number(m[1]);
      if (n < 4 || n > 1 << 20) throw new UnknownShapeError(`toy shape size ${n} is outside [4, 2^20]`);
      return toyShape(n - 3);
    },
  ],
];

/** Shapes handed over by a main thread (registerShape), used instead of building them again. */
const registered = new Map<ShapeName, R1csShape>();

/**
 * Makes `shape` the one buildShape(name) returns in this thread. For a worker receiving the shape
 * its own main thread built (building the base-rollup shape takes about half a second); never for
 * shapes from outside the program.
 */
export function registerShape(name: ShapeName, shape: R1csShape): void {
  registered.set(name, shape);
}

export function buildShape(name: ShapeName): R1csShape {
  const given = registered.get(name);
  if (given) return given;
  for (const [re, build] of builders) {
    const m = name.match(re);
    if (m) return build(m);
  }
  throw new UnknownShapeError(`no shape named "${name}"`);
}

const prepared = new WeakMap<Kernel, Map<string, PreparedShape>>();

/** The prepared shape for this kernel, built and uploaded once. */
export function preparedShape(kernel: Kernel, name: ShapeName): PreparedShape {
  let byName = prepared.get(kernel);
  if (!byName) prepared.set(kernel, (byName = new Map()));
  let p = byName.get(name);
  if (!p) {
    const shape = buildShape(name);
    p = prepareShape(kernel, shape, commitmentKeyFor(kernel, shape));
    byName.set(name, p);
  }
  return p;
}
