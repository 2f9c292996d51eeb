// The stage-1 BlockVerifier: decode the block proof, check the header's start state against the
// previous block's end, then verifyBlockProof on the base-rollup circuit.
import { loadKernel } from '../kernel/index.js';
import type { Kernel } from '../kernel/types.js';
import { verifyBlockProof } from './block-verifier.js';
import { ProofEncodingError, ProofRejectedError } from './errors.js';
import { decodeBlockProof } from './messages.js';
import { verifyBlockProofParallel, type AsyncCommit } from './parallel.js';
import { baseRollupContext, baseRollupStatement, readChainedState } from './rollup-statement.js';
import { BASE_ROLLUP_SHAPE, preparedShape } from './shape-catalog.js';
import type { BlockVerdict, BlockVerifier, CommittedBlock, RefusalCode } from './verifier-interface.js';

/** Largest proof accepted (the root witness dominates: about 3.7 MB at the default depths). */
export const MAX_BLOCK_PROOF_BYTES = 64 * 1024 * 1024;

export interface FoldingVerifierOptions {
  kernel?: Kernel;
  /** Shape name in the catalogue [base-rollup at the default parameters]. */
  shape?: string;
  /** Where the decider's two MSMs run (e.g. poolCommitter(pool)) [the kernel, on this thread]. */
  commit?: AsyncCommit;
}

/** A refusal whose message carries its code (a ProofRejectedError's message already does). */
const refused = (code: RefusalCode, message: string): BlockVerdict => ({
  valid: false,
  code,
  reason: `${code}: ${message}`,
});

export function createFoldingBlockVerifier(options: FoldingVerifierOptions = {}): BlockVerifier<CommittedBlock> {
  let kernel: Promise<Kernel> | undefined = options.kernel ? Promise.resolve(options.kernel) : undefined;
  const shape = options.shape ?? BASE_ROLLUP_SHAPE;
  return {
    async verify(commitment: CommittedBlock, proofBytes: Uint8Array): Promise<BlockVerdict> {
      if (!(proofBytes instanceof Uint8Array)) return refused('encoding', 'proof must be bytes');
      if (proofBytes.length > MAX_BLOCK_PROOF_BYTES) {
        return refused('oversized', `proof of ${proofBytes.length} bytes exceeds ${MAX_BLOCK_PROOF_BYTES}`);
      }
      const { header, previousEndState: prev = header.startState } = commitment;
      const s = header.startState;
      if (
        s.noteRoot !== prev.noteRoot ||
        s.noteNextIndex !== prev.noteNextIndex ||
        s.nullifierRoot !== prev.nullifierRoot ||
        s.nullifierNextIndex !== prev.nullifierNextIndex
      ) {
        return refused('start-state', "the header's start state is not the previous block's end state");
      }
      try {
        const proof = decodeBlockProof(proofBytes);
        kernel ??= loadKernel();
        const k = await kernel;
        const prepared = preparedShape(k, shape);
        const context = baseRollupContext(header, commitment.transcriptRoot);
        const verified = options.commit
          ? await verifyBlockProofParallel(k, prepared, baseRollupStatement, context, proof, options.commit)
          : verifyBlockProof(k, prepared, baseRollupStatement, context, proof);
        const { snapshot, totalFee } = readChainedState(verified.endState);
        return { valid: true, endState: snapshot, totalFee, provedNodes: verified.provedNodes };
      } catch (e) {
        if (e instanceof ProofEncodingError) return refused('encoding', e.message);
        if (e instanceof ProofRejectedError) return { valid: false, code: e.reason, reason: e.message };
        throw e;
      }
    },
  };
}
