// The state-changing methods of the L1 API: for each, the schema of its params, the checks that
// need cryptography (done once, before the command is logged) and the command it becomes.
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { sha256 } from '@noble/hashes/sha2.js';
import {
  SIGNATURE_BYTES,
  SIGNED_COMMITMENT_BYTES,
  SIGNED_RESULT_BYTES,
  ResultRefusedError,
  assertProofData,
  assertResult,
  assertResultCommitment,
  assertSignOff,
  assertTransitionSignOff,
  decodeResult,
  decodeResultCommitment,
  decodeSignOff,
  verifyKeyPossession,
  type SignedResult,
} from '../protocol/index.js';
import type { SignedCommand } from './commands.js';
import { AuthorisationError, ProofRejectedError, StateRuleError } from './errors.js';
import { toHex } from './hex.js';
import { decimal, hexBytes, integer, object, optional, type Validator } from './schema.js';
import { verifiedOutcomeToJson, type L1State, type PendingBlock } from './state.js';
import type { BlockCommitmentView, BlockVerifier } from './verifier.js';

/**
 * Largest final proof the L1 accepts. Stage 1 reads every leaf instance and the root witness
 * (about 3.7 MB at the default depths), so this leaves room for larger trees.
 */
export const MAX_PROOF_BYTES = 16 * 1024 * 1024;
const MAX_SIGN_OFF_BYTES = 4 + (1 << 21) + SIGNATURE_BYTES;

export interface MethodContext {
  readonly state: L1State;
  readonly verifier: BlockVerifier;
  /** Account (protocol hex) of the signer. */
  readonly account: string;
  readonly nonce: number;
}

export interface SignedMethod<P> {
  readonly params: Validator<P>;
  /** Slow checks that do not need the command queue (proof verification). */
  prepare?(ctx: MethodContext, params: P): Promise<unknown>;
  /** Runs inside the command queue against the current state; returns the command to apply. */
  build(ctx: MethodContext, params: P, prepared: unknown): SignedCommand;
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
    build({ account, nonce }, p) {
      // Aggregated sign-offs are only sound if every key proved possession of its secret.
      if (!verifyKeyPossession(hexToBytes(account), p.possessionProof))
        throw new AuthorisationError('proof of possession does not verify for this key');
      return { type: 'register', account, nonce, stake: p.stake.toString() };
    },
  }),

  l1_exit: method({
    params: object({}),
    build: ({ account, nonce }) => ({ type: 'exit', account, nonce }),
  }),

  l1_postBlock: method({
    params: object({ header: hexBytes({ maxBytes: 1024 }), transcriptRoot: hexBytes({ bytes: 32 }) }),
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
    build({ state, account, nonce }, p) {
      const block = state.openBlock(p.blockNumber);
      const { committeeSize, signOff } = decodeSignOff(p.signOff);
      if (committeeSize !== block.committee.length)
        throw new StateRuleError(
          `sign-off names a committee of ${committeeSize}; the block has ${block.committee.length}`,
        );
      assertSignOff({
        committee: committeeKeys(block),
        threshold: block.header.signOffThreshold,
        blockCommitment: block.commitment,
        signOff,
      });
      return { type: 'signOff', account, nonce, blockNumber: p.blockNumber, signOff: toHex(p.signOff) };
    },
  }),

  l1_commitResult: method({
    params: object({ commitment: hexBytes({ bytes: SIGNED_COMMITMENT_BYTES }) }),
    build({ account, nonce }, p) {
      assertResultCommitment(decodeResultCommitment(p.commitment));
      return { type: 'commitResult', account, nonce, commitment: toHex(p.commitment) };
    },
  }),

  l1_revealResult: method({
    params: object({
      result: hexBytes({ bytes: SIGNED_RESULT_BYTES }),
      proofData: hexBytes({ maxBytes: MAX_PROOF_BYTES }),
    }),
    // Cheap refusals first (who may reveal this node), then the signature, then the data.
    async prepare({ state, verifier, account }, p): Promise<PreparedReveal> {
      const r = decodeResult(p.result);
      const block = revealTarget(state, r);
      block.book.assertAllowed('result', r.node, account);
      assertResult(r, block.header.treeHeight);
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
    build({ state, account, nonce }, p, prepared) {
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
    async prepare({ state, verifier }, p): Promise<PreparedProof> {
      const block = state.assertReadyForProof(p.blockNumber);
      const outcome = await verifier.verify(commitmentView(block), p.proof);
      if (!outcome.valid)
        throw new ProofRejectedError(`final proof for block ${p.blockNumber} rejected: ${outcome.reason}`);
      return { commitment: bytesToHex(block.commitment), digest: toHex(sha256(p.proof)), outcome };
    },
    build({ state, account, nonce }, p, prepared) {
      const { commitment, digest, outcome } = prepared as PreparedProof;
      const block = state.assertReadyForProof(p.blockNumber);
      // The block may have closed (or been replaced) while the proof was being verified.
      if (bytesToHex(block.commitment) !== commitment)
        throw new StateRuleError(`block ${p.blockNumber} changed while its proof was being verified`);
      if (state.params.trainingWheel) {
        if (!p.transitionSignOff) throw new StateRuleError('the training wheel is on: transitionSignOff is required');
        const { signOff } = decodeSignOff(p.transitionSignOff);
        assertTransitionSignOff({
          committee: committeeKeys(block),
          threshold: block.header.signOffThreshold,
          start: block.header.startState,
          end: outcome.endState,
          blockCommitment: block.commitment,
          signOff,
        });
      }
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
    build: ({ account, nonce }) => ({ type: 'claim', account, nonce }),
  }),
  // biome-ignore lint/suspicious/noExplicitAny: each method has its own params type; the map only checks the shape
} satisfies Record<string, SignedMethod<any>>;

export type SignedMethodName = keyof typeof SIGNED_METHODS;

export function isSignedMethod(name: string): name is SignedMethodName {
  return Object.hasOwn(SIGNED_METHODS, name);
}
