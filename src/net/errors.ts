// Named errors of the transport. Every inbound message is checked before use; a check that fails
// raises one of these, and its `reason` is what peer scoring and the tests key on.

export type NetRejectReason =
  | 'oversized' // a message or a payload above its cap
  | 'malformed' // bytes that do not decode as the protocol's message
  | 'wrong-chunk' // a transcript chunk that does not open under the root
  | 'payload-check-failed' // a payload that does not open the instance's commitments
  | 'unlinked' // a sender without a valid peer link
  | 'timeout'; // no complete answer within the request's deadline

/** Base class: anything the transport refuses or fails at. */
export class NetError extends Error {
  override name = 'NetError';
}

/** An inbound message refused by a check; the sender is at fault. */
export class PeerMessageError extends NetError {
  override name = 'PeerMessageError';
  constructor(
    readonly reason: NetRejectReason,
    message: string,
  ) {
    super(message);
  }
}

/** The peer answered with a status other than ok (not found, refused): not misbehaviour. */
export class PeerRefusedError extends NetError {
  override name = 'PeerRefusedError';
  constructor(
    readonly status: string,
    message: string,
  ) {
    super(message);
  }
}

/** A request that could not be completed from any of the peers offered. */
export class FetchFailedError extends NetError {
  override name = 'FetchFailedError';
}

/** The node is not started, is stopped, or has no usable connection to a peer. */
export class NotConnectedError extends NetError {
  override name = 'NotConnectedError';
}
