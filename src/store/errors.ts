// The store layer's named errors. The job queue's own errors (LeaseLostError, UnknownJobError,
// JobConflictError) belong to the port (src/participant/ports/store.ts) and are thrown as they are.

/**
 * A stored record that is not what was written: wrong shape or type, bytes that do not match
 * their length and digest. Reported (a store's `onCorrupt`) and skipped, never thrown at callers:
 * a corrupted record reads as absent and the rest of the store goes on working.
 */
export class CorruptRecordError extends Error {
  override name = 'CorruptRecordError';
  constructor(
    /** The object store (IndexedDB) or folder (files) the record is in. */
    readonly area: string,
    readonly key: string,
    readonly reason: string,
  ) {
    super(`corrupt record ${area}/${key}: ${reason}`);
  }
}

/** The data was written by a newer schema than this code knows (opening it would lose data). */
export class StoreVersionError extends Error {
  override name = 'StoreVersionError';
}

/** The store was closed (by the caller, or because another tab is upgrading its schema). */
export class StoreClosedError extends Error {
  override name = 'StoreClosedError';
}

/** The data directory is in use by another live process. */
export class StoreLockedError extends Error {
  override name = 'StoreLockedError';
}

/** The sealed key does not open with this passphrase. */
export class WrongPassphraseError extends Error {
  override name = 'WrongPassphraseError';
}

/** The sealed key's ciphertext or nonce was changed after sealing (AES-GCM authentication failed). */
export class VaultTamperedError extends Error {
  override name = 'VaultTamperedError';
}

/** The bytes are not a sealed key of a format this code reads. */
export class VaultFormatError extends Error {
  override name = 'VaultFormatError';
}
