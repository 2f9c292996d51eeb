import { describe, expect, it } from 'vitest';
import {
  DEFAULT_L1_URL,
  L1HealthError,
  L1UrlError,
  chooseL1Url,
  describeL1Status,
  healthUrl,
  normalizeL1Url,
  parseHealth,
} from '../../src/app/home-l1.js';

describe('normalizeL1Url', () => {
  it('keeps http(s) URLs and adds the trailing slash', () => {
    expect(normalizeL1Url('http://127.0.0.1:8645')).toBe('http://127.0.0.1:8645/');
    expect(normalizeL1Url('  https://l1.example.org/rpc ')).toBe('https://l1.example.org/rpc/');
    expect(normalizeL1Url('http://127.0.0.1:9000/?x=1#y')).toBe('http://127.0.0.1:9000/');
  });

  it.each([
    ['javascript:alert(1)', /must start with http:\/\/ or https:\/\/ \(got javascript:\)/],
    ['file:///etc/passwd', /must start with http:\/\/ or https:\/\/ \(got file:\)/],
    ['ws://127.0.0.1:8645', /got ws:\)/],
    ['127.0.0.1:8645', /"127.0.0.1:8645" is not a URL; expected something like http:\/\/127.0.0.1:8645\//],
    ['localhost:8645', /must start with http:\/\/ or https:\/\/ \(got localhost:\)/], // scheme "localhost:"
    ['not a url', /"not a url" is not a URL/],
    ['', /empty/],
    ['http://user:secret@127.0.0.1:8645/', /user name or password/],
    [`http://127.0.0.1/${'a'.repeat(3000)}`, /at most 2048/],
  ])('rejects %s', (raw, message) => {
    expect(() => normalizeL1Url(raw)).toThrow(L1UrlError);
    expect(() => normalizeL1Url(raw)).toThrow(message);
  });
});

describe('chooseL1Url', () => {
  it('uses the devnet default with nothing given', () => {
    expect(chooseL1Url('', null)).toEqual({ url: DEFAULT_L1_URL, source: 'default', warnings: [] });
  });

  it('prefers ?l1= and asks to remember it', () => {
    const c = chooseL1Url('?l1=http%3A%2F%2F127.0.0.1%3A9999', 'http://127.0.0.1:7777/');
    expect(c).toEqual({
      url: 'http://127.0.0.1:9999/',
      source: 'query',
      store: 'http://127.0.0.1:9999/',
      warnings: [],
    });
  });

  it('falls back to the remembered URL without storing again', () => {
    const c = chooseL1Url('?other=1', 'http://127.0.0.1:7777/');
    expect(c.url).toBe('http://127.0.0.1:7777/');
    expect(c.source).toBe('stored');
    expect(c.store).toBeUndefined();
  });

  it('ignores a non-http ?l1= with a message and keeps the remembered one', () => {
    const c = chooseL1Url('?l1=javascript:alert(1)', 'http://127.0.0.1:7777/');
    expect(c.url).toBe('http://127.0.0.1:7777/');
    expect(c.store).toBeUndefined();
    expect(c.warnings).toEqual(['Ignored ?l1=: the L1 URL must start with http:// or https:// (got javascript:).']);
  });

  it('ignores a corrupted remembered value and uses the default', () => {
    const c = chooseL1Url('', 'ftp://x/');
    expect(c.url).toBe(DEFAULT_L1_URL);
    expect(c.warnings[0]).toMatch(/^Ignored the remembered L1 URL: .*ftp/);
  });

  it('reports both a bad ?l1= and a bad remembered value', () => {
    const c = chooseL1Url('?l1=', '%%%');
    expect(c.url).toBe(DEFAULT_L1_URL);
    expect(c.warnings).toHaveLength(2);
    expect(c.warnings[0]).toMatch(/empty/);
  });
});

describe('healthUrl', () => {
  it('resolves next to the JSON-RPC root', () => {
    expect(healthUrl('http://127.0.0.1:8645/')).toBe('http://127.0.0.1:8645/health');
    expect(healthUrl('https://h/rpc/')).toBe('https://h/rpc/health');
  });
});

describe('parseHealth', () => {
  it('reads the L1 answer', () => {
    expect(parseHealth('{"ok":true,"chainId":31337,"slot":42}')).toEqual({ chainId: 31337, slot: 42 });
    expect(parseHealth('{"ok":true,"chainId":0,"slot":0,"extra":"ignored"}')).toEqual({ chainId: 0, slot: 0 });
  });

  it.each([
    ['{"ok":true,', /not JSON/],
    ['<html>502 Bad Gateway</html>', /not JSON: "<html>502/],
    ['', /not JSON/],
    ['null', /not a JSON object/],
    ['[1,2]', /not a JSON object/],
    ['"ok"', /not a JSON object/],
    ['{"chainId":1,"slot":1}', /does not report ok \(ok: missing\)/],
    ['{"ok":"yes","chainId":1,"slot":1}', /does not report ok \(ok: "yes"\)/],
    ['{"ok":true,"slot":1}', /chainId must be a non-negative integer \(got nothing\)/],
    ['{"ok":true,"chainId":1,"slot":"7"}', /slot must be a non-negative integer \(got "7"\)/],
    ['{"ok":true,"chainId":1,"slot":-1}', /slot must be/],
    ['{"ok":true,"chainId":1,"slot":1.5}', /slot must be/],
    ['{"ok":true,"chainId":1,"slot":1e300}', /slot must be/],
  ])('rejects %s', (body, message) => {
    expect(() => parseHealth(body)).toThrow(L1HealthError);
    expect(() => parseHealth(body)).toThrow(message);
  });
});

describe('describeL1Status', () => {
  const url = 'http://127.0.0.1:8645/';
  it('shows the slot when live', () => {
    expect(describeL1Status({ state: 'up', health: { chainId: 7, slot: 12 } }, url)).toMatchObject({
      tone: 'good',
      state: 'Live',
      slot: 12,
      chainId: 7,
    });
  });
  it('tells how to start the L1 when unreachable', () => {
    const v = describeL1Status({ state: 'unreachable', reason: 'connection failed' }, url);
    expect(v).toMatchObject({ tone: 'bad', state: 'Unreachable', slot: null });
    expect(v.detail).toContain('npm start');
    expect(v.detail).toContain(url);
  });
  it('names a wrong answer', () => {
    const v = describeL1Status({ state: 'bad-answer', reason: 'it answered HTTP 404' }, url);
    expect(v).toMatchObject({ tone: 'bad', state: 'Not an L1' });
    expect(v.detail).toContain('HTTP 404');
  });
});
