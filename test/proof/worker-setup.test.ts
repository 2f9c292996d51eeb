// Workers take generators and shapes from the main thread (PoolOptions.setup with proof.setup)
// instead of deriving and building them.
import { describe, expect, it } from 'vitest';
import { createWorkerPool } from '../../workers/jobs.js';
import { WorkerStartError } from '../../src/pool/index.js';
import { pedersenGeneratorSet } from '../../src/kernel/pedersen.js';
import { proveLeaf } from '../../src/proof/base.js';
import { ERROR_GENERATORS_LABEL, WITNESS_GENERATORS_LABEL } from '../../src/proof/commitment.js';
import { decodeLeafProof, encodeLeafJob } from '../../src/proof/messages.js';
import { toyAssignment, toyShape } from '../../src/proof/toy-circuit.js';
import { proofWorkerSetup } from '../../src/proof/worker-setup.js';
import { testKernel, testPrepared } from './support.js';

const shape = toyShape();
const assignment = toyAssignment(7n, 5n, 3n);

describe('proof.setup on the worker pool', () => {
  it('a worker set up by the main thread proves what the main thread proves', async () => {
    const kernel = await testKernel();
    const setup = proofWorkerSetup({
      generators: [
        pedersenGeneratorSet(kernel, WITNESS_GENERATORS_LABEL, 64),
        pedersenGeneratorSet(kernel, ERROR_GENERATORS_LABEL, 64),
      ],
      shapes: [{ name: 'toy', shape }],
    });
    // Shared memory in Node: the workers read the points in place.
    expect(setup.args.generators[0]!.points.buffer).toBeInstanceOf(SharedArrayBuffer);
    const pool = await createWorkerPool({ maxThreads: 1, maxAttempts: 1, setup });
    try {
      const proof = decodeLeafProof(await pool.run('proof.base', { shape: 'toy', job: encodeLeafJob(assignment) }));
      expect(proof.instance.comW).toEqual(proveLeaf(kernel, await testPrepared(shape), assignment).instance.comW);
    } finally {
      await pool.close();
    }
  });

  it('the worker uses the generators it was given, not its own derivation', async () => {
    const kernel = await testKernel();
    // The E generators sent as W's: a worker that derived its own would commit with the real W set.
    const eSet = pedersenGeneratorSet(kernel, ERROR_GENERATORS_LABEL, 64);
    const setup = proofWorkerSetup({
      generators: [{ label: WITNESS_GENERATORS_LABEL, counters: eSet.counters, points: eSet.points }],
      shapes: [],
    });
    const pool = await createWorkerPool({ maxThreads: 1, maxAttempts: 1, setup });
    try {
      const proof = decodeLeafProof(await pool.run('proof.base', { shape: 'toy', job: encodeLeafJob(assignment) }));
      const n = shape.numWitness;
      expect(proof.instance.comW).toEqual(kernel.msm(eSet.points.subarray(0, n * 64), assignment.witness));
      expect(proof.instance.comW).not.toEqual(proveLeaf(kernel, await testPrepared(shape), assignment).instance.comW);
    } finally {
      await pool.close();
    }
  });

  it('a worker commits through the fixed-base tables it was sent (shared memory)', async () => {
    const kernel = await testKernel();
    const w = pedersenGeneratorSet(kernel, WITNESS_GENERATORS_LABEL, 64).points;
    const e = pedersenGeneratorSet(kernel, ERROR_GENERATORS_LABEL, 64).points;
    const bytesOf = (points: Uint8Array) => {
      const t = kernel.fixedBaseTable(points, 4);
      const b = kernel.exportFixedTable(t);
      t.free();
      return b;
    };
    // The W table built from E's generators: a worker committing without the table would not match it.
    const setup = proofWorkerSetup({
      generators: [],
      tables: [
        { label: WITNESS_GENERATORS_LABEL, count: 64, windowBits: 4, bytes: bytesOf(e) },
        { label: ERROR_GENERATORS_LABEL, count: 64, windowBits: 4, bytes: bytesOf(e) },
      ],
      shapes: [{ name: 'toy', shape }],
    });
    expect(setup.args.tables![0]!.bytes.buffer).toBeInstanceOf(SharedArrayBuffer);
    const pool = await createWorkerPool({ maxThreads: 1, maxAttempts: 1, setup });
    try {
      const proof = decodeLeafProof(await pool.run('proof.base', { shape: 'toy', job: encodeLeafJob(assignment) }));
      const n = shape.numWitness;
      expect(proof.instance.comW).toEqual(kernel.msm(e.subarray(0, n * 64), assignment.witness));
      expect(proof.instance.comW).not.toEqual(kernel.msm(w.subarray(0, n * 64), assignment.witness));
    } finally {
      await pool.close();
    }
  });

  it('a setup job the registry does not know fails the start by name', async () => {
    const err = await createWorkerPool({ maxThreads: 1, setup: { job: 'proof.nope', args: null } }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(WorkerStartError);
    expect((err as Error).message).toBe(
      'worker could not start: UnknownJobError: no setup job named "proof.nope" in the registry',
    );
  });
});
