// The GeneratorCache port: where derived commitment generators (and their fixed-base tables) are
// kept between runs. Bytes in, bytes out, by string key; the caller checks what it gets back
// against a published hash before trusting it (src/proof/generator-store.ts), so an
// implementation needs no integrity checks of its own.
//
// Implementations: MemoryGeneratorCache (here), FileGeneratorCache (Node, ./generator-cache-file.ts),
// IndexedDB (src/store, the browser app).

export interface GetOptions {
  /**
   * Return the bytes on a SharedArrayBuffer where the platform has one (a fixed-base table that
   * several threads read): an implementation that can reads the entry straight into it, saving a
   * copy of tens of MiB. Implementations may ignore it.
   */
  shared?: boolean;
}

export interface GeneratorCache {
  /** The bytes stored under key, or null when there are none. */
  get(key: string, options?: GetOptions): Promise<Uint8Array | null>;
  /** Stores bytes under key (replacing what was there). */
  put(key: string, bytes: Uint8Array): Promise<void>;
}

/** A cache entry that does not match its published hash or cannot be decoded; it is re-derived. */
export class GeneratorCacheError extends Error {
  override name = 'GeneratorCacheError';
}

/** Keys are short ASCII paths: letters, digits and `-_./`, no `..`, at most 200 characters. */
export function checkCacheKey(key: string): void {
  if (typeof key !== 'string' || !/^[A-Za-z0-9_./-]{1,200}$/.test(key) || key.includes('..'))
    throw new GeneratorCacheError(`cache key ${JSON.stringify(key)} is not a short path of [A-Za-z0-9_./-]`);
}

/** In-process cache (tests, and a session without persistent storage). Stores copies. */
export class MemoryGeneratorCache implements GeneratorCache {
  private readonly entries = new Map<string, Uint8Array>();

  async get(key: string): Promise<Uint8Array | null> {
    checkCacheKey(key);
    return this.entries.get(key)?.slice() ?? null;
  }

  async put(key: string, bytes: Uint8Array): Promise<void> {
    checkCacheKey(key);
    this.entries.set(key, bytes.slice());
  }
}
