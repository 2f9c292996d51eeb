import { bn254 } from '@noble/curves/bn254.js';
import { beforeAll, describe, expect, test } from 'vitest';
import { instantiateKernel, type KernelExports } from '../../src/kernel/loader.js';
import { bytesToBigintLE, bigintToBytesLE } from '../../src/kernel/encoding.js';

// Field arithmetic of the kernel against @noble/curves on random and edge values, through the
// raw test hook fieldOpBytes(field, op, out, a, b) (field 0 = Fr, 1 = Fq).
const Fr = bn254.fields.Fr;
const Fq = bn254.fields.Fp;
const OPS = [
  'mul',
  'add',
  'sub',
  'neg',
  'square',
  'inverse',
  'batchInverse',
  'subLazyTimesB',
  'bTimesSubLazy',
] as const;

let k: KernelExports;
beforeAll(async () => {
  k = await instantiateKernel();
});

function op(field: 0 | 1, name: (typeof OPS)[number], a: bigint, b: bigint): bigint | null {
  const mem = () => new Uint8Array(k.memory.buffer);
  const p = k.kalloc(96);
  mem().set(bigintToBytesLE(a, 32), p);
  mem().set(bigintToBytesLE(b, 32), p + 32);
  const ok = k.fieldOpBytes(field, OPS.indexOf(name), p + 64, p, p + 32);
  const out = bytesToBigintLE(mem().slice(p + 64, p + 96));
  k.kfree(p);
  return ok ? out : null;
}

function expected(F: typeof Fr, name: (typeof OPS)[number], a: bigint, b: bigint): bigint {
  switch (name) {
    case 'mul':
      return F.mul(a, b);
    case 'subLazyTimesB':
    case 'bTimesSubLazy':
      return F.mul(F.sub(a, b), b); // the lazy difference as either Mul operand
    case 'add':
      return F.add(a, b);
    case 'sub':
      return F.sub(a, b);
    case 'neg':
      return F.neg(a);
    case 'square':
      return F.sqr(a);
    case 'inverse':
    case 'batchInverse':
      return a === 0n ? 0n : F.inv(a);
  }
}

function randomBelow(p: bigint): bigint {
  const bytes = crypto.getRandomValues(new Uint8Array(40));
  return bytesToBigintLE(bytes) % p;
}

for (const [field, F, label] of [
  [0, Fr, 'Fr'],
  [1, Fq, 'Fq'],
] as const) {
  describe(`${label} arithmetic`, () => {
    const p = F.ORDER;
    const edges = [
      0n,
      1n,
      2n,
      p - 1n,
      p - 2n,
      (p - 1n) / 2n,
      (1n << 253n) + 5n,
      (1n << 232n) - 1n,
      (1n << 29n) - 1n,
      1n << 29n,
    ];
    test('edge values, every operation, every pair', () => {
      for (const a of edges)
        for (const b of edges)
          for (const name of OPS) {
            expect(op(field, name, a, b), `${name}(${a}, ${b})`).toBe(expected(F, name, a, b));
          }
    });
    test('random values', () => {
      for (let i = 0; i < 300; i++) {
        const a = randomBelow(p);
        const b = randomBelow(p);
        for (const name of OPS) expect(op(field, name, a, b), `${name}(${a}, ${b})`).toBe(expected(F, name, a, b));
      }
    });
    test('non-canonical inputs are rejected', () => {
      for (const bad of [p, p + 1n, (1n << 256n) - 1n, p + (1n << 200n)]) {
        expect(op(field, 'mul', bad, 1n)).toBeNull();
        expect(op(field, 'mul', 1n, bad)).toBeNull();
      }
    });
  });
}
