// Signature worker (worker_threads, started with the tsx loader) for src/l1/native-signatures.ts:
// receives a batch of SignatureChecks, answers one reason (or null) per check. Native blst when it
// loads, else the protocol's noble code.
import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
import { domainMessage } from '../src/protocol/index.js';
import { nobleCheck, type SignatureCheck } from '../src/l1/signatures.js';

if (!parentPort) throw new Error('bls.node-worker must run inside worker_threads');
const port = parentPort;

type Blst = typeof import('@chainsafe/blst');

function loadBlst(): Blst | null {
  if ((workerData as { prefer?: string } | undefined)?.prefer === 'noble') return null;
  try {
    return createRequire(import.meta.url)('@chainsafe/blst') as Blst;
  } catch {
    return null;
  }
}

const blst = loadBlst();

/** Validated keys by hex: a key's validity never changes, and committees and signers recur. */
const validatedKeys = new Map<string, InstanceType<Blst['PublicKey']>>();
const MAX_CACHED_KEYS = 4096;

function validatedKey(b: Blst, bytes: Uint8Array): InstanceType<Blst['PublicKey']> {
  const id = Buffer.from(bytes).toString('hex');
  let pk = validatedKeys.get(id);
  if (!pk) {
    // Validated: on the curve, in the subgroup, not the identity. Throws otherwise (not cached).
    pk = b.PublicKey.fromBytes(bytes, true);
    if (validatedKeys.size >= MAX_CACHED_KEYS) validatedKeys.clear();
    validatedKeys.set(id, pk);
  }
  return pk;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function verifyWithBlst(b: Blst, checks: readonly SignatureCheck[]): Array<string | null> {
  const reasons: Array<string | null> = checks.map(() => null);
  const sets: Array<{
    msg: Uint8Array;
    pk: InstanceType<Blst['PublicKey']>;
    sig: InstanceType<Blst['Signature']>;
    at: number;
    domain: string;
  }> = [];
  checks.forEach((check, at) => {
    // Possession proofs are hashed under their own tag, which the binding does not take.
    if (check.kind === 'possession') {
      reasons[at] = nobleCheck(check);
      return;
    }
    let pk: InstanceType<Blst['PublicKey']>;
    try {
      const keys = check.publicKeys.map((k) => validatedKey(b, k));
      pk = keys.length === 1 ? keys[0]! : b.aggregatePublicKeys(keys, false);
    } catch (e) {
      reasons[at] = `public key is not a valid G1 point: ${message(e)}`;
      return;
    }
    let sig: InstanceType<Blst['Signature']>;
    try {
      sig = b.Signature.fromBytes(check.signature, true, true);
    } catch (e) {
      reasons[at] = `signature is not a valid G2 point: ${message(e)}`;
      return;
    }
    sets.push({ msg: domainMessage(check.domain, check.payload), pk, sig, at, domain: check.domain });
  });
  if (sets.length === 0) return reasons;
  // One randomised multi-pairing for the batch; only if it fails, one check each to find which.
  const allGood =
    sets.length === 1 ? b.verify(sets[0]!.msg, sets[0]!.pk, sets[0]!.sig) : b.verifyMultipleAggregateSignatures(sets);
  if (!allGood) {
    for (const s of sets) {
      if (!b.verify(s.msg, s.pk, s.sig))
        reasons[s.at] = `signature does not verify for domain "${s.domain}" under this public key`;
    }
  }
  return reasons;
}

port.on('message', (checks: SignatureCheck[]) => {
  port.postMessage(blst ? verifyWithBlst(blst, checks) : checks.map(nobleCheck));
});
port.postMessage({ ready: blst ? 'blst' : 'noble' });
