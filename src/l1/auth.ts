// Authorisation of state-changing L1 calls. The signer's staking key signs (domain "l1-call")
// the canonical JSON of { chainId, method, nonce, params, signer }: the chain id stops replays on
// another chain, the method name stops a signature for one call being used for another, and the
// nonce (the account's next sequence number) stops replays on this chain. Browser-safe: no Node
// imports.
import { sign, stakingKeyFromSecret } from '../protocol/index.js';
import { canonicalJson } from './canonical.js';
import { AuthorisationError } from './errors.js';
import { fromHex, toHex } from './hex.js';
import type { SignatureCheck } from './signatures.js';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export interface SignedCall {
  /** Public key of the signer, 0x-hex (48 bytes). */
  readonly signer: string;
  readonly nonce: number;
  readonly params: { readonly [key: string]: JsonValue };
  /** BLS signature, 0x-hex (96 bytes). */
  readonly signature: string;
}

export function callMessage(
  chainId: number,
  method: string,
  signer: string,
  nonce: number,
  params: SignedCall['params'],
): Uint8Array {
  return new TextEncoder().encode(canonicalJson({ chainId, method, nonce, params, signer }));
}

export function signCall(
  secretKey: Uint8Array,
  chainId: number,
  method: string,
  nonce: number,
  params: SignedCall['params'],
): SignedCall {
  const signer = toHex(stakingKeyFromSecret(secretKey).publicKey);
  const signature = toHex(sign(secretKey, 'l1-call', callMessage(chainId, method, signer, nonce, params)));
  return { signer, nonce, params, signature };
}

/** The check of a call's own signature (the signer's key, domain "l1-call", the call message). */
export function callSignatureCheck(chainId: number, method: string, call: SignedCall): SignatureCheck {
  return {
    kind: 'signature',
    publicKeys: [fromHex(call.signer)],
    domain: 'l1-call',
    payload: callMessage(chainId, method, call.signer, call.nonce, call.params),
    signature: fromHex(call.signature),
  };
}

/** The error a failed call signature becomes. */
export function callSignatureRejected(reason: string): AuthorisationError {
  return new AuthorisationError(`call signature rejected: ${reason}`);
}
