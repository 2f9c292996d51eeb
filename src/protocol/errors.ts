// Named errors for every way protocol input can be wrong. Callers catch by class; the message
// says exactly which field failed and why.

/** Base class: anything the protocol rules reject. */
export class ProtocolError extends Error {
  override name = 'ProtocolError';
}

/** A staking key, secret key or peer key in the wrong format, with a bad checksum or off-curve. */
export class KeyEncodingError extends ProtocolError {
  override name = 'KeyEncodingError';
}

/** A signature that does not decode or does not verify. */
export class SignatureError extends ProtocolError {
  override name = 'SignatureError';
}

/** A block commitment header that does not decode or breaks a header rule. */
export class HeaderError extends ProtocolError {
  override name = 'HeaderError';
}

/** A result, result commitment or announcement message that does not decode or is inconsistent. */
export class MessageError extends ProtocolError {
  override name = 'MessageError';
}

/** A parameter outside its allowed range (tree height, committee size, weights, amounts...). */
export class ParameterError extends ProtocolError {
  override name = 'ParameterError';
}

/** An election input that cannot produce roles (no stakers, duplicate keys). */
export class ElectionError extends ProtocolError {
  override name = 'ElectionError';
}

/** A ledger operation that would break an invariant (negative balance, non-positive amount). */
export class LedgerError extends ProtocolError {
  override name = 'LedgerError';
}

/** A result or result commitment the commit–reveal book refuses: not assigned, or not built on the timely results below it. */
export class ResultRefusedError extends ProtocolError {
  override name = 'ResultRefusedError';
}
