// The folding verifier of src/proof plugged into the L1's BlockVerifier hook (src/l1/verifier.ts):
// the wiring lives here, above both, so neither layer imports the other. The L1 has already
// checked, when the block was posted, that the header's start state is the head's end state, so
// that start state is the previous end state here.
import type { BlockCommitmentView, BlockVerifier as L1BlockVerifier, VerifyOutcome } from '../l1/verifier.js';
import { createFoldingBlockVerifier, type FoldingVerifierOptions } from '../proof/folding-verifier.js';
import type { BlockVerifier } from '../proof/verifier-interface.js';

export class FoldingL1Verifier implements L1BlockVerifier {
  private readonly inner: BlockVerifier;

  constructor(options: FoldingVerifierOptions = {}) {
    this.inner = createFoldingBlockVerifier(options);
  }

  async verify(block: BlockCommitmentView, proofBytes: Uint8Array): Promise<VerifyOutcome> {
    const verdict = await this.inner.verify(
      { header: block.header, transcriptRoot: block.transcriptRoot, previousEndState: block.header.startState },
      proofBytes,
    );
    if (!verdict.ok) return { valid: false, reason: `${verdict.reason}: ${verdict.message}` };
    return {
      valid: true,
      endState: verdict.endState,
      provedNodes: verdict.provedNodes.map((n) => ({ node: { level: n.level, index: n.index }, prover: n.prover })),
    };
  }
}
