// Named errors of the participant layer: bad messages from peers, chunks that do not open, duties
// that cannot be met. Each names what was wrong so a caller can score the sender or report it.

export class ParticipantError extends Error {
  override name = 'ParticipantError';
}

/** A gossip or request/response message that does not decode or breaks its size cap. */
export class PeerMessageError extends ParticipantError {
  override name = 'PeerMessageError';
}

/** No peer could deliver a verified transcript chunk or payload. */
export class FetchFailedError extends ParticipantError {
  override name = 'FetchFailedError';
}

/** A payload whose digest or proof does not match the signed result it claims to carry. */
export class PayloadRejectedError extends ParticipantError {
  override name = 'PayloadRejectedError';
}

/** A final proof could not be assembled: a payload the tree names is missing or unusable. */
export class AssemblyFailedError extends ParticipantError {
  override name = 'AssemblyFailedError';
}
