// The signature checks a call needs, described as data so one verifier can check many calls' at
// once: on the Node L1 a batched native (blst) verifier off the event loop (blst-verifier.ts), in
// the browser and as the fallback the protocol's own @noble/curves code, in this thread.
// Browser-safe: no Node imports.
import {
  assertAggregateSignature,
  assertSignature,
  verifyKeyPossession,
  KeyEncodingError,
  SignatureError,
  type SigningDomain,
} from '../protocol/index.js';

export type SignatureCheck =
  | {
      readonly kind: 'signature';
      /** One key, or several for a same-message aggregate (keys with proven possession only). */
      readonly publicKeys: readonly Uint8Array[];
      readonly domain: SigningDomain;
      readonly payload: Uint8Array;
      readonly signature: Uint8Array;
    }
  | {
      /** A proof of possession: the key's signature over itself under the possession tag. */
      readonly kind: 'possession';
      readonly publicKey: Uint8Array;
      readonly proof: Uint8Array;
    };

export interface SignatureVerifier {
  /** Which implementation checks ('noble', 'blst', 'blst-worker'...): shown in benchmarks and logs. */
  readonly impl: string;
  /** For each check, null when it verifies, else the reason it does not. Never throws for bad input. */
  verifyAll(checks: readonly SignatureCheck[]): Promise<Array<string | null>>;
  close(): Promise<void>;
}

/** One check with the protocol's noble code: null, or the reason it fails. */
export function nobleCheck(check: SignatureCheck): string | null {
  try {
    if (check.kind === 'possession')
      return verifyKeyPossession(check.publicKey, check.proof) ? null : 'proof of possession does not verify';
    if (check.publicKeys.length === 1)
      assertSignature(check.publicKeys[0]!, check.domain, check.payload, check.signature);
    else assertAggregateSignature(check.publicKeys, check.domain, check.payload, check.signature);
    return null;
  } catch (e) {
    if (e instanceof SignatureError || e instanceof KeyEncodingError) return e.message;
    throw e;
  }
}

/** The browser's verifier and the fallback: @noble/curves in the calling thread. */
export class NobleSignatureVerifier implements SignatureVerifier {
  readonly impl = 'noble';
  async verifyAll(checks: readonly SignatureCheck[]): Promise<Array<string | null>> {
    return checks.map(nobleCheck);
  }
  async close(): Promise<void> {}
}
