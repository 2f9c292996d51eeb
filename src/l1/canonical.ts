// Canonical JSON: the one byte string a JSON value signs as. Object keys sorted by UTF-16 code
// units, no whitespace, only strings, safe integers, booleans, null, arrays and plain objects
// (no floats: amounts travel as decimal strings). Two encoders that agree on the value agree on
// the bytes, so a browser client and the server sign and check the same message.

export class CanonicalEncodingError extends Error {
  override name = 'CanonicalEncodingError';
}

export function canonicalJson(value: unknown): string {
  return encode(value, '$');
}

function encode(value: unknown, path: string): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isSafeInteger(value))
        throw new CanonicalEncodingError(`${path}: only safe integers are canonical, got ${value}`);
      return String(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((v, i) => encode(v, `${path}[${i}]`)).join(',')}]`;
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null)
        throw new CanonicalEncodingError(`${path}: only plain objects are canonical`);
      const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
      entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${encode(v, `${path}.${k}`)}`).join(',')}}`;
    }
    default:
      throw new CanonicalEncodingError(`${path}: ${typeof value} is not a JSON value`);
  }
}
