// The GeneratorCache port (src/kernel/generator-cache.ts) on IndexedDB: the commitment generators
// a tab derived once, kept for the next visit. It shares the participant database (object store
// `generators`, schema version 2). Entries are plain bytes: the reader
// (loadCommitmentGenerators) trusts one only when it hashes to the published constant, so this
// store adds no digest of its own; a value that is not bytes at all is reported and reads as absent.
import { checkCacheKey, type GeneratorCache } from '../kernel/generator-cache.js';
import { CorruptRecordError } from './errors.js';
import { DEFAULT_IDB_NAME, openParticipantDb } from './idb-store.js';
import { warnCorrupt } from './records.js';

type Db = Awaited<ReturnType<typeof openParticipantDb>>;

export class IdbGeneratorCache implements GeneratorCache {
  private closed = false;

  private constructor(
    private readonly db: Db,
    readonly name: string,
    private readonly onCorrupt: (e: CorruptRecordError) => void,
  ) {}

  static async open(
    options: { name?: string; onCorrupt?: (e: CorruptRecordError) => void } = {},
  ): Promise<IdbGeneratorCache> {
    const name = options.name ?? DEFAULT_IDB_NAME;
    let cache: IdbGeneratorCache | undefined;
    const db = await openParticipantDb(name, {
      onClosed: () => {
        if (cache) cache.closed = true;
      },
    });
    cache = new IdbGeneratorCache(db, name, options.onCorrupt ?? warnCorrupt);
    return cache;
  }

  async get(key: string): Promise<Uint8Array | null> {
    checkCacheKey(key);
    // A cache that cannot be read (closed for another tab's upgrade) is a miss: the caller derives.
    if (this.closed) return null;
    const v = await this.db.get('generators', key);
    if (v === undefined) return null;
    if (!(v instanceof Uint8Array)) {
      this.onCorrupt(new CorruptRecordError('generators', key, 'value is not a byte array'));
      return null;
    }
    return v;
  }

  async put(key: string, bytes: Uint8Array): Promise<void> {
    checkCacheKey(key);
    if (this.closed) return;
    // Default durability: a lost entry is derived again, no need to wait for the disk.
    await this.db.put('generators', bytes.slice(), key);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }
}
