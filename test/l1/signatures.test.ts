// The L1's two signature verifiers agree: signatures made by the protocol's noble code verify
// under the native blst worker and blst's under noble (same hash-to-curve tag), forgeries are
// refused by both with the reason, and the native verifier runs off the event loop.
import { SecretKey } from '@chainsafe/blst';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { NativeSignatureVerifier } from '../../src/l1/native-signatures.js';
import { NobleSignatureVerifier, type SignatureCheck } from '../../src/l1/signatures.js';
import {
  aggregateSignOff,
  assertSignature,
  domainMessage,
  proveKeyPossession,
  sign,
  signBlockCommitment,
  SignatureError,
} from '../../src/protocol/index.js';
import { keyFor } from './helpers.js';

const payload = new TextEncoder().encode('{"chainId":1337,"method":"l1_exit"}');
const noble = new NobleSignatureVerifier();
let native: NativeSignatureVerifier;
let nativeNoble: NativeSignatureVerifier;

beforeAll(async () => {
  native = await NativeSignatureVerifier.start({ threads: 1 });
  nativeNoble = await NativeSignatureVerifier.start({ threads: 1, prefer: 'noble' });
});
afterAll(async () => {
  await native.close();
  await nativeNoble.close();
});

const single = (publicKey: Uint8Array, signature: Uint8Array, p = payload): SignatureCheck => ({
  kind: 'signature',
  publicKeys: [publicKey],
  domain: 'l1-call',
  payload: p,
  signature,
});

test('the native verifier loads blst; the fallback is noble', () => {
  expect(native.impl).toBe('blst');
  expect(nativeNoble.impl).toBe('noble');
});

test('the same secret key gives the same public key in blst and noble', () => {
  const k = keyFor(1);
  expect(SecretKey.fromBytes(k.secretKey).toPublicKey().toBytes(true)).toEqual(k.publicKey);
});

describe('cross-verification', () => {
  const k = keyFor(1);
  const other = keyFor(2);
  const byNoble = sign(k.secretKey, 'l1-call', payload);
  const byBlst = SecretKey.fromBytes(k.secretKey).sign(domainMessage('l1-call', payload)).toBytes(true);

  test('blst and noble produce the same signature bytes (deterministic BLS, same tag)', () => {
    expect(byBlst).toEqual(byNoble);
  });

  test('a noble signature verifies under blst, and a blst signature under noble', async () => {
    expect(await native.verifyAll([single(k.publicKey, byNoble)])).toEqual([null]);
    expect(() => assertSignature(k.publicKey, 'l1-call', payload, byBlst)).not.toThrow();
    expect(await noble.verifyAll([single(k.publicKey, byBlst)])).toEqual([null]);
  });

  test('forgeries are refused by both, with the same reason', async () => {
    const flipped = byNoble.slice();
    flipped[95]! ^= 1;
    const otherDomain = sign(k.secretKey, 'sign-off', payload);
    const checks = [
      single(other.publicKey, byNoble), // someone else's key
      single(k.publicKey, byNoble, new TextEncoder().encode('another call')), // another message
      single(k.publicKey, otherDomain), // another domain
      single(k.publicKey, sign(other.secretKey, 'l1-call', payload)), // signed by someone else
    ];
    const expected = checks.map(() => 'signature does not verify for domain "l1-call" under this public key');
    expect(await native.verifyAll(checks)).toEqual(expected);
    expect(await noble.verifyAll(checks)).toEqual(expected);
    expect(() => assertSignature(other.publicKey, 'l1-call', payload, byBlst)).toThrow(
      new SignatureError('signature does not verify for domain "l1-call" under this public key'),
    );
    // A flipped bit is usually not even a curve point: both refuse it as a bad encoding.
    const [nativeFlip] = await native.verifyAll([single(k.publicKey, flipped)]);
    const [nobleFlip] = await noble.verifyAll([single(k.publicKey, flipped)]);
    expect(nativeFlip).toMatch(/^signature (is not a valid G2 point|does not verify)/);
    expect(nobleFlip).toMatch(/^signature (is not a valid G2 point|does not verify)/);
    expect(nativeFlip === null).toBe(false);
  });

  test('a batch with good and bad checks names exactly the bad ones', async () => {
    const good = Array.from({ length: 20 }, (_, i) => {
      const key = keyFor(10 + i);
      return single(key.publicKey, sign(key.secretKey, 'l1-call', payload));
    });
    const bad = single(k.publicKey, sign(other.secretKey, 'l1-call', payload));
    const notAKey = single(new Uint8Array(48).fill(0xff), byNoble);
    const batch = [...good.slice(0, 7), bad, ...good.slice(7), notAKey];
    const reasons = await native.verifyAll(batch);
    expect(reasons.filter((r) => r === null)).toHaveLength(20);
    expect(reasons[7]).toBe('signature does not verify for domain "l1-call" under this public key');
    expect(reasons[21]).toMatch(/^public key is not a valid G1 point: /);
    expect((await nativeNoble.verifyAll(batch)).map((r) => r === null)).toEqual(reasons.map((r) => r === null));
  });

  test('aggregate sign-offs and proofs of possession', async () => {
    const committee = [keyFor(30), keyFor(31), keyFor(32)];
    const commitment = new Uint8Array(32).fill(9);
    const so = aggregateSignOff(
      committee.map((c, rank) => ({ rank, signature: signBlockCommitment(c.secretKey, commitment) })),
    );
    const agg = (keys: Uint8Array[]): SignatureCheck => ({
      kind: 'signature',
      publicKeys: keys,
      domain: 'sign-off',
      payload: commitment,
      signature: so.aggregateSignature,
    });
    const pop = (publicKey: Uint8Array, proof: Uint8Array): SignatureCheck => ({
      kind: 'possession',
      publicKey,
      proof,
    });
    const checks = [
      agg(committee.map((c) => c.publicKey)),
      agg([committee[0]!.publicKey, committee[1]!.publicKey, keyFor(33).publicKey]),
      pop(k.publicKey, proveKeyPossession(k.secretKey)),
      pop(k.publicKey, proveKeyPossession(other.secretKey)),
      // A possession proof is not a signature over the key under the signing tag, and back.
      pop(k.publicKey, sign(k.secretKey, 'l1-call', k.publicKey)),
    ];
    const expected = [
      null,
      'signature does not verify for domain "sign-off" under this public key',
      null,
      'proof of possession does not verify',
      'proof of possession does not verify',
    ];
    expect(await native.verifyAll(checks)).toEqual(expected);
    expect(await noble.verifyAll(checks)).toEqual(expected);
  });
});

test('the native verifier leaves the event loop free while it checks', async () => {
  const key = keyFor(40);
  const signature = sign(key.secretKey, 'l1-call', payload);
  const checks = Array.from({ length: 200 }, () => single(key.publicKey, signature));
  let ticks = 0;
  const timer = setInterval(() => ticks++, 0);
  try {
    const inline = noble.verifyAll(checks.slice(0, 3));
    const ticksDuringInline = ticks;
    await inline;
    // The in-thread verifier computed before it returned: no timer could run meanwhile.
    expect(ticksDuringInline).toBe(0);
    ticks = 0;
    const reasons = await native.verifyAll(checks);
    expect(reasons.every((r) => r === null)).toBe(true);
    expect(ticks).toBeGreaterThan(0);
  } finally {
    clearInterval(timer);
  }
});
