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
import { decideBatch, type DecidePair } from '../proof/decider.js';
import { checkMergeFold } from '../proof/node-checks.js';
import { leafAsRelaxed, leafWitnessAsRelaxed, type RelaxedInstance } from '../proof/relaxed.js';
import { baseRollupStatement, blockConstantsHash } from '../proof/rollup-statement.js';
import { BASE_ROLLUP_SHAPE, preparedShape } from '../proof/shape-catalog.js';

/** The identity of a node's instance, as pins and merge children name it. */
export const instanceDigest = (U: RelaxedInstance): string => bytesToHex(sha256(encodeInstance(U)));

export interface FoldingL1VerifierOptions extends FoldingVerifierOptions {
  /**
   * How long a result check waits for others to decide with it [10 ms]: results revealed at
   * about the same time (a level's leaves) share their commitment openings (decideBatch).
   */
  batchWindowMs?: number;
  /** Called after each batch of result checks with its size (the devnet's timeline). */
  onBatch?: (results: number) => void;
}

interface WaitingCheck {
  pair: DecidePair;
  resolve: (error: Error | null) => void;
  reject: (error: unknown) => void;
}

export class FoldingL1Verifier implements BlockVerifier {
  private readonly inner: BlockVerifier<CommittedBlock>;
  private kernel: Promise<Kernel> | undefined;
  private waiting: WaitingCheck[] = [];
  private draining = false;

  constructor(private readonly options: FoldingL1VerifierOptions = {}) {
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
   * reported by verify): docs/protocol.md. The deciders of results checked at about the same
   * time run together (decideBatch): same verdicts and reasons, one commitment per kind.
   */
  async checkResult(block: BlockCommitmentView, result: ResultEnvelope, data: Uint8Array): Promise<ResultCheck> {
    this.kernel ??= loadKernel();
    const kernel = await this.kernel;
    const prepared = preparedShape(kernel, this.options.shape ?? BASE_ROLLUP_SHAPE);
    let pair: DecidePair;
    let accepted: ResultCheck;
    try {
      if (result.node.level === 0) {
        const p = decodeLeafProof(data);
        if (p.instance.x.length !== baseRollupStatement.numPublic)
          return { valid: false, reason: 'the leaf is not a base-rollup statement' };
        if (!baseRollupStatement.namesProver(p.instance.x, result.prover))
          return { valid: false, reason: "the leaf's prover key hash is not the revealer's key" };
        if (baseRollupStatement.constants(p.instance.x)[0] !== blockConstantsHash(block.header, block.transcriptRoot))
          return { valid: false, reason: 'the leaf is proven for another block commitment' };
        const U = leafAsRelaxed(p.instance);
        pair = { U, w: leafWitnessAsRelaxed(prepared, p.W) };
        accepted = { valid: true, instance: instanceDigest(U) };
      } else {
        const { left, right, proof } = decodeMergePayload(data);
        if (!equalBytes(proof.mergerKey, result.prover))
          return { valid: false, reason: "the merge is folded under another key than the revealer's" };
        const U = checkMergeFold(kernel, prepared, left, right, proof);
        pair = { U, w: proof.witness };
        accepted = {
          valid: true,
          instance: instanceDigest(U),
          children: [instanceDigest(left), instanceDigest(right)],
        };
      }
    } catch (e) {
      if (isRefusal(e)) return { valid: false, reason: (e as Error).message };
      throw e;
    }
    const refused = await this.decideWithOthers(pair);
    return refused ? { valid: false, reason: refused.message } : accepted;
  }

  /** Queues a decider run; the first waiting check starts a batch after the window. */
  private decideWithOthers(pair: DecidePair): Promise<Error | null> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ pair, resolve, reject });
      if (!this.draining) {
        this.draining = true;
        setTimeout(() => void this.drain(), this.options.batchWindowMs ?? 10);
      }
    });
  }

  private async drain(): Promise<void> {
    const batch = this.waiting.splice(0);
    this.draining = false;
    try {
      const kernel = await this.kernel!;
      const prepared = preparedShape(kernel, this.options.shape ?? BASE_ROLLUP_SHAPE);
      const verdicts = decideBatch(
        kernel,
        prepared,
        batch.map((b) => b.pair),
      );
      this.options.onBatch?.(batch.length);
      for (const [i, b] of batch.entries()) b.resolve(verdicts[i]!);
    } catch (e) {
      for (const b of batch) b.reject(e);
    }
  }
}

function isRefusal(e: unknown): boolean {
  return e instanceof ProofRejectedError || e instanceof ProofEncodingError || e instanceof ShapeMismatchError;
}
