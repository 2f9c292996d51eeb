// FileGeneratorCache: the GeneratorCache port on the file system (Node only; browsers use the
// IndexedDB implementation in src/store). One file per key under a directory, written to a
// temporary name and renamed, so a reader never sees half a file and concurrent writers of the
// same (deterministic) bytes do not corrupt each other.
import { mkdir, open, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkCacheKey, type GeneratorCache, type GetOptions } from './generator-cache.js';

/**
 * The default directory: `.cache/fernet` at the project root (ignored by git), or
 * `$FERNET_CACHE_DIR` when set. Not node_modules/.cache: node_modules may be shared between
 * checkouts.
 */
export function defaultCacheDir(): string {
  const fromEnv = process.env.FERNET_CACHE_DIR;
  if (fromEnv) return fromEnv;
  return join(dirname(fileURLToPath(import.meta.url)), '..', '..', '.cache', 'fernet');
}

export class FileGeneratorCache implements GeneratorCache {
  constructor(readonly dir: string = defaultCacheDir()) {}

  private path(key: string): string {
    checkCacheKey(key);
    return join(this.dir, `${key.replaceAll('/', '__')}.bin`);
  }

  async get(key: string, options: GetOptions = {}): Promise<Uint8Array | null> {
    try {
      if (options.shared && typeof SharedArrayBuffer === 'function') return await readIntoShared(this.path(key));
      const buf = await readFile(this.path(key));
      return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  async put(key: string, bytes: Uint8Array): Promise<void> {
    const path = this.path(key);
    await mkdir(this.dir, { recursive: true });
    const tmp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    await writeFile(tmp, bytes);
    await rename(tmp, path);
  }
}

/** A file's bytes read straight into a SharedArrayBuffer (no intermediate copy). */
async function readIntoShared(path: string): Promise<Uint8Array> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    const bytes = new Uint8Array(new SharedArrayBuffer(size));
    let at = 0;
    while (at < size) {
      const { bytesRead } = await file.read(bytes, at, size - at, at);
      if (bytesRead === 0) throw new Error(`${path} ended after ${at} of ${size} bytes`);
      at += bytesRead;
    }
    return bytes;
  } finally {
    await file.close();
  }
}
