// The state-changing commands of the L1, in the JSON form the command log stores. They are
// applied only after the node has checked their signatures (and, for a final proof, run the block
// verifier): the log records the checked command together with the verifier's outcome, so a
// replay is deterministic and never re-runs cryptography. Bytes are 0x-hex, amounts decimal
// strings, accounts the protocol's lowercase hex of the public key.

export interface SnapshotJson {
  noteRoot: string;
  noteNextIndex: number;
  nullifierRoot: string;
  nullifierNextIndex: number;
}

export interface ProvedNodeJson {
  level: number;
  index: number;
  /** Prover account (protocol hex). */
  prover: string;
  /** The node's instance identity (hex), when the verifier reports it. */
  instance?: string;
}

/** Moves the slot clock forward (the only command nobody signs: it is the chain's own clock). */
export interface AdvanceCommand {
  type: 'advance';
  slot: number;
}

interface Signed {
  /** The signer's account: the call's authority. */
  account: string;
  /** Must equal the account's next nonce; a replayed call fails here. */
  nonce: number;
}

export interface RegisterCommand extends Signed {
  type: 'register';
  stake: string;
}

export interface ExitCommand extends Signed {
  type: 'exit';
}

export interface PostBlockCommand extends Signed {
  type: 'postBlock';
  /** encodeHeader bytes. */
  header: string;
  transcriptRoot: string;
}

export interface SignOffCommand extends Signed {
  type: 'signOff';
  blockNumber: number;
  /** encodeSignOff bytes (signers bitfield + aggregate signature). */
  signOff: string;
}

export interface CommitResultCommand extends Signed {
  type: 'commitResult';
  /** encodeResultCommitment bytes. */
  commitment: string;
}

export interface RevealResultCommand extends Signed {
  type: 'revealResult';
  /** encodeResult bytes. */
  result: string;
  /** What the node established from the result's data before logging: the node's instance (hex). */
  instance: string;
  /** For a merge whose data names them: the children instances it folds (hex), left then right. */
  children?: [string, string];
}

export interface SubmitProofCommand extends Signed {
  type: 'submitProof';
  blockNumber: number;
  /** sha256 of the proof bytes (the bytes themselves are not kept in the log). */
  proofDigest: string;
  /** What the block verifier established. */
  outcome: { endState: SnapshotJson; provedNodes: ProvedNodeJson[] };
  /** Training wheel: encodeSignOff bytes of the transition sign-off. */
  transitionSignOff?: string;
}

export interface ClaimCommand extends Signed {
  type: 'claim';
}

export type SignedCommand =
  | RegisterCommand
  | ExitCommand
  | PostBlockCommand
  | SignOffCommand
  | CommitResultCommand
  | RevealResultCommand
  | SubmitProofCommand
  | ClaimCommand;

export type L1Command = AdvanceCommand | SignedCommand;
