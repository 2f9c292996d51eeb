import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Kernel } from '../../src/kernel/types.js';
import { proveBlock } from '../../src/proof/block-prover.js';
import { proveLeaf } from '../../src/proof/base.js';
import { CODEC_VERSION, MAX_VECTOR_ENTRIES } from '../../src/proof/codec.js';
import { ProofEncodingError } from '../../src/proof/errors.js';
import { FQ_MODULUS, FR_MODULUS, isCanonicalFrAt, writeLe32 } from '../../src/kernel/field.js';
import {
  decodeBlockProof,
  decodeInstance,
  decodeLeafJob,
  decodeLeafProof,
  decodeMergeJob,
  decodeMergeProof,
  encodeBlockProof,
  encodeInstance,
  encodeLeafJob,
  encodeLeafProof,
  encodeMergeJob,
  encodeMergeProof,
} from '../../src/proof/messages.js';
import { proveMerge } from '../../src/proof/nifs.js';
import type { PreparedShape } from '../../src/proof/prepared-shape.js';
import { leafAsRelaxed, leafWitnessAsRelaxed } from '../../src/proof/relaxed.js';
import { toyAssignment, toyShape, toyStep } from '../../src/proof/toy-circuit.js';
import { blsPublicKey } from './keys.js';
import { testKernel, testPrepared } from './support.js';

let kernel: Kernel;
let prepared: PreparedShape;
const key = blsPublicKey(3);

beforeAll(async () => {
  kernel = await testKernel();
  prepared = await testPrepared(toyShape());
});

function samples() {
  const a1 = toyAssignment(2n, 5n, 1n);
  const a2 = toyAssignment(toyStep(2n, 5n), 5n, 2n);
  const p1 = proveLeaf(kernel, prepared, a1);
  const p2 = proveLeaf(kernel, prepared, a2);
  const left = { instance: leafAsRelaxed(p1.instance), witness: leafWitnessAsRelaxed(prepared, p1.W) };
  const right = { instance: leafAsRelaxed(p2.instance), witness: leafWitnessAsRelaxed(prepared, p2.W) };
  const m = proveMerge(kernel, prepared, left.instance, left.witness, right.instance, right.witness, key);
  const merge = { comT: m.comT, mergerKey: m.mergerKey, instance: m.instance, witness: m.witness };
  const block = proveBlock(kernel, prepared, [a1, a2], () => key);
  return {
    leafJob: [encodeLeafJob(a1), decodeLeafJob, a1] as const,
    leafProof: [encodeLeafProof(p1), decodeLeafProof, p1] as const,
    mergeJob: [
      encodeMergeJob({ mergerKey: key, left, right }),
      decodeMergeJob,
      { mergerKey: key, left, right },
    ] as const,
    mergeProof: [encodeMergeProof(merge), decodeMergeProof, merge] as const,
    blockProof: [encodeBlockProof(block), decodeBlockProof, block] as const,
    instance: [encodeInstance(m.instance), decodeInstance, m.instance] as const,
  };
}

function encodingError(fn: () => unknown, message: RegExp): void {
  expect(fn).toThrow(ProofEncodingError);
  expect(fn).toThrow(message);
}

describe('proof message codec', () => {
  it('every message round-trips', () => {
    for (const [name, [bytes, decode, value]] of Object.entries(samples())) {
      expect((decode as (b: Uint8Array) => unknown)(bytes), name).toEqual(value);
    }
  });

  it('bad magic, version and kind are named', () => {
    const { leafProof, mergeProof } = samples();
    const bytes = leafProof[0].slice();
    bytes[0] ^= 1;
    encodingError(() => decodeLeafProof(bytes), /bad magic/);
    const v = leafProof[0].slice();
    v[4] = CODEC_VERSION + 1;
    encodingError(() => decodeLeafProof(v), /unsupported version/);
    encodingError(() => decodeLeafProof(mergeProof[0]), /wrong message kind/);
  });

  it('truncated and over-long messages are refused at every cut', () => {
    for (const [name, [bytes, decode]] of Object.entries(samples())) {
      const d = decode as (b: Uint8Array) => unknown;
      for (const cut of [0, 3, 6, 10, bytes.length >> 1, bytes.length - 1]) {
        expect(() => d(bytes.subarray(0, cut)), `${name} cut at ${cut}`).toThrow(ProofEncodingError);
      }
      encodingError(() => d(new Uint8Array([...bytes, 0])), /trailing bytes/);
    }
  });

  it('non-canonical field elements and off-curve points are refused', () => {
    const { leafJob, leafProof } = samples();
    const job = leafJob[0].slice();
    writeLe32(job, 10, FR_MODULUS); // first witness entry (after magic, version, kind, count)
    encodingError(() => decodeLeafJob(job), /witness\[0\] is not a canonical field element/);
    const proof = leafProof[0].slice();
    proof[6] ^= 1; // first byte of Com(W).x
    encodingError(() => decodeLeafProof(proof), /leaf\.comW is not a point of BN254 G1/);
    const big = leafProof[0].slice();
    writeLe32(big, 6, FQ_MODULUS);
    encodingError(() => decodeLeafProof(big), /not a point/);
  });

  it('hostile counts neither allocate nor pass', () => {
    const { leafJob } = samples();
    const huge = leafJob[0].slice();
    new DataView(huge.buffer).setUint32(6, MAX_VECTOR_ENTRIES + 1, true);
    encodingError(() => decodeLeafJob(huge), /exceeds the cap/);
    const lying = leafJob[0].slice();
    new DataView(lying.buffer).setUint32(6, 1000, true);
    encodingError(() => decodeLeafJob(lying), /declares 1000 entries/);
  });

  it('random bytes never decode into anything but a ProofEncodingError', () => {
    const decoders = [
      decodeLeafJob,
      decodeLeafProof,
      decodeMergeJob,
      decodeMergeProof,
      decodeBlockProof,
      decodeInstance,
    ];
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), fc.integer({ min: 1, max: 6 }), (body, kind) => {
        const bytes = new Uint8Array([0x46, 0x46, 0x4c, 0x44, CODEC_VERSION, kind, ...body]);
        for (const d of decoders) {
          try {
            d(bytes);
          } catch (e) {
            if (!(e instanceof ProofEncodingError)) return false;
          }
        }
        return true;
      }),
      { numRuns: 300 },
    );
  });

  it('encoders refuse a merger key of the wrong size', () => {
    const { mergeProof } = samples();
    expect(() => encodeMergeProof({ ...mergeProof[2], mergerKey: new Uint8Array(47) })).toThrow(ProofEncodingError);
  });
});

describe('byte-wise canonical check', () => {
  it('agrees with the bigint comparison around the modulus and on random values', () => {
    const cases = [
      0n,
      1n,
      FR_MODULUS - 1n,
      FR_MODULUS,
      FR_MODULUS + 1n,
      (1n << 256n) - 1n,
      FR_MODULUS - (1n << 200n),
      FR_MODULUS + (1n << 8n),
    ];
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 256n) - 1n }), (v) => check(v)),
      { numRuns: 500 },
    );
    for (const v of cases) expect(check(v), v.toString(16)).toBe(true);
    function check(v: bigint): boolean {
      const b = new Uint8Array(32);
      writeLe32(b, 0, v);
      return isCanonicalFrAt(b, 0) === v < FR_MODULUS;
    }
  });
});
