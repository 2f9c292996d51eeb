// Properties of the log framing and of the canonical encoding that signed calls rely on.
import { concatBytes } from '@noble/hashes/utils.js';
import fc from 'fast-check';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { canonicalJson, CanonicalEncodingError } from '../../src/l1/canonical.js';
import { encodeRecord, scanRecords } from '../../src/l1/record-codec.js';

describe('log framing', () => {
  test('any cut keeps exactly the records that end before it', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 64 }), { minLength: 1, maxLength: 8 }),
        fc.nat(),
        (payloads, cutSeed) => {
          const records = payloads.map(encodeRecord);
          const image = concatBytes(...records);
          const cut = cutSeed % (image.length + 1);
          const scan = scanRecords(image.subarray(0, cut));
          let end = 0;
          let whole = 0;
          for (const r of records) {
            if (end + r.length > cut) break;
            end += r.length;
            whole++;
          }
          expect(scan.records.map((r) => Array.from(r.payload))).toEqual(
            payloads.slice(0, whole).map((p) => Array.from(p)),
          );
          expect(scan.goodBytes).toBe(end);
          expect(scan.damage === undefined).toBe(cut === end);
        },
      ),
      { numRuns: 300 },
    );
  });

  test('any single flipped bit is caught at or before the record that holds it', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 48 }), { minLength: 1, maxLength: 6 }),
        fc.nat(),
        fc.integer({ min: 0, max: 7 }),
        (payloads, at, bit) => {
          const records = payloads.map(encodeRecord);
          const image = concatBytes(...records);
          const pos = at % image.length;
          image[pos]! ^= 1 << bit;
          const scan = scanRecords(image);
          expect(scan.damage).toBeDefined();
          expect(scan.goodBytes).toBeLessThanOrEqual(pos);
          // Every record reported intact is byte-for-byte one that was written.
          scan.records.forEach((r, i) => expect(Array.from(r.payload)).toEqual(Array.from(payloads[i]!)));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('canonical JSON', () => {
  test('key order does not matter; values do', () => {
    expect(canonicalJson({ b: 1, a: [true, null, 'x'], c: { z: '1', y: 2 } })).toBe(
      '{"a":[true,null,"x"],"b":1,"c":{"y":2,"z":"1"}}',
    );
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
    expect(canonicalJson({ a: '1' })).not.toBe(canonicalJson({ a: 1 }));
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}');
  });

  test('non-canonical values are refused with their path', () => {
    expect(() => canonicalJson({ a: [1, 1.5] })).toThrow(
      new CanonicalEncodingError('$.a[1]: only safe integers are canonical, got 1.5'),
    );
    expect(() => canonicalJson({ n: 2 ** 60 })).toThrow(CanonicalEncodingError);
    expect(() => canonicalJson({ d: new Date(0) })).toThrow('$.d: only plain objects are canonical');
    expect(() => canonicalJson({ f: () => 1 })).toThrow('$.f: function is not a JSON value');
    expect(() => canonicalJson({ b: 1n })).toThrow('$.b: bigint is not a JSON value');
  });

  test('a parse of the encoding encodes to the same bytes', () => {
    fc.assert(
      fc.property(
        fc.jsonValue().filter((v) => !JSON.stringify(v).match(/\d\.\d|e[+-]?\d/i)),
        (v) => {
          let first: string;
          try {
            first = canonicalJson(v);
          } catch (e) {
            expect(e).toBeInstanceOf(CanonicalEncodingError);
            return;
          }
          expect(canonicalJson(JSON.parse(first))).toBe(first);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('browser safety', () => {
  test('the typed client and everything it imports stay free of Node modules', () => {
    const root = dirname(fileURLToPath(import.meta.url));
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = readFileSync(file, 'utf8');
      expect(text, `${file} imports a Node module`).not.toMatch(/from ['"]node:|require\(/);
      for (const m of text.matchAll(/^(?:import|export) (?!type)[^;]*? from ['"](\.{1,2}\/[^'"]+)['"]/gm)) {
        const target = join(dirname(file), m[1]!.replace(/\.js$/, ''));
        visit(existsSync(`${target}.ts`) ? `${target}.ts` : join(target, 'index.ts'));
      }
    };
    visit(join(root, '../../src/l1/client.ts'));
    expect(seen.size).toBeGreaterThan(20); // the client, auth, protocol modules and their helpers
  });
});
