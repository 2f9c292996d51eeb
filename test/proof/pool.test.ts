// The proving jobs on the real worker pool (worker_threads, wasm kernel in every worker).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool, JobFailedError, type ProverPool } from '../../src/pool/index.js';
import { verifyBlockProof } from '../../src/proof/block-verifier.js';
import { proveBlock } from '../../src/proof/block-prover.js';
import { encodeBlockProof } from '../../src/proof/messages.js';
import { proveBlockOnPool } from '../../src/proof/pool-prover.js';
import { toyAssignment, toyShape, toyStatement, toyStep } from '../../src/proof/toy-circuit.js';
import type { R1csAssignment } from '../../src/proof/r1cs-types.js';
import { blsPublicKey } from './keys.js';
import { testKernel, testPrepared } from './support.js';

const keys = [blsPublicKey(10), blsPublicKey(11)];
const keyOf = ({ index }: { index: number }) => keys[index % 2];

function chained(n: number): R1csAssignment[] {
  const out: R1csAssignment[] = [];
  let s = 7n;
  for (let i = 0; i < n; i++) {
    out.push(toyAssignment(s, 5n, BigInt(i)));
    s = toyStep(s, 5n);
  }
  return out;
}

describe('proof jobs on the worker pool', () => {
  let pool: ProverPool;
  beforeAll(async () => {
    pool = await createPool({ maxThreads: 2, maxAttempts: 1 });
  });
  afterAll(() => pool.close());

  it('a block proven across workers equals the single-thread proof and verifies', async () => {
    const as = chained(4);
    const shape = toyShape();
    const onPool = await proveBlockOnPool(pool, 'toy', shape, as, keyOf);
    const kernel = await testKernel();
    const prepared = await testPrepared(shape);
    expect(encodeBlockProof(onPool)).toEqual(encodeBlockProof(proveBlock(kernel, prepared, as, keyOf)));
    expect(() => verifyBlockProof(kernel, prepared, toyStatement, { treeHeight: 2, startState: [7n], constants: [5n] }, onPool)).not.toThrow();
  });

  it('malformed job bytes fail with the codec\'s named error', async () => {
    const err = await pool.run('proof.base', { shape: 'toy', job: new Uint8Array([1, 2, 3]) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(JobFailedError);
    expect((err as JobFailedError).cause.name).toBe('ProofEncodingError');
  });

  it('an unknown shape name fails with a named error', async () => {
    const err = await pool.run('proof.base', { shape: 'nope', job: new Uint8Array() }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(JobFailedError);
    expect((err as JobFailedError).cause.name).toBe('UnknownShapeError');
  });
});
