// The staking key at rest: sealed under the staker's passphrase with WebCrypto (globalThis.crypto
// .subtle, the same in the browser and in Node). PBKDF2-SHA256 stretches the passphrase into 64
// bytes: the first 32 are an AES-256-GCM key, the last 32 a check value kept beside the
// ciphertext, so a wrong passphrase is told apart from altered ciphertext. The header (format,
// iteration count, salt, check) is the cipher's additional data.
//
// Sealed format, version 1 (big-endian):
//   "FNKV" | version u8 = 1 | iterations u32 | salt 16 | iv 12 | check 32 | AES-GCM ciphertext + 16-byte tag
import type { ParticipantStore } from '../participant/ports/store.js';
import { ByteReader, ByteWriter, utf8 } from '../protocol/bytes.js';
import { VaultFormatError, VaultTamperedError, WrongPassphraseError } from './errors.js';

const MAGIC = utf8('FNKV');
const VERSION = 1;
const SALT_BYTES = 16;
const IV_BYTES = 12;
const CHECK_BYTES = 32;
const TAG_BYTES = 16;

/** PBKDF2-SHA256 iterations for new seals (OWASP's 2023 figure for PBKDF2-HMAC-SHA256). */
export const VAULT_ITERATIONS = 600_000;
/** Counts a sealed key may name: below is too weak to accept, above would let a forged file stall the opener. */
export const VAULT_MIN_ITERATIONS = 100_000;
export const VAULT_MAX_ITERATIONS = 10_000_000;

const subtle = () => globalThis.crypto.subtle;
const random = (n: number) => globalThis.crypto.getRandomValues(new Uint8Array(n));

/** The passphrase's bytes: NFC first, so the same words typed on two devices give the same key. */
const passphraseBytes = (p: string) => own(utf8(p.normalize('NFC')));
/** A copy on a plain ArrayBuffer (WebCrypto's BufferSource; the input may sit on a shared one). */
const own = (b: Uint8Array): Uint8Array<ArrayBuffer> => Uint8Array.from(b);

async function stretch(passphrase: string, salt: Uint8Array, iterations: number) {
  const base = await subtle().importKey('raw', passphraseBytes(passphrase), 'PBKDF2', false, ['deriveBits']);
  const bits = new Uint8Array(
    await subtle().deriveBits(
      { name: 'PBKDF2', hash: 'SHA-256', salt: own(salt), iterations },
      base,
      8 * (32 + CHECK_BYTES),
    ),
  );
  const key = await subtle().importKey('raw', own(bits.subarray(0, 32)), 'AES-GCM', false, ['encrypt', 'decrypt']);
  return { key, check: bits.slice(32) };
}

function checkIterations(iterations: number): void {
  if (!Number.isSafeInteger(iterations) || iterations < VAULT_MIN_ITERATIONS || iterations > VAULT_MAX_ITERATIONS)
    throw new VaultFormatError(
      `sealed key: iterations ${iterations} outside ${VAULT_MIN_ITERATIONS}..${VAULT_MAX_ITERATIONS}`,
    );
}

function header(iterations: number, salt: Uint8Array, check: Uint8Array): Uint8Array {
  return new ByteWriter().bytes(MAGIC).u8(VERSION).u32(iterations).bytes(salt).bytes(check).finish();
}

/** Seals `secret` under `passphrase`; the result is what the store keeps. */
export async function sealSecret(
  secret: Uint8Array,
  passphrase: string,
  options: { iterations?: number } = {},
): Promise<Uint8Array> {
  if (passphrase.length === 0) throw new RangeError('the passphrase is empty');
  const iterations = options.iterations ?? VAULT_ITERATIONS;
  checkIterations(iterations);
  const salt = random(SALT_BYTES);
  const iv = random(IV_BYTES);
  const { key, check } = await stretch(passphrase, salt, iterations);
  const ciphertext = new Uint8Array(
    await subtle().encrypt(
      { name: 'AES-GCM', iv: own(iv), additionalData: own(header(iterations, salt, check)) },
      key,
      own(secret),
    ),
  );
  return new ByteWriter()
    .bytes(MAGIC)
    .u8(VERSION)
    .u32(iterations)
    .bytes(salt)
    .bytes(iv)
    .bytes(check)
    .bytes(ciphertext)
    .finish();
}

/** Constant time in the length: a check value comparison should not leak how far it matched. */
function sameCheck(a: Uint8Array, b: Uint8Array): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < Math.min(a.length, b.length); i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

/**
 * The secret sealed in `sealed`. VaultFormatError: not a sealed key this code reads.
 * WrongPassphraseError: the passphrase does not open it (or the salt, iteration count or check
 * value were altered, which looks the same). VaultTamperedError: the ciphertext, tag or iv were
 * altered.
 */
export async function openSealedSecret(sealed: Uint8Array, passphrase: string): Promise<Uint8Array> {
  const r = new ByteReader(sealed, (m) => new VaultFormatError(m), { what: 'sealed key' });
  const magic = r.take(MAGIC.length, 'magic');
  if (!sameCheck(magic, MAGIC)) throw new VaultFormatError('sealed key: not a sealed key (bad magic)');
  const version = r.u8('version');
  if (version !== VERSION) throw new VaultFormatError(`sealed key: unknown version ${version}`);
  const iterations = r.u32('iterations');
  checkIterations(iterations);
  const salt = r.take(SALT_BYTES, 'salt');
  const iv = r.take(IV_BYTES, 'iv');
  const check = r.take(CHECK_BYTES, 'check');
  const ciphertext = r.take(r.remaining, 'ciphertext');
  if (ciphertext.length < TAG_BYTES)
    throw new VaultFormatError(
      `sealed key truncated: ciphertext has ${ciphertext.length} bytes, the tag alone is ${TAG_BYTES}`,
    );
  const derived = await stretch(passphrase, salt, iterations);
  if (!sameCheck(derived.check, check)) throw new WrongPassphraseError('the passphrase does not open this key');
  try {
    return new Uint8Array(
      await subtle().decrypt(
        { name: 'AES-GCM', iv: own(iv), additionalData: own(header(iterations, salt, check)) },
        derived.key,
        own(ciphertext),
      ),
    );
  } catch {
    throw new VaultTamperedError('the sealed key was altered: its ciphertext does not authenticate');
  }
}

/** A named key sealed in a ParticipantStore's keys (the browser tab and the headless node alike). */
export class KeyVault {
  constructor(
    private readonly store: Pick<ParticipantStore, 'getKey' | 'putKey'>,
    readonly name = 'staking',
  ) {}

  async exists(): Promise<boolean> {
    return (await this.store.getKey(this.name)) !== null;
  }

  /** Seals and stores `secret` (replacing any key under this name). */
  async save(secret: Uint8Array, passphrase: string, options: { iterations?: number } = {}): Promise<void> {
    await this.store.putKey(this.name, await sealSecret(secret, passphrase, options));
  }

  /** The stored secret, or null when none is stored; the errors of openSealedSecret otherwise. */
  async unlock(passphrase: string): Promise<Uint8Array | null> {
    const sealed = await this.store.getKey(this.name);
    return sealed === null ? null : openSealedSecret(sealed, passphrase);
  }
}
