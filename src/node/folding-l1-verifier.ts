// The folding verifier of src/proof plugged into the L1's BlockVerifier hook (src/l1/verifier.ts):
// the wiring lives here, above both, so neither layer imports the other. The L1 has already
// checked, when the block was posted, that the header's start state is the head's end state, so
// that start state is the previous end state here.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { loadKernel } from '../kernel/index.js';
import type { Kernel } from '../kernel/types.js';
import type {
  BlockCommitmentView,
  BlockVerdict,
  BlockVerifier,
  CommittedBlock,
  ResultCheck,
} from '../proof/verifier-interface.js';
import { equalBytes } from '../protocol/bytes.js';
import type { ResultEnvelope } from '../protocol/index.js';
import { ProofEncodingError, ProofRejectedError, ShapeMismatchError } from '../proof/errors.js';
import { createFoldingBlockVerifier, type FoldingVerifierOptions } from '../proof/folding-verifier.js';
import { decodeLeafProof, decodeMergePayload, encodeInstance } from '../proof/messages.js';
import { checkLeafProof, checkMergeProof } from '../proof/node-checks.js';
import type { RelaxedInstance } from '../proof/relaxed.js';
import { baseRollupStatement, blockConstantsHash } from '../proof/rollup-statement.js';
import { BASE_ROLLUP_SHAPE, preparedShape } from '../proof/shape-catalog.js';

/** The identity of a node's instance, as pins and merge children name it. */
export const instanceDigest = (U: RelaxedInstance): string => bytesToHex(sha256(encodeInstance(U)));

export class FoldingL1Verifier implements BlockVerifier {
  private readonly inner: BlockVerifier<CommittedBlock>;
  private kernel: Promise<Kernel> | undefined;

  constructor(private readonly options: FoldingVerifierOptions = {}) {
    this.inner = createFoldingBlockVerifier(options);
    if (options.kernel) this.kernel = Promise.resolve(options.kernel);
  }

  /** The folding verifier's verdict as is (the L1 checked the start state when the block was posted). */
  verify(block: BlockCommitmentView, proofBytes: Uint8Array): Promise<BlockVerdict> {
    return this.inner.verify(block, proofBytes);
  }

  /**
   * One revealed result, fully: a leaf must name the revealer's key and this block's constants
   * and satisfy the relation (decider on its witness); a merge must be folded under the
   * revealer's key, its instance must be the fold of the children instances it names under its
   * own Com(T), and the decider must accept it. A leaf's chaining with its neighbours is not
   * visible here, which is why the final proof is compared on prover keys only (no instances are
   * reported by verify): docs/protocol.md.
   */
  async checkResult(block: BlockCommitmentView, result: ResultEnvelope, data: Uint8Array): Promise<ResultCheck> {
    this.kernel ??= loadKernel();
    const kernel = await this.kernel;
    const prepared = preparedShape(kernel, this.options.shape ?? BASE_ROLLUP_SHAPE);
    try {
      if (result.node.level === 0) {
        const p = decodeLeafProof(data);
        if (p.instance.x.length !== baseRollupStatement.numPublic)
          return { valid: false, reason: 'the leaf is not a base-rollup statement' };
        if (!baseRollupStatement.namesProver(p.instance.x, result.prover))
          return { valid: false, reason: "the leaf's prover key hash is not the revealer's key" };
        if (baseRollupStatement.constants(p.instance.x)[0] !== blockConstantsHash(block.header, block.transcriptRoot))
          return { valid: false, reason: 'the leaf is proven for another block commitment' };
        return { valid: true, instance: instanceDigest(checkLeafProof(kernel, prepared, p)) };
      }
      const { left, right, proof } = decodeMergePayload(data);
      if (!equalBytes(proof.mergerKey, result.prover))
        return { valid: false, reason: "the merge is folded under another key than the revealer's" };
      const U = checkMergeProof(kernel, prepared, left, right, proof);
      return { valid: true, instance: instanceDigest(U), children: [instanceDigest(left), instanceDigest(right)] };
    } catch (e) {
      if (e instanceof ProofRejectedError || e instanceof ProofEncodingError || e instanceof ShapeMismatchError)
        return { valid: false, reason: e.message };
      throw e;
    }
  }
}
