// Our iden3 export read by snarkjs itself (its JS API, the code behind `snarkjs r1cs info` and
// `snarkjs wtns check`): the base-rollup circuit's .r1cs is described as we wrote it, its .wtns
// satisfies it, and a witness with one value changed is refused.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bn254_Fr } from '@noble/curves/bn254.js';
import * as snarkjs from 'snarkjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeR1csFile, encodeWtnsFile } from '../../src/r1cs/iden3/index.js';
import { baseRollupShape, buildBaseRollupCircuit } from '../../src/rollup/circuit/base-rollup.js';
import { BASE_ROLLUP_NUM_OUTPUTS } from '../../src/rollup/circuit/public-inputs.js';
import { block, CTX, SMALL, tx } from '../proof/circuit/helpers.js';

const warnings: string[] = [];
const logger = {
  info: () => {},
  debug: () => {},
  warn: (m: string) => warnings.push(m),
  error: (m: string) => warnings.push(m),
};

let dir: string;
const shape = baseRollupShape(SMALL);
const leaf = block(SMALL, [tx([1n, 2n], [77n])], 1).result.leaves[0]!;
const assignment = buildBaseRollupCircuit(SMALL, leaf, CTX).assignment();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'iden3-'));
  await writeFile(join(dir, 'circuit.r1cs'), encodeR1csFile(shape, BASE_ROLLUP_NUM_OUTPUTS));
  await writeFile(join(dir, 'good.wtns'), encodeWtnsFile(shape, assignment));
  // One private witness value off by one.
  const witness = assignment.witness.slice();
  witness[10 * 32] ^= 1;
  await writeFile(join(dir, 'tampered.wtns'), encodeWtnsFile(shape, { ...assignment, witness }));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('snarkjs reads our iden3 export', () => {
  it('r1cs info: BN254, and the wire, constraint and signal counts of the shape', async () => {
    const info = await snarkjs.r1cs.info(join(dir, 'circuit.r1cs'), logger);
    expect(BigInt(info.prime)).toBe(bn254_Fr.ORDER);
    expect(info.nVars).toBe(shape.numWitness + 1 + shape.numPublic);
    expect(info.nConstraints).toBe(shape.numConstraints);
    expect(info.nOutputs).toBe(BASE_ROLLUP_NUM_OUTPUTS);
    expect(info.nPubInputs).toBe(shape.numPublic - BASE_ROLLUP_NUM_OUTPUTS);
    expect(info.nPrvInputs).toBe(0);
  }, 20_000);

  it('wtns check accepts our witness', async () => {
    warnings.length = 0;
    expect(await snarkjs.wtns.check(join(dir, 'circuit.r1cs'), join(dir, 'good.wtns'), logger)).toBe(true);
    expect(warnings).toEqual([]);
  }, 20_000);

  it('wtns check refuses a witness with one value changed, at a constraint', async () => {
    warnings.length = 0;
    expect(await snarkjs.wtns.check(join(dir, 'circuit.r1cs'), join(dir, 'tampered.wtns'), logger)).toBe(false);
    expect(warnings[0]).toMatch(/^··· aborting checking process at constraint \d+$/);
    expect(warnings).toContain('WITNESS IS NOT CORRECT');
  }, 20_000);
});
