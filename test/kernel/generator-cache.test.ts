// The GeneratorCache port's two implementations here: in memory and files (Node).
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileGeneratorCache } from '../../src/kernel/generator-cache-file.js';
import { GeneratorCacheError, MemoryGeneratorCache, type GeneratorCache } from '../../src/kernel/generator-cache.js';

const dir = mkdtempSync(join(tmpdir(), 'fernet-gen-cache-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const impls: Array<[string, () => GeneratorCache]> = [
  ['memory', () => new MemoryGeneratorCache()],
  ['files', () => new FileGeneratorCache(mkdtempSync(join(dir, 'c-')))],
];

describe.each(impls)('GeneratorCache (%s)', (_name, make) => {
  it('returns null for a missing key, the stored bytes after put, the latest after a second put', async () => {
    const cache = make();
    expect(await cache.get('pedersen-v1/fernet/fold/v1/W/4')).toBeNull();
    await cache.put('pedersen-v1/fernet/fold/v1/W/4', new Uint8Array([1, 2, 3]));
    expect(await cache.get('pedersen-v1/fernet/fold/v1/W/4')).toEqual(new Uint8Array([1, 2, 3]));
    await cache.put('pedersen-v1/fernet/fold/v1/W/4', new Uint8Array([9]));
    expect(await cache.get('pedersen-v1/fernet/fold/v1/W/4')).toEqual(new Uint8Array([9]));
    expect(await cache.get('pedersen-v1/fernet/fold/v1/E/4')).toBeNull();
  });

  it('hands out copies: changing returned or stored bytes does not change the entry', async () => {
    const cache = make();
    const bytes = new Uint8Array([5, 6]);
    await cache.put('k', bytes);
    bytes[0] = 0;
    const got = (await cache.get('k'))!;
    got[1] = 0;
    expect(await cache.get('k')).toEqual(new Uint8Array([5, 6]));
  });

  it('refuses keys that could escape the cache with a GeneratorCacheError', async () => {
    const cache = make();
    for (const key of ['../x', 'a/../../b', '', 'a b', `${'x'.repeat(201)}`]) {
      const err = await cache.get(key).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(GeneratorCacheError);
      expect((err as Error).message).toBe(`cache key ${JSON.stringify(key)} is not a short path of [A-Za-z0-9_./-]`);
    }
  });
});

describe('FileGeneratorCache', () => {
  it('keeps one file per key and leaves no temporary files behind', async () => {
    const sub = mkdtempSync(join(dir, 'f-'));
    const cache = new FileGeneratorCache(sub);
    await Promise.all([
      cache.put('a/b', new Uint8Array(10)),
      cache.put('a/b', new Uint8Array(10)),
      cache.put('c', new Uint8Array(1)),
    ]);
    expect(readdirSync(sub).sort()).toEqual(['a__b.bin', 'c.bin']);
    // A second instance on the same directory (the next run) sees the entries.
    expect(await new FileGeneratorCache(sub).get('a/b')).toEqual(new Uint8Array(10));
  });

  it('reads an entry straight into shared memory when asked (a table several threads read)', async () => {
    const cache = new FileGeneratorCache(mkdtempSync(join(dir, 's-')));
    const bytes = Uint8Array.from({ length: 3 * 65536 + 5 }, (_, i) => (i * 7) & 0xff);
    await cache.put('fixed-v1/t', bytes);
    const shared = (await cache.get('fixed-v1/t', { shared: true }))!;
    expect(shared.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(shared).toEqual(bytes);
    expect((await cache.get('fixed-v1/t'))!.buffer).not.toBeInstanceOf(SharedArrayBuffer);
    expect(await cache.get('fixed-v1/none', { shared: true })).toBeNull();
  });
});
