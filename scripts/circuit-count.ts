// Prints the base-rollup circuit's constraint count at the default parameters (or the ones given
// as --note-depth, --nullifier-depth, --k), per section and per gadget. docs/circuit.md keeps
// the figures; the budget is 2^16.
// --r1cs FILE writes the shape in iden3 .r1cs format; --wtns FILE writes the witness of a sample
// leaf (one transaction with K note hashes and K nullifiers on the genesis state) as .wtns.
import { writeFileSync } from 'node:fs';
import { encodeR1csFile, encodeWtnsFile } from '../src/r1cs/iden3/index.js';
import { POSEIDON_CONSTRAINTS, poseidon2Plain } from '../src/r1cs/gadgets/poseidon.js';
import { baseRollupConstraintCounts, baseRollupShape, baseRollupWitness } from '../src/rollup/circuit/base-rollup.js';
import { BASE_ROLLUP_NUM_OUTPUTS } from '../src/rollup/circuit/public-inputs.js';
import { buildBlock } from '../src/rollup/block-builder.js';
import { DEFAULT_ROLLUP_PARAMS } from '../src/rollup/params.js';
import { RollupState } from '../src/rollup/state.js';
import type { RollupParams } from '../src/rollup/types.js';

const BUDGET = 1 << 16;

const files: { r1cs?: string; wtns?: string } = {};

function parseArgs(argv: string[]): RollupParams {
  const params = { ...DEFAULT_ROLLUP_PARAMS };
  for (let i = 0; i < argv.length; i += 2) {
    const value = Number(argv[i + 1]);
    switch (argv[i]) {
      case '--r1cs':
        files.r1cs = argv[i + 1];
        break;
      case '--wtns':
        files.wtns = argv[i + 1];
        break;
      case '--note-depth':
        params.noteHashTreeDepth = value;
        break;
      case '--nullifier-depth':
        params.nullifierTreeDepth = value;
        break;
      case '--k':
        params.maxNoteHashesPerTx = value;
        params.maxNullifiersPerTx = value;
        break;
      default:
        throw new Error(
          `unknown option ${argv[i]} (use --note-depth N, --nullifier-depth N, --k N, --r1cs FILE, --wtns FILE)`,
        );
    }
  }
  return params;
}

function table(title: string, rows: Map<string, number>, total: number): void {
  console.log(`\n${title}`);
  const sorted = [...rows].sort((a, b) => b[1] - a[1]);
  const width = Math.max(...sorted.map(([k]) => k.length));
  for (const [name, n] of sorted)
    console.log(`  ${name.padEnd(width)}  ${String(n).padStart(7)}  ${((100 * n) / total).toFixed(1).padStart(5)}%`);
}

const params = parseArgs(process.argv.slice(2));
const { total, numWitness, byScope } = baseRollupConstraintCounts(params);

const bySection = new Map<string, number>();
const bySubsection = new Map<string, number>();
const byGadget = new Map<string, number>();
for (const [path, n] of byScope) {
  const parts = path === '' ? ['(top level)'] : path.split('/');
  bySection.set(parts[0]!, (bySection.get(parts[0]!) ?? 0) + n);
  const sub = parts.slice(0, 2).join('/');
  bySubsection.set(sub, (bySubsection.get(sub) ?? 0) + n);
  // The innermost scope names the gadget that emitted the constraints; a Merkle path's own
  // constraints are its left/right swaps.
  const gadget = parts[parts.length - 1]!;
  const label =
    gadget === 'merklePath' ? 'merklePath (swaps)' : /^nullifier\d+$/.test(gadget) ? 'indexedInsertion (glue)' : gadget;
  byGadget.set(label, (byGadget.get(label) ?? 0) + n);
}

console.log(
  `base-rollup circuit, note-hash depth ${params.noteHashTreeDepth}, nullifier depth ${params.nullifierTreeDepth}, ` +
    `K = ${params.maxNoteHashesPerTx} note hashes / ${params.maxNullifiersPerTx} nullifiers`,
);
console.log(
  `constraints: ${total} (budget 2^16 = ${BUDGET}, ${total <= BUDGET ? 'within' : 'OVER'} budget, ${BUDGET - total} to spare)`,
);
console.log(
  `witness variables: ${numWitness}; Poseidon hashes: ${(byGadget.get('poseidon') ?? 0) / POSEIDON_CONSTRAINTS} (${POSEIDON_CONSTRAINTS} constraints each)`,
);
const shape = baseRollupShape(params);
const nnz = shape.A.colIdx.length + shape.B.colIdx.length + shape.C.colIdx.length;
console.log(
  `matrix entries: ${nnz} (A ${shape.A.colIdx.length}, B ${shape.B.colIdx.length}, C ${shape.C.colIdx.length})`,
);
console.log(`shape digest: ${Buffer.from(shape.digest).toString('hex')}`);
table('per section', bySection, total);
table('per subsection', bySubsection, total);
table('per gadget (innermost scope)', byGadget, total);
if (total > BUDGET) process.exitCode = 1;

if (files.r1cs) {
  writeFileSync(files.r1cs, encodeR1csFile(shape, BASE_ROLLUP_NUM_OUTPUTS));
  console.log(`\nwrote ${files.r1cs}`);
}
if (files.wtns) {
  const hasher = { hash2: poseidon2Plain };
  const k = params.maxNoteHashesPerTx;
  const tx = {
    noteHashes: Array.from({ length: k }, (_, i) => BigInt(1000 + i)),
    nullifiers: Array.from({ length: params.maxNullifiersPerTx }, (_, i) => BigInt(2000 + i)),
    fee: 1n,
    payload: new Uint8Array(32),
  };
  const leaf = buildBlock(RollupState.genesis(hasher, params), [tx], { height: 0 }).leaves[0]!;
  writeFileSync(
    files.wtns,
    encodeWtnsFile(shape, baseRollupWitness(params, leaf, { constantsHash: 1n, proverKeyHash: 2n })),
  );
  console.log(`wrote ${files.wtns}`);
}
