// Hash checks: Poseidon against the published circomlib vector and poseidon-lite, batches against
// single hashes, and the Pedersen generators against the generator spec recomputed here with
// @noble/hashes and @noble/curves (on the curve, even y, x from the digest, smallest counter).
import { sha512 } from '@noble/hashes/sha2.js';
import { poseidon2 as referencePoseidon2 } from 'poseidon-lite/poseidon2';
import { ConformanceMismatch, expectBigint, expectBigints, hex, type ConformanceCheck } from './conformance-core.js';
import { bytesToBigintLE, decodeFrVector, decodeG1, encodeFrVector } from './encoding.js';
import { FR_EDGES, Fp, G1, P, SeededRandom } from './conformance-inputs.js';
import { derivePedersenGeneratorRange, PEDERSEN_DOMAIN } from './pedersen.js';

/** Poseidon(1, 2), BN254 t = 3, as published with circomlib. */
export const POSEIDON_1_2 = 0x115cc0f5e7d690413df64c6b9662e9cf2a3617f2743245519e19607a4417189an;

const PEDERSEN_LABEL = 'fernet/conformance';
const PEDERSEN_COUNT = 16;

/** The spec's message(label, i, c), built here from its description (not with ./pedersen-hash). */
function pedersenMessage(label: string, i: number, c: number): Uint8Array {
  const enc = new TextEncoder();
  const labelBytes = enc.encode(label);
  const u32 = (v: number) => [v & 255, (v >>> 8) & 255, (v >>> 16) & 255, v >>> 24];
  return Uint8Array.from([
    ...enc.encode(PEDERSEN_DOMAIN),
    0,
    ...u32(labelBytes.length),
    ...labelBytes,
    ...u32(i),
    ...u32(c),
  ]);
}

const candidateX = (label: string, i: number, c: number): bigint =>
  bytesToBigintLE(sha512(pedersenMessage(label, i, c))) % P;
const isSquare = (v: bigint): boolean => v === 0n || Fp.pow(v, (P - 1n) / 2n) === 1n;

export const hashChecks: ConformanceCheck[] = [
  {
    name: 'poseidon: Poseidon(1, 2) is the published circomlib value',
    run(k) {
      expectBigint('poseidon-lite Poseidon(1, 2)', referencePoseidon2([1n, 2n]), POSEIDON_1_2);
      expectBigint('Poseidon(1, 2)', k.poseidon2(1n, 2n), POSEIDON_1_2);
      return `kernel and poseidon-lite both give ${hex(POSEIDON_1_2)}`;
    },
  },
  {
    name: 'poseidon: edge inputs, every pair, against poseidon-lite',
    run(k) {
      for (const a of FR_EDGES)
        for (const b of FR_EDGES)
          expectBigint(`poseidon2(${hex(a)}, ${hex(b)})`, k.poseidon2(a, b), referencePoseidon2([a, b]));
      return `${FR_EDGES.length ** 2} hashes equal poseidon-lite`;
    },
  },
  {
    name: 'poseidon: random inputs against poseidon-lite',
    run(k) {
      const rng = new SeededRandom(0x9001n);
      const n = 40;
      for (let i = 0; i < n; i++) {
        const a = rng.fr();
        const b = rng.fr();
        expectBigint(`poseidon2(${hex(a)}, ${hex(b)})`, k.poseidon2(a, b), referencePoseidon2([a, b]));
      }
      return `${n} hashes equal poseidon-lite`;
    },
  },
  {
    name: 'poseidon: a batch equals the single hashes',
    run(k) {
      const rng = new SeededRandom(0x9002n);
      const left = rng.frVector(70);
      const right = rng.frVector(70).reverse();
      const batch = decodeFrVector(k.poseidon2Batch(encodeFrVector(left), encodeFrVector(right)));
      expectBigints(
        'poseidon2Batch vs poseidon2',
        batch,
        left.map((a, i) => k.poseidon2(a, right[i]!)),
      );
      for (const i of [0, 6, 69])
        expectBigint(
          `poseidon2Batch element ${i} vs poseidon-lite`,
          batch[i]!,
          referencePoseidon2([left[i]!, right[i]!]),
        );
      const empty = k.poseidon2Batch(new Uint8Array(0), new Uint8Array(0));
      if (empty.length !== 0) throw new ConformanceMismatch(`an empty batch gave ${empty.length} bytes`);
      return '70 batched hashes equal the single hashes (3 spot-checked against poseidon-lite); an empty batch is empty';
    },
  },
  {
    name: `pedersen: ${PEDERSEN_COUNT} generators are the spec's points on G1`,
    run(k) {
      if (!k.raw)
        throw new ConformanceMismatch('the kernel exposes no raw exports, so its Pedersen derivation cannot run');
      const { counters, points } = derivePedersenGeneratorRange({ raw: k.raw }, PEDERSEN_LABEL, 0, PEDERSEN_COUNT);
      if (points.length !== PEDERSEN_COUNT * 64 || counters.length !== PEDERSEN_COUNT)
        throw new ConformanceMismatch(`derived ${points.length} point bytes and ${counters.length} counters`);
      const seen = new Set<string>();
      for (let i = 0; i < PEDERSEN_COUNT; i++) {
        const at = decodeG1(points.subarray(64 * i, 64 * (i + 1)));
        if (!at) throw new ConformanceMismatch(`generator ${i} is the identity`);
        try {
          G1.fromAffine(at).assertValidity();
        } catch (err) {
          throw new ConformanceMismatch(
            `generator ${i} (${hex(at.x)}, ${hex(at.y)}) is not a valid G1 point for @noble/curves: ${(err as Error).message}`,
          );
        }
        const c = counters[i]!;
        expectBigint(`generator ${i} x (counter ${c})`, at.x, candidateX(PEDERSEN_LABEL, i, c));
        if (at.y & 1n) throw new ConformanceMismatch(`generator ${i} has an odd y`);
        for (let earlier = 0; earlier < c; earlier++) {
          const x = candidateX(PEDERSEN_LABEL, i, earlier);
          if (isSquare(Fp.add(Fp.mul(Fp.sqr(x), x), 3n)))
            throw new ConformanceMismatch(`generator ${i} skipped counter ${earlier}, whose candidate is on the curve`);
        }
        const key = `${at.x}`;
        if (seen.has(key)) throw new ConformanceMismatch(`generator ${i} repeats an earlier one`);
        seen.add(key);
      }
      const retries = Array.from(counters).filter((c) => c > 0).length;
      return `on the curve (checked by @noble/curves), even y, x = SHA-512 of the spec message, smallest counter (${retries} needed retries), all distinct`;
    },
  },
];
