// The key vault's cases, run under Node (test/store/vault.test.ts) and in Chromium
// (vault.browser.test.ts): both use globalThis.crypto.subtle.
import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../src/participant/ports/memory-store.js';
import { VaultFormatError, VaultTamperedError, WrongPassphraseError } from '../../src/store/errors.js';
import { KeyVault, openSealedSecret, sealSecret, VAULT_ITERATIONS } from '../../src/store/vault.js';

const secret = Uint8Array.from({ length: 32 }, (_, i) => i + 1);
const fast = { iterations: 100_000 };
// Offsets in the sealed format: magic 4, version 1, iterations 4, salt 16, iv 12, check 32.
const AT = { version: 4, iterations: 5, salt: 9, iv: 25, check: 37, ciphertext: 69 };

async function failure(p: Promise<unknown>): Promise<Error> {
  return p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: Error) => e,
  );
}

const flip = (b: Uint8Array, at: number) => {
  const c = b.slice();
  c[at]! ^= 1;
  return c;
};

export function describeVault(where: string): void {
  describe(`key vault (${where})`, () => {
    it('seals with the stated iteration count and opens with the passphrase; each seal is fresh', async () => {
      const sealed = await sealSecret(secret, 'correct horse battery staple');
      expect(new DataView(sealed.buffer).getUint32(AT.iterations)).toBe(VAULT_ITERATIONS);
      expect(sealed.length).toBe(AT.ciphertext + secret.length + 16);
      expect(await openSealedSecret(sealed, 'correct horse battery staple')).toEqual(secret);
      const again = await sealSecret(secret, 'correct horse battery staple', fast);
      expect(again.subarray(AT.salt, AT.ciphertext)).not.toEqual(sealed.subarray(AT.salt, AT.ciphertext));
      // The secret's bytes appear nowhere in the sealed form.
      const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
      expect(hex(sealed).includes(hex(secret.subarray(0, 8)))).toBe(false);
    });

    it('a wrong passphrase is WrongPassphraseError', async () => {
      const sealed = await sealSecret(secret, 'pass one', fast);
      const e = await failure(openSealedSecret(sealed, 'pass two'));
      expect(e).toBeInstanceOf(WrongPassphraseError);
      expect(e.message).toBe('the passphrase does not open this key');
    });

    it('the passphrase is compared after Unicode normalisation (NFC)', async () => {
      const sealed = await sealSecret(secret, 'caf\u00e9', fast);
      expect(await openSealedSecret(sealed, 'cafe\u0301')).toEqual(secret);
    });

    it('altered ciphertext, tag or iv is VaultTamperedError; an altered salt or count reads as a wrong passphrase', async () => {
      const sealed = await sealSecret(secret, 'pw', fast);
      for (const at of [AT.ciphertext, sealed.length - 1, AT.iv]) {
        const e = await failure(openSealedSecret(flip(sealed, at), 'pw'));
        expect(e).toBeInstanceOf(VaultTamperedError);
        expect(e.message).toBe('the sealed key was altered: its ciphertext does not authenticate');
      }
      expect(await failure(openSealedSecret(flip(sealed, AT.salt), 'pw'))).toBeInstanceOf(WrongPassphraseError);
      expect(await failure(openSealedSecret(flip(sealed, AT.check), 'pw'))).toBeInstanceOf(WrongPassphraseError);
      const moreIterations = sealed.slice();
      new DataView(moreIterations.buffer).setUint32(AT.iterations, 100_001);
      expect(await failure(openSealedSecret(moreIterations, 'pw'))).toBeInstanceOf(WrongPassphraseError);
    });

    it('bytes that are not a sealed key are VaultFormatError, refused before any key stretching', async () => {
      const sealed = await sealSecret(secret, 'pw', fast);
      const cases: Array<[Uint8Array, string]> = [
        [flip(sealed, 0), 'sealed key: not a sealed key (bad magic)'],
        [flip(sealed, AT.version), 'sealed key: unknown version 0'],
        [sealed.subarray(0, AT.ciphertext + 15), 'sealed key truncated: ciphertext has 15 bytes, the tag alone is 16'],
        [sealed.subarray(0, AT.iv), 'sealed key truncated: iv needs 12 bytes at offset 25, only 0 left'],
        [new Uint8Array(0), 'sealed key truncated: magic needs 4 bytes at offset 0, only 0 left'],
      ];
      const huge = sealed.slice();
      new DataView(huge.buffer).setUint32(AT.iterations, 0xffffffff);
      cases.push([huge, 'sealed key: iterations 4294967295 outside 100000..10000000']);
      const weak = sealed.slice();
      new DataView(weak.buffer).setUint32(AT.iterations, 1000);
      cases.push([weak, 'sealed key: iterations 1000 outside 100000..10000000']);
      for (const [bytes, message] of cases) {
        const e = await failure(openSealedSecret(bytes, 'pw'));
        expect(e).toBeInstanceOf(VaultFormatError);
        expect(e.message).toBe(message);
      }
      await expect(sealSecret(secret, 'pw', { iterations: 1000 })).rejects.toThrow(VaultFormatError);
      await expect(sealSecret(secret, '')).rejects.toThrow('the passphrase is empty');
    });

    it('KeyVault keeps the sealed key in a store: absent, saved, unlocked, refused', async () => {
      const store = new MemoryStore();
      const vault = new KeyVault(store);
      expect(await vault.exists()).toBe(false);
      expect(await vault.unlock('pw')).toBeNull();
      await vault.save(secret, 'pw', fast);
      expect(await vault.exists()).toBe(true);
      expect((await store.getKey('staking'))!.length).toBe(AT.ciphertext + 32 + 16);
      expect(await vault.unlock('pw')).toEqual(secret);
      expect(await failure(vault.unlock('wrong'))).toBeInstanceOf(WrongPassphraseError);
    });
  });
}
