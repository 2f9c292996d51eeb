// The state-changing methods of the L1 API: for each, the schema of its params, its body cap, the
// cheap state checks and the signature checks it needs (done once, before the command is logged,
// cheapest first), and the command it becomes.
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { sha256 } from '@noble/hashes/sha2.js';
import {
  MessageError,
  SIGNATURE_BYTES,
  SIGNED_COMMITMENT_BYTES,
  SIGNED_RESULT_BYTES,
  ResultRefusedError,
  SignatureError,
  assertProofData,
  decodeResult,
  decodeResultCommitment,
  decodeSignOff,
  transitionPayload,
  type SignedResult,
} from '../protocol/index.js';
import type { SignedCommand } from './commands.js';
import { AuthorisationError, ProofRejectedError, StateRuleError } from './errors.js';
import { toHex } from './hex.js';
import { decimal, hexBytes, integer, object, optional, type Validator } from './schema.js';
import { verifiedOutcomeToJson, type L1State, type PendingBlock } from './state.js';
import type { SignatureCheck, SignatureVerifier } from './signatures.js';
import type { BlockCommitmentView, BlockVerifier } from './verifier.js';

/**
 * Largest final proof the L1 accepts. Stage 1 reads every leaf instance and the root witness
 * (about 3.7 MB at the default depths), so this leaves room for larger trees.
 */
export const MAX_PROOF_BYTES = 16 * 1024 * 1024;
/**
 * Largest committee a sign-off may name on this L1 (a bitfield of 8 KiB). Far above any committee
 * the devnet elects; it bounds what a sign-off costs to read.
 */
export const MAX_SIGN_OFF_COMMITTEE = 1 << 16;
const MAX_SIGN_OFF_BYTES = 4 + MAX_SIGN_OFF_COMMITTEE / 8 + SIGNATURE_BYTES;

/** Request body cap (bytes) for every method without its own: room for the envelope and small params. */
export const SMALL_BODY_BYTES = 16 * 1024;

export interface MethodContext {
  readonly state: L1State;
  readonly verifier: BlockVerifier;
  readonly signatures: SignatureVerifier;
  /** Account (protocol hex) of the signer. */
  readonly account: string;
  readonly nonce: number;
}

/** A signature check a call needs, and the error its failure becomes. */
export interface SignatureDemand {
  readonly check: SignatureCheck;
  fail(reason: string): Error;
}

export interface Checked {
  /** Checked together with the call's own signature, in one batch. */
  readonly signatures?: readonly SignatureDemand[];
  /** Handed to build (e.g. the block commitment a sign-off was checked against). */
  readonly memo?: unknown;
}

export interface SignedMethod<P> {
  readonly params: Validator<P>;
  /** Largest request body the HTTP layer reads for this method (checked while streaming). */
  readonly maxBodyBytes: number;
  /**
   * Cheap checks against the current state, before any cryptography (apply checks again), and
   * the signatures the call needs besides its own.
   */
  check?(ctx: MethodContext, params: P): Checked;
  /** Slow work that does not need the command queue (proof verification). */
  prepare?(ctx: MethodContext, params: P): Promise<unknown>;
  /** Runs in command order against the current state; returns the command to apply. */
  build(ctx: MethodContext, params: P, extra: { memo: unknown; prepared: unknown }): SignedCommand;
}

function committeeKeys(p: PendingBlock): Uint8Array[] {
  return p.committee.map((a) => hexToBytes(a));
}

export function commitmentView(p: PendingBlock): BlockCommitmentView {
  return {
    number: p.number,
    header: p.header,
    transcriptRoot: p.transcriptRoot,
    commitment: p.commitment,
    sequencer: p.sequencer,
    committee: p.committee,
  };
}

function method<P>(m: SignedMethod<P>): SignedMethod<P> {
  return m;
}

/**
 * Reads a sign-off's declared committee size (its first 4 bytes) and compares it with the
 * block's, and the length with what that size implies, before anything else is decoded.
 */
function assertSignOffShape(bytes: Uint8Array, committeeSize: number, what: string): void {
  if (bytes.length < 4) throw new MessageError(`${what}: ${bytes.length} bytes is too short`);
  const declared = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0);
  if (declared !== committeeSize)
    throw new StateRuleError(`${what} names a committee of ${declared}; the block has ${committeeSize}`);
  const expected = 4 + Math.ceil(committeeSize / 8) + SIGNATURE_BYTES;
  if (bytes.length !== expected)
    throw new MessageError(`${what}: ${bytes.length} bytes, expected ${expected} for a committee of ${committeeSize}`);
}

/** The aggregate check of an M-of-N sign-off by this committee, after its threshold. */
function signOffDemand(
  bytes: Uint8Array,
  committee: readonly Uint8Array[],
  threshold: number,
  domain: 'sign-off' | 'transition',
  payload: Uint8Array,
): SignatureDemand {
  const { signOff } = decodeSignOff(bytes);
  if (signOff.signers.length < threshold)
    throw new SignatureError(
      `only ${signOff.signers.length} of ${committee.length} committee members signed; ${threshold} required`,
    );
  return {
    check: {
      kind: 'signature',
      publicKeys: signOff.signers.map((r) => committee[r]!),
      domain,
      payload,
      signature: signOff.aggregateSignature,
    },
    fail: (reason) => new SignatureError(reason),
  };
}

interface PreparedReveal {
  commitment: string;
  instance: string;
  children?: [string, string];
}

function revealTarget(state: L1State, r: SignedResult): PendingBlock {
  const block = state.pending;
  if (!block || bytesToHex(block.commitment) !== bytesToHex(r.blockCommitment))
    throw new StateRuleError('the message is for a block commitment that is not open');
  return block;
}

interface PreparedProof {
  commitment: string;
  digest: string;
  outcome: Extract<Awaited<ReturnType<BlockVerifier['verify']>>, { valid: true }>;
}

export const SIGNED_METHODS = {
  l1_register: method({
    params: object({ stake: decimal({ min: 1n }), possessionProof: hexBytes({ bytes: SIGNATURE_BYTES }) }),
    maxBodyBytes: SMALL_BODY_BYTES,
    check({ state, account }, p) {
      state.assertRegistrable(account, p.stake);
      // Aggregated sign-offs are only sound if every key proved possession of its secret.
      return {
        signatures: [
          {
            check: { kind: 'possession', publicKey: hexToBytes(account), proof: p.possessionProof },
            fail: () => new AuthorisationError('proof of possession does not verify for this key'),
          },
        ],
      };
    },
    build: ({ account, nonce }, p) => ({ type: 'register', account, nonce, stake: p.stake.toString() }),
  }),

  l1_exit: method({
    params: object({}),
    maxBodyBytes: SMALL_BODY_BYTES,
    build: ({ account, nonce }) => ({ type: 'exit', account, nonce }),
  }),

  l1_postBlock: method({
    params: object({ header: hexBytes({ maxBytes: 1024 }), transcriptRoot: hexBytes({ bytes: 32 }) }),
    maxBodyBytes: SMALL_BODY_BYTES,
    build: ({ account, nonce }, p) => ({
      type: 'postBlock',
      account,
      nonce,
      header: toHex(p.header),
      transcriptRoot: toHex(p.transcriptRoot),
    }),
  }),

  l1_signOff: method({
    params: object({ blockNumber: integer({ min: 1 }), signOff: hexBytes({ maxBytes: MAX_SIGN_OFF_BYTES }) }),
    maxBodyBytes: SMALL_BODY_BYTES + 2 * MAX_SIGN_OFF_BYTES,
    check({ state }, p) {
      const block = state.openBlock(p.blockNumber);
      assertSignOffShape(p.signOff, block.committee.length, 'sign-off');
      return {
        signatures: [
          signOffDemand(p.signOff, committeeKeys(block), block.header.signOffThreshold, 'sign-off', block.commitment),
        ],
        memo: bytesToHex(block.commitment),
      };
    },
    build({ state, account, nonce }, p, { memo }) {
      // The block may have closed (or been replaced) while the signatures were being checked.
      if (bytesToHex(state.openBlock(p.blockNumber).commitment) !== memo)
        throw new StateRuleError(`block ${p.blockNumber} changed while its sign-off was being checked`);
      return { type: 'signOff', account, nonce, blockNumber: p.blockNumber, signOff: toHex(p.signOff) };
    },
  }),

  l1_commitResult: method({
    params: object({ commitment: hexBytes({ bytes: SIGNED_COMMITMENT_BYTES }) }),
    maxBodyBytes: SMALL_BODY_BYTES,
    check(_ctx, p) {
      const c = decodeResultCommitment(p.commitment);
      // The wire form is body ‖ signature, and decoding is exact, so the signed body is the prefix.
      return {
        signatures: [
          {
            check: {
              kind: 'signature',
              publicKeys: [c.prover],
              domain: 'result-commitment',
              payload: p.commitment.subarray(0, p.commitment.length - SIGNATURE_BYTES),
              signature: c.signature,
            },
            fail: (reason) => new SignatureError(reason),
          },
        ],
      };
    },
    build: ({ account, nonce }, p) => ({ type: 'commitResult', account, nonce, commitment: toHex(p.commitment) }),
  }),

  l1_revealResult: method({
    params: object({
      result: hexBytes({ bytes: SIGNED_RESULT_BYTES }),
      proofData: hexBytes({ maxBytes: MAX_PROOF_BYTES }),
    }),
    maxBodyBytes: SMALL_BODY_BYTES + 2 * MAX_PROOF_BYTES,
    // Cheap refusals first (who may reveal this node), then the signature, then the data.
    check({ state, account }, p) {
      const r = decodeResult(p.result);
      const block = revealTarget(state, r);
      block.book.assertAllowed('result', r.node, account);
      return {
        signatures: [
          {
            // The wire form is body ‖ signature, and decoding is exact, so the signed body is the prefix.
            check: {
              kind: 'signature',
              publicKeys: [r.prover],
              domain: 'result',
              payload: p.result.subarray(0, p.result.length - SIGNATURE_BYTES),
              signature: r.signature,
            },
            fail: (reason) => new SignatureError(reason),
          },
        ],
      };
    },
    async prepare({ state, verifier }, p): Promise<PreparedReveal> {
      const r = decodeResult(p.result);
      const block = revealTarget(state, r);
      assertProofData(r, p.proofData);
      if (!verifier.checkResult)
        return { commitment: bytesToHex(block.commitment), instance: bytesToHex(r.proofDigest) };
      const check = await verifier.checkResult(commitmentView(block), r, p.proofData);
      if (!check.valid)
        throw new ResultRefusedError(
          `result for node (${r.node.level}, ${r.node.index}) refused: its data does not check out: ${check.reason}`,
        );
      return {
        commitment: bytesToHex(block.commitment),
        instance: check.instance,
        children: check.children ? [check.children[0], check.children[1]] : undefined,
      };
    },
    build({ state, account, nonce }, p, { prepared }) {
      const { commitment, instance, children } = prepared as PreparedReveal;
      if (state.pending === null || bytesToHex(state.pending.commitment) !== commitment)
        throw new StateRuleError('the block this result is for closed while its data was being checked');
      return {
        type: 'revealResult',
        account,
        nonce,
        result: toHex(p.result),
        instance,
        ...(children ? { children } : {}),
      };
    },
  }),

  l1_submitProof: method({
    params: object({
      blockNumber: integer({ min: 1 }),
      proof: hexBytes({ maxBytes: MAX_PROOF_BYTES }),
      transitionSignOff: optional(hexBytes({ maxBytes: MAX_SIGN_OFF_BYTES })),
    }),
    maxBodyBytes: SMALL_BODY_BYTES + 2 * MAX_PROOF_BYTES + 2 * MAX_SIGN_OFF_BYTES,
    check({ state }, p) {
      const block = state.assertReadyForProof(p.blockNumber);
      if (state.params.trainingWheel) {
        if (!p.transitionSignOff) throw new StateRuleError('the training wheel is on: transitionSignOff is required');
        assertSignOffShape(p.transitionSignOff, block.committee.length, 'transition sign-off');
      }
      return {};
    },
    async prepare({ state, verifier, signatures }, p): Promise<PreparedProof> {
      const block = state.assertReadyForProof(p.blockNumber);
      const outcome = await verifier.verify(commitmentView(block), p.proof);
      if (!outcome.valid) throw new ProofRejectedError('verifier', outcome.reason, { block: p.blockNumber });
      if (state.params.trainingWheel) {
        // Only the verified end state completes the transition sign-off's message.
        const demand = signOffDemand(
          p.transitionSignOff!,
          committeeKeys(block),
          block.header.signOffThreshold,
          'transition',
          transitionPayload(block.header.startState, outcome.endState, block.commitment),
        );
        const [reason] = await signatures.verifyAll([demand.check]);
        if (reason) throw demand.fail(reason);
      }
      return { commitment: bytesToHex(block.commitment), digest: toHex(sha256(p.proof)), outcome };
    },
    build({ state, account, nonce }, p, extra) {
      const { commitment, digest, outcome } = extra.prepared as PreparedProof;
      const block = state.assertReadyForProof(p.blockNumber);
      // The block may have closed (or been replaced) while the proof was being verified.
      if (bytesToHex(block.commitment) !== commitment)
        throw new StateRuleError(`block ${p.blockNumber} changed while its proof was being verified`);
      return {
        type: 'submitProof',
        account,
        nonce,
        blockNumber: p.blockNumber,
        proofDigest: digest,
        outcome: verifiedOutcomeToJson(outcome),
        transitionSignOff: p.transitionSignOff ? toHex(p.transitionSignOff) : undefined,
      };
    },
  }),

  l1_claim: method({
    params: object({}),
    maxBodyBytes: SMALL_BODY_BYTES,
    build: ({ account, nonce }) => ({ type: 'claim', account, nonce }),
  }),
  // biome-ignore lint/suspicious/noExplicitAny: each method has its own params type; the map only checks the shape
} satisfies Record<string, SignedMethod<any>>;

export type SignedMethodName = keyof typeof SIGNED_METHODS;

export function isSignedMethod(name: string): name is SignedMethodName {
  return Object.hasOwn(SIGNED_METHODS, name);
}
