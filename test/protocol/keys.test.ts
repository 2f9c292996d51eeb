import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { bls12_381 } from '@noble/curves/bls12-381.js';
import {
  KeyEncodingError,
  SignatureError,
  aggregatePublicKeys,
  aggregateSignatures,
  assertAggregateSignature,
  assertSignature,
  decodePublicKey,
  decodeSecretKey,
  domainMessage,
  encodePublicKey,
  encodeSecretKey,
  generateStakingKey,
  proveKeyPossession,
  sign,
  stakingKeyFromSecret,
  validatePublicKey,
  verify,
  verifyAggregateSignature,
  verifyKeyPossession,
} from '../../src/protocol/index.js';

const seed = (b: number) => new Uint8Array(48).fill(b);
const alice = generateStakingKey(seed(1));
const bob = generateStakingKey(seed(2));
const carol = generateStakingKey(seed(3));
const msg = new TextEncoder().encode('block 42');

describe('staking keys', () => {
  it('derives 48-byte G1 public keys deterministically from a seed', () => {
    expect(alice.publicKey.length).toBe(48);
    expect(alice.secretKey.length).toBe(32);
    expect(generateStakingKey(seed(1)).publicKey).toEqual(alice.publicKey);
    expect(bob.publicKey).not.toEqual(alice.publicKey);
    expect(stakingKeyFromSecret(alice.secretKey).publicKey).toEqual(alice.publicKey);
  });

  it('round-trips public and secret keys through the checksummed text form', () => {
    const text = encodePublicKey(alice.publicKey);
    expect(text).toMatch(/^fernet:pk:[0-9a-f]{96}:[0-9a-f]{8}$/);
    expect(decodePublicKey(text)).toEqual(alice.publicKey);
    expect(decodePublicKey(`  ${text.toUpperCase().replace('FERNET:PK:', 'fernet:pk:')}\n`)).toEqual(alice.publicKey);
    const sk = encodeSecretKey(alice.secretKey);
    expect(sk).toMatch(/^fernet:sk:[0-9a-f]{64}:[0-9a-f]{8}$/);
    expect(decodeSecretKey(sk).publicKey).toEqual(alice.publicKey);
  });

  it('catches every single-character typo in an encoded public key', () => {
    const text = encodePublicKey(alice.publicKey);
    const start = 'fernet:pk:'.length;
    fc.assert(
      fc.property(
        fc.integer({ min: start, max: text.length - 1 }),
        fc.constantFrom(...'0123456789abcdef'),
        (pos, ch) => {
          fc.pre(text[pos] !== ':' && text[pos] !== ch);
          const typo = text.slice(0, pos) + ch + text.slice(pos + 1);
          expect(() => decodePublicKey(typo)).toThrow(KeyEncodingError);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('rejects bad key encodings with precise errors', () => {
    const text = encodePublicKey(alice.publicKey);
    expect(() => decodePublicKey(text.replace('pk', 'sk'))).toThrow(/must start with "fernet:pk:"/);
    expect(() => decodePublicKey(text.slice(0, -1))).toThrow(/checksum must be 8 hex/);
    expect(() => decodePublicKey(text.replace(/:([0-9a-f]{8})$/, ':00000000'))).toThrow(/checksum mismatch/);
    expect(() => decodePublicKey('fernet:pk:abcd:00000000')).toThrow(/96 hex characters, got 4/);
    expect(() => decodePublicKey(`fernet:pk:${'z'.repeat(96)}:00000000`)).toThrow(/non-hex character at position 0/);
    expect(() => decodePublicKey(`fernet:pk:${'ab'.repeat(48)}`)).toThrow(/<hex>:<checksum>/);
    // A secret key text is never accepted as a public key and vice versa.
    expect(() => decodePublicKey(encodeSecretKey(alice.secretKey))).toThrow(KeyEncodingError);
    expect(() => decodeSecretKey(text)).toThrow(KeyEncodingError);
  });

  it('rejects bytes that are not a valid G1 public key even with a correct checksum', () => {
    const notOnCurve = Uint8Array.from(alice.publicKey);
    notOnCurve[20] ^= 0xff;
    expect(() => validatePublicKey(notOnCurve)).toThrow(KeyEncodingError);
    const identity = new Uint8Array(48);
    identity[0] = 0xc0;
    expect(() => validatePublicKey(identity)).toThrow(/identity/);
    expect(() => validatePublicKey(alice.publicKey.subarray(0, 47))).toThrow(/48 bytes, got 47/);
    expect(() => stakingKeyFromSecret(new Uint8Array(32))).toThrow(/not a valid scalar/);
    expect(() => generateStakingKey(new Uint8Array(32))).toThrow(/seed must be 48 bytes/);
    // Correct checksum over bytes that are not a curve point: the point check still rejects it.
    const prefix = new TextEncoder().encode('fernet:pk:');
    const check = bytesToHex(sha256(new Uint8Array([...prefix, ...notOnCurve])).subarray(0, 4));
    expect(() => decodePublicKey(`fernet:pk:${bytesToHex(notOnCurve)}:${check}`)).toThrow(/not a valid G1 point/);
    expect(() => encodePublicKey(identity)).toThrow(/identity/);
  });
});

describe('signatures', () => {
  const sig = sign(alice.secretKey, 'sign-off', msg);

  it('verifies a signature under the signer key and domain', () => {
    expect(sig.length).toBe(96);
    expect(verify(alice.publicKey, 'sign-off', msg, sig)).toBe(true);
    expect(() => assertSignature(alice.publicKey, 'sign-off', msg, sig)).not.toThrow();
  });

  it('rejects a wrong key, a tampered message, another domain and a tampered signature', () => {
    expect(verify(bob.publicKey, 'sign-off', msg, sig)).toBe(false);
    expect(() => assertSignature(bob.publicKey, 'sign-off', msg, sig)).toThrow(SignatureError);
    const tampered = Uint8Array.from(msg);
    tampered[0] ^= 1;
    expect(verify(alice.publicKey, 'sign-off', tampered, sig)).toBe(false);
    expect(verify(alice.publicKey, 'result', msg, sig)).toBe(false);
    const badSig = Uint8Array.from(sig);
    badSig[50] ^= 1;
    expect(verify(alice.publicKey, 'sign-off', msg, badSig)).toBe(false);
    expect(() => assertSignature(alice.publicKey, 'sign-off', msg, badSig)).toThrow(SignatureError);
    expect(() => assertSignature(alice.publicKey, 'sign-off', msg, sig.subarray(0, 95))).toThrow(/96 bytes, got 95/);
    expect(() => assertSignature(new Uint8Array(48), 'sign-off', msg, sig)).toThrow(KeyEncodingError);
  });

  it('separates domains unambiguously', () => {
    expect(domainMessage('result', msg)).not.toEqual(domainMessage('result-commitment', msg));
    expect(() => domainMessage('nope' as never, msg)).toThrow(/unknown signing domain/);
  });

  it('aggregates same-message signatures and keys', () => {
    const keys = [alice, bob, carol];
    const sigs = keys.map((k) => sign(k.secretKey, 'sign-off', msg));
    const agg = aggregateSignatures(sigs);
    const pks = keys.map((k) => k.publicKey);
    expect(verifyAggregateSignature(pks, 'sign-off', msg, agg)).toBe(true);
    expect(verify(aggregatePublicKeys(pks), 'sign-off', msg, agg)).toBe(true);
    // Missing signer, extra key, other message: all fail.
    expect(verifyAggregateSignature(pks.slice(0, 2), 'sign-off', msg, agg)).toBe(false);
    expect(verifyAggregateSignature(pks, 'sign-off', new Uint8Array([1]), agg)).toBe(false);
    expect(() => assertAggregateSignature(pks.slice(1), 'sign-off', msg, agg)).toThrow(SignatureError);
    expect(() => aggregateSignatures([])).toThrow(SignatureError);
    expect(() => aggregatePublicKeys([])).toThrow(KeyEncodingError);
  });

  it('proves key possession and rejects a proof for another key', () => {
    const pop = proveKeyPossession(alice.secretKey);
    expect(verifyKeyPossession(alice.publicKey, pop)).toBe(true);
    expect(verifyKeyPossession(bob.publicKey, pop)).toBe(false);
    // A possession proof is not an ordinary signature over the key bytes.
    expect(verifyKeyPossession(alice.publicKey, sign(alice.secretKey, 'peer-link', alice.publicKey))).toBe(false);
  });

  it('shows why registration must check possession: a rogue key forges a same-message aggregate', () => {
    // Mallory publishes pk_r = x·G − pk_alice, so pk_alice + pk_r = x·G and her lone signature
    // passes as an aggregate "signed by Alice and Mallory". She cannot prove possession of pk_r.
    const G1 = bls12_381.G1.Point;
    const x = generateStakingKey(seed(9));
    const rogue = G1.fromBytes(x.publicKey).subtract(G1.fromBytes(alice.publicKey)).toBytes(true);
    const forged = sign(x.secretKey, 'sign-off', msg);
    expect(verifyAggregateSignature([alice.publicKey, rogue], 'sign-off', msg, forged)).toBe(true);
    expect(verifyKeyPossession(rogue, proveKeyPossession(x.secretKey))).toBe(false);
    expect(verifyKeyPossession(rogue, forged)).toBe(false);
  });
});
