// Staking keys: BLS12-381 in the "long signatures" scheme of @noble/curves (public keys in G1,
// 48 bytes compressed; signatures in G2, 96 bytes). Every signed message carries a domain tag so a
// signature made for one purpose (a result, a sign-off...) never verifies for another.
//
// Aggregation over one message is only safe against rogue-key attacks when every key proved
// possession of its secret: the registry must check `verifyKeyPossession` before accepting a key.
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { randomBytes } from '@noble/hashes/utils.js';
import { bytesToHex, concat, hexToBytes, sha256, u8, utf8 } from './bytes.js';
import { KeyEncodingError, SignatureError } from './errors.js';

const bls = bls12_381.longSignatures;
const G1 = bls12_381.G1.Point;

export const PUBLIC_KEY_BYTES = 48;
export const SECRET_KEY_BYTES = 32;
export const SIGNATURE_BYTES = 96;
/** keygen seed length required by the BLS key derivation (IKM). */
export const KEY_SEED_BYTES = 48;

/** Hash-to-curve tags of the IETF BLS "proof of possession" ciphersuite. */
const SIGNATURE_DST = 'BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_';
const POSSESSION_DST = 'BLS_POP_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_';

/** Every purpose a staking key signs for. A signature made for one never verifies for another. */
export type SigningDomain = 'result' | 'result-commitment' | 'sign-off' | 'transition' | 'peer-link' | 'l1-call';

const DOMAINS: readonly SigningDomain[] = [
  'result',
  'result-commitment',
  'sign-off',
  'transition',
  'peer-link',
  'l1-call',
];

export interface StakingKeyPair {
  readonly secretKey: Uint8Array;
  /** 48-byte compressed G1 point. */
  readonly publicKey: Uint8Array;
}

/** A fresh key pair; pass a 48-byte seed for a deterministic one (tests, simulations). */
export function generateStakingKey(seed?: Uint8Array): StakingKeyPair {
  if (seed !== undefined && seed.length !== KEY_SEED_BYTES) {
    throw new KeyEncodingError(`key seed must be ${KEY_SEED_BYTES} bytes, got ${seed.length}`);
  }
  const { secretKey } = bls.keygen(seed ?? randomBytes(KEY_SEED_BYTES));
  return stakingKeyFromSecret(secretKey);
}

export function stakingKeyFromSecret(secretKey: Uint8Array): StakingKeyPair {
  if (!(secretKey instanceof Uint8Array) || secretKey.length !== SECRET_KEY_BYTES) {
    throw new KeyEncodingError(`secret key must be ${SECRET_KEY_BYTES} bytes`);
  }
  let publicKey: Uint8Array;
  try {
    publicKey = bls.getPublicKey(secretKey).toBytes(true);
  } catch (e) {
    throw new KeyEncodingError(`secret key is not a valid scalar: ${(e as Error).message}`);
  }
  return { secretKey: Uint8Array.from(secretKey), publicKey };
}

/**
 * Checks a 48-byte public key: a compressed G1 point on the curve, in the prime-order subgroup,
 * not the identity. Returns the same bytes; throws KeyEncodingError with the reason otherwise.
 */
export function validatePublicKey(publicKey: Uint8Array): Uint8Array {
  decodeG1(publicKey);
  return publicKey;
}

function decodeG1(publicKey: Uint8Array) {
  if (!(publicKey instanceof Uint8Array) || publicKey.length !== PUBLIC_KEY_BYTES) {
    throw new KeyEncodingError(
      `public key must be ${PUBLIC_KEY_BYTES} bytes, got ${publicKey instanceof Uint8Array ? publicKey.length : typeof publicKey}`,
    );
  }
  let point;
  try {
    point = G1.fromBytes(publicKey);
    point.assertValidity();
  } catch (e) {
    throw new KeyEncodingError(`public key is not a valid G1 point: ${(e as Error).message}`);
  }
  if (point.is0()) throw new KeyEncodingError('public key is the identity point');
  if (!point.isTorsionFree()) throw new KeyEncodingError('public key is not in the prime-order subgroup');
  return point;
}

function decodeSignature(signature: Uint8Array) {
  if (!(signature instanceof Uint8Array) || signature.length !== SIGNATURE_BYTES) {
    throw new SignatureError(
      `signature must be ${SIGNATURE_BYTES} bytes, got ${signature instanceof Uint8Array ? signature.length : typeof signature}`,
    );
  }
  let point;
  try {
    point = bls.Signature.fromBytes(signature);
    point.assertValidity();
  } catch (e) {
    throw new SignatureError(`signature is not a valid G2 point: ${(e as Error).message}`);
  }
  if (point.is0()) throw new SignatureError('signature is the identity point');
  return point;
}

const KNOWN_VALID_CAP = 4096;
const knownValid = new Set<string>();

/**
 * validatePublicKey as a yes/no, for hot paths (a prover key on every node of a block proof).
 * Decompression and the subgroup check cost about a millisecond and a committee member names its
 * key on many nodes, so keys found valid are remembered (at most KNOWN_VALID_CAP, then forgotten).
 */
export function isValidPublicKey(publicKey: Uint8Array): boolean {
  if (!(publicKey instanceof Uint8Array) || publicKey.length !== PUBLIC_KEY_BYTES) return false;
  const hex = bytesToHex(publicKey);
  if (knownValid.has(hex)) return true;
  try {
    decodeG1(publicKey);
  } catch (e) {
    if (e instanceof KeyEncodingError) return false;
    throw e;
  }
  if (knownValid.size >= KNOWN_VALID_CAP) knownValid.clear();
  knownValid.add(hex);
  return true;
}

/** Lowercase hex of a public key: the account id used by ledgers, maps and logs. */
export function publicKeyHex(publicKey: Uint8Array): string {
  return bytesToHex(publicKey);
}

// ---------------------------------------------------------------------------------------------
// Text encoding with a checksum: `fernet:pk:<96 hex>:<8 hex>` and `fernet:sk:<64 hex>:<8 hex>`.
// The checksum is the first 4 bytes of sha256(prefix ‖ key bytes), so a mistyped character is
// caught (with probability 1 − 2⁻³²) and a secret key is never read as a public key.

const PK_PREFIX = 'fernet:pk:';
const SK_PREFIX = 'fernet:sk:';

function checksum(prefix: string, bytes: Uint8Array): string {
  return bytesToHex(sha256(utf8(prefix), bytes).subarray(0, 4));
}

function encodeText(prefix: string, bytes: Uint8Array): string {
  return `${prefix}${bytesToHex(bytes)}:${checksum(prefix, bytes)}`;
}

function decodeText(prefix: string, text: string, length: number, what: string): Uint8Array {
  if (typeof text !== 'string') throw new KeyEncodingError(`${what} text must be a string`);
  const trimmed = text.trim();
  if (!trimmed.startsWith(prefix)) {
    throw new KeyEncodingError(`${what} must start with "${prefix}", got "${trimmed.slice(0, prefix.length)}"`);
  }
  const parts = trimmed.slice(prefix.length).split(':');
  if (parts.length !== 2) throw new KeyEncodingError(`${what} must be ${prefix}<hex>:<checksum>`);
  const [hex, check] = parts as [string, string];
  if (hex.length !== 2 * length) {
    throw new KeyEncodingError(`${what} must have ${2 * length} hex characters, got ${hex.length}`);
  }
  const badAt = hex.search(/[^0-9a-fA-F]/);
  if (badAt >= 0) throw new KeyEncodingError(`${what} has a non-hex character at position ${badAt}`);
  if (!/^[0-9a-fA-F]{8}$/.test(check)) throw new KeyEncodingError(`${what} checksum must be 8 hex characters`);
  const bytes = hexToBytes(hex.toLowerCase());
  const expected = checksum(prefix, bytes);
  if (expected !== check.toLowerCase()) {
    throw new KeyEncodingError(`${what} checksum mismatch: the key was mistyped or corrupted`);
  }
  return bytes;
}

export function encodePublicKey(publicKey: Uint8Array): string {
  validatePublicKey(publicKey);
  return encodeText(PK_PREFIX, publicKey);
}

/** Parses `fernet:pk:…`; checks format, checksum and the curve point. */
export function decodePublicKey(text: string): Uint8Array {
  return validatePublicKey(decodeText(PK_PREFIX, text, PUBLIC_KEY_BYTES, 'public key'));
}

export function encodeSecretKey(secretKey: Uint8Array): string {
  stakingKeyFromSecret(secretKey);
  return encodeText(SK_PREFIX, secretKey);
}

/** Parses `fernet:sk:…` into a key pair; checks format, checksum and the scalar range. */
export function decodeSecretKey(text: string): StakingKeyPair {
  return stakingKeyFromSecret(decodeText(SK_PREFIX, text, SECRET_KEY_BYTES, 'secret key'));
}

// ---------------------------------------------------------------------------------------------
// Signing. The signed bytes are `len(tag) ‖ tag ‖ payload` with tag = "fernet/v1/<domain>".

export function domainMessage(domain: SigningDomain, payload: Uint8Array): Uint8Array {
  if (!DOMAINS.includes(domain)) throw new SignatureError(`unknown signing domain "${String(domain)}"`);
  const tag = utf8(`fernet/v1/${domain}`);
  return concat(u8(tag.length), tag, payload);
}

function hashMessage(domain: SigningDomain, payload: Uint8Array) {
  return bls.hash(domainMessage(domain, payload), SIGNATURE_DST);
}

export function sign(secretKey: Uint8Array, domain: SigningDomain, payload: Uint8Array): Uint8Array {
  stakingKeyFromSecret(secretKey);
  return bls.Signature.toBytes(bls.sign(hashMessage(domain, payload), secretKey));
}

/**
 * Throws SignatureError (bad signature encoding, or it does not verify) or KeyEncodingError
 * (bad public key). Returns normally only for a valid signature.
 */
export function assertSignature(
  publicKey: Uint8Array,
  domain: SigningDomain,
  payload: Uint8Array,
  signature: Uint8Array,
): void {
  const pk = decodeG1(publicKey);
  const sig = decodeSignature(signature);
  if (!bls.verify(sig, hashMessage(domain, payload), pk)) {
    throw new SignatureError(`signature does not verify for domain "${domain}" under this public key`);
  }
}

/** true only for a valid signature; malformed keys or signatures give false. */
export function verify(
  publicKey: Uint8Array,
  domain: SigningDomain,
  payload: Uint8Array,
  signature: Uint8Array,
): boolean {
  try {
    assertSignature(publicKey, domain, payload, signature);
    return true;
  } catch (e) {
    if (e instanceof SignatureError || e instanceof KeyEncodingError) return false;
    throw e;
  }
}

export function aggregateSignatures(signatures: readonly Uint8Array[]): Uint8Array {
  if (signatures.length === 0) throw new SignatureError('cannot aggregate an empty list of signatures');
  return bls.Signature.toBytes(bls.aggregateSignatures(signatures.map(decodeSignature)));
}

export function aggregatePublicKeys(publicKeys: readonly Uint8Array[]): Uint8Array {
  if (publicKeys.length === 0) throw new KeyEncodingError('cannot aggregate an empty list of public keys');
  const sum = bls.aggregatePublicKeys(publicKeys.map(decodeG1));
  if (sum.is0()) throw new KeyEncodingError('aggregate public key is the identity point');
  return sum.toBytes(true);
}

/**
 * Same-message aggregate: every key signed the same (domain, payload). Throws SignatureError or
 * KeyEncodingError with the reason. Sound only for keys whose possession was proven.
 */
export function assertAggregateSignature(
  publicKeys: readonly Uint8Array[],
  domain: SigningDomain,
  payload: Uint8Array,
  aggregateSignature: Uint8Array,
): void {
  const aggregateKey = aggregatePublicKeys(publicKeys);
  assertSignature(aggregateKey, domain, payload, aggregateSignature);
}

export function verifyAggregateSignature(
  publicKeys: readonly Uint8Array[],
  domain: SigningDomain,
  payload: Uint8Array,
  aggregateSignature: Uint8Array,
): boolean {
  try {
    assertAggregateSignature(publicKeys, domain, payload, aggregateSignature);
    return true;
  } catch (e) {
    if (e instanceof SignatureError || e instanceof KeyEncodingError) return false;
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
// Proof of possession: a signature over the public key itself under its own hash-to-curve tag.

export function proveKeyPossession(secretKey: Uint8Array): Uint8Array {
  const { publicKey } = stakingKeyFromSecret(secretKey);
  return bls.Signature.toBytes(bls.sign(bls.hash(publicKey, POSSESSION_DST), secretKey));
}

export function verifyKeyPossession(publicKey: Uint8Array, proof: Uint8Array): boolean {
  try {
    const pk = decodeG1(publicKey);
    const sig = decodeSignature(proof);
    return bls.verify(sig, bls.hash(publicKey, POSSESSION_DST), pk);
  } catch (e) {
    if (e instanceof SignatureError || e instanceof KeyEncodingError) return false;
    throw e;
  }
}
