// The L1's hook for final proofs. The L1 hands the verifier the open block commitment and the
// submitted bytes; the verifier says whether they prove the block and, if so, the block's end
// state and which prover key produced each node. The one interface and verdict are the proof
// layer's (the L1 sits above it); the folding verifier and the simulated proofs implement them.
export type {
  BlockCommitmentView,
  BlockVerdict,
  BlockVerifier,
  ResultCheck,
} from '../proof/verifier-interface.js';
