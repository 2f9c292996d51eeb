// The proving jobs on the real worker pool (worker_threads, wasm kernel in every worker); one
// pool serves the whole file.
import { describe, expect, it } from 'vitest';
import { JobFailedError } from '../../src/pool/index.js';
import { verifyBlockProof } from '../../src/proof/block-verifier.js';
import { proveBlock } from '../../src/proof/block-prover.js';
import { encodeBlockProof, encodeInstance, encodeLeafProof, encodeMergeProof } from '../../src/proof/messages.js';
import { proveBlockOnPool } from '../../src/proof/pool-prover.js';
import { toyAssignment, toyShape, toyStatement, toyStep } from '../../src/proof/toy-circuit.js';
import type { R1csAssignment } from '../../src/r1cs/types.js';
import { blsPublicKey } from './keys.js';
import { suitePool, testKernel, testPrepared } from './support.js';
import { decideParallel, poolCommitter, proveLeafParallel, proveMergeParallel } from '../../src/proof/parallel.js';
import { proveLeaf } from '../../src/proof/base.js';
import { proveMerge } from '../../src/proof/nifs.js';
import { leafAsRelaxed, leafWitnessAsRelaxed } from '../../src/proof/relaxed.js';
import { ProofRejectedError } from '../../src/proof/errors.js';

const pool = suitePool();
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
  it('a block proven across workers equals the single-thread proof and verifies', async () => {
    const as = chained(4);
    const shape = toyShape();
    const onPool = await proveBlockOnPool(pool(), 'toy', shape, as, keyOf);
    const kernel = await testKernel();
    const prepared = await testPrepared(shape);
    expect(encodeBlockProof(onPool)).toEqual(encodeBlockProof(proveBlock(kernel, prepared, as, keyOf)));
    expect(() =>
      verifyBlockProof(kernel, prepared, toyStatement, { treeHeight: 2, startState: [7n], constants: [5n] }, onPool),
    ).not.toThrow();
  });

  it("a failing leaf fails the whole tree with the job's error (nothing left unobserved)", async () => {
    const as = chained(4);
    as[2] = { ...as[2], witness: as[2].witness.subarray(0, 64) };
    const err = await proveBlockOnPool(pool(), 'toy', toyShape(), as, keyOf).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(JobFailedError);
    expect((err as JobFailedError).cause.name).toBe('ShapeMismatchError');
  });

  it("malformed job bytes fail with the codec's named error", async () => {
    const err = await pool()
      .run('proof.base', { shape: 'toy', job: new Uint8Array([1, 2, 3]) })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(JobFailedError);
    expect((err as JobFailedError).cause.name).toBe('ProofEncodingError');
  });

  it('an unknown shape name fails with a named error', async () => {
    const err = await pool()
      .run('proof.base', { shape: 'nope', job: new Uint8Array() })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(JobFailedError);
    expect((err as JobFailedError).cause.name).toBe('UnknownShapeError');
  });
});

describe('one node with its MSMs split over the pool', () => {
  it('leaf, merge and decider give the single-thread results and rejections', async () => {
    const kernel = await testKernel();
    const shape = toyShape(61); // 64 constraints: every worker gets a slice
    const prepared = await testPrepared(shape);
    const commit = poolCommitter(pool());
    const [a1, a2] = [toyAssignment(7n, 5n, 3n, 61), toyAssignment(toyStep(7n, 5n), 5n, 4n, 61)];
    const l1 = await proveLeafParallel(prepared, a1, commit);
    expect(l1).toEqual(proveLeaf(kernel, prepared, a1));
    const l2 = await proveLeafParallel(prepared, a2, commit);
    const p1 = { U: leafAsRelaxed(l1.instance), w: leafWitnessAsRelaxed(prepared, l1.W) };
    const p2 = { U: leafAsRelaxed(l2.instance), w: leafWitnessAsRelaxed(prepared, l2.W) };
    const m = await proveMergeParallel(kernel, prepared, p1.U, p1.w, p2.U, p2.w, keys[0], commit);
    expect(m).toEqual(proveMerge(kernel, prepared, p1.U, p1.w, p2.U, p2.w, keys[0]));
    await expect(decideParallel(kernel, prepared, m.instance, m.witness, commit)).resolves.toBeUndefined();
    const bad = { ...m.witness, W: kernel.frAxpy(m.witness.W, 1n, m.witness.W) };
    await expect(decideParallel(kernel, prepared, m.instance, bad, commit)).rejects.toThrow(ProofRejectedError);
  });
});

describe('result checks on the pool', () => {
  it('accept honest leaf and merge results and name what is wrong with bad ones', async () => {
    const kernel = await testKernel();
    const prepared = await testPrepared(toyShape());
    const [a1, a2] = chained(2);
    const l1 = proveLeaf(kernel, prepared, a1);
    const l2 = proveLeaf(kernel, prepared, a2);
    expect(await pool().run('proof.check-leaf', { shape: 'toy', proof: encodeLeafProof(l1) })).toEqual({ ok: true });
    const forgedLeaf = { ...l1, W: kernel.frAxpy(l1.W, 1n, l1.W) };
    expect(await pool().run('proof.check-leaf', { shape: 'toy', proof: encodeLeafProof(forgedLeaf) })).toMatchObject({
      ok: false,
      reason: 'witness-commitment',
    });
    expect(await pool().run('proof.check-leaf', { shape: 'toy', proof: new Uint8Array(9) })).toMatchObject({
      ok: false,
      reason: 'encoding',
    });

    const [U1, U2] = [leafAsRelaxed(l1.instance), leafAsRelaxed(l2.instance)];
    const m = proveMerge(
      kernel,
      prepared,
      U1,
      leafWitnessAsRelaxed(prepared, l1.W),
      U2,
      leafWitnessAsRelaxed(prepared, l2.W),
      keys[0],
    );
    const mergeBytes = encodeMergeProof({
      comT: m.comT,
      mergerKey: m.mergerKey,
      instance: m.instance,
      witness: m.witness,
    });
    const args = { shape: 'toy', left: encodeInstance(U1), right: encodeInstance(U2), proof: mergeBytes };
    expect(await pool().run('proof.check-merge', args)).toEqual({ ok: true });
    const stolen = encodeMergeProof({ comT: m.comT, mergerKey: keys[1], instance: m.instance, witness: m.witness });
    expect(await pool().run('proof.check-merge', { ...args, proof: stolen })).toMatchObject({
      ok: false,
      reason: 'instance-mismatch',
    });
    expect(await pool().run('proof.check-merge', { ...args, left: args.right, right: args.left })).toMatchObject({
      ok: false,
      reason: 'instance-mismatch',
    });
    const short = encodeInstance({ ...U1, x: U1.x.slice(0, 3) });
    expect(await pool().run('proof.check-merge', { ...args, left: short })).toMatchObject({
      ok: false,
      reason: 'instance-mismatch',
    });
  });
});
