// A small validator for JSON request fields: each validator checks one value and names the
// exact path on failure ("params.header: expected hex…"). Unknown object fields are rejected so a
// misspelt field never passes silently.
import { SchemaError } from './errors.js';
import { fromHex } from './hex.js';

export type Validator<T> = (value: unknown, path: string) => T;

const HEX = /^0x[0-9a-f]*$/;
const DECIMAL = /^(0|[1-9][0-9]*)$/;

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return value.length > 24 ? `a string of length ${value.length}` : `"${value}"`;
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}

/** 0x-prefixed lowercase hex; `bytes` fixes the length, `maxBytes` caps it. */
export function hexBytes(opts: { bytes?: number; maxBytes?: number } = {}): Validator<Uint8Array> {
  return (value, path) => {
    if (typeof value !== 'string')
      throw new SchemaError(path, `expected a 0x-prefixed hex string, got ${describe(value)}`);
    if (!HEX.test(value)) throw new SchemaError(path, 'expected 0x followed by lowercase hex digits');
    const length = (value.length - 2) / 2;
    if (!Number.isInteger(length)) throw new SchemaError(path, 'hex string has an odd number of digits');
    if (opts.bytes !== undefined && length !== opts.bytes)
      throw new SchemaError(path, `expected ${opts.bytes} bytes, got ${length}`);
    if (opts.maxBytes !== undefined && length > opts.maxBytes)
      throw new SchemaError(path, `at most ${opts.maxBytes} bytes allowed, got ${length}`);
    return fromHex(value);
  };
}

/** A non-negative integer amount written as a decimal string (JSON numbers lose precision). */
export function decimal(opts: { min?: bigint; max?: bigint } = {}): Validator<bigint> {
  return (value, path) => {
    if (typeof value !== 'string' || !DECIMAL.test(value))
      throw new SchemaError(path, `expected a decimal integer string, got ${describe(value)}`);
    if (value.length > 78) throw new SchemaError(path, 'decimal integer too long (at most 78 digits)');
    const v = BigInt(value);
    if (opts.min !== undefined && v < opts.min) throw new SchemaError(path, `must be at least ${opts.min}`);
    if (opts.max !== undefined && v > opts.max) throw new SchemaError(path, `must be at most ${opts.max}`);
    return v;
  };
}

export function integer(opts: { min?: number; max?: number } = {}): Validator<number> {
  const min = opts.min ?? 0;
  const max = opts.max ?? Number.MAX_SAFE_INTEGER;
  return (value, path) => {
    if (typeof value !== 'number' || !Number.isSafeInteger(value))
      throw new SchemaError(path, `expected an integer, got ${describe(value)}`);
    if (value < min || value > max) throw new SchemaError(path, `must be an integer in [${min}, ${max}], got ${value}`);
    return value;
  };
}

export function literal<const T extends string>(...options: T[]): Validator<T> {
  return (value, path) => {
    if (typeof value !== 'string' || !options.includes(value as T)) {
      throw new SchemaError(path, `expected one of ${options.map((o) => `"${o}"`).join(', ')}, got ${describe(value)}`);
    }
    return value as T;
  };
}

export function boolean(): Validator<boolean> {
  return (value, path) => {
    if (typeof value !== 'boolean') throw new SchemaError(path, `expected true or false, got ${describe(value)}`);
    return value;
  };
}

export function optional<T>(inner: Validator<T>): Validator<T | undefined> & { optional: true } {
  const v = ((value: unknown, path: string) => (value === undefined ? undefined : inner(value, path))) as Validator<
    T | undefined
  > & {
    optional: true;
  };
  v.optional = true;
  return v;
}

type Shape = Record<string, Validator<unknown>>;
type Out<S extends Shape> = { [K in keyof S]: ReturnType<S[K]> };

export function object<S extends Shape>(shape: S): Validator<Out<S>> {
  return (value, path) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new SchemaError(path, `expected an object, got ${describe(value)}`);
    }
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      // Own properties only: "constructor" or "toString" are not fields of any shape.
      if (!Object.hasOwn(shape, key))
        throw new SchemaError(`${path}.${key}`, `unknown field (allowed: ${Object.keys(shape).join(', ') || 'none'})`);
    }
    const out: Record<string, unknown> = {};
    for (const [key, check] of Object.entries(shape)) {
      const field = Object.hasOwn(record, key) ? record[key] : undefined;
      if (field === undefined && !(check as { optional?: boolean }).optional)
        throw new SchemaError(`${path}.${key}`, 'missing required field');
      const checked = check(field, `${path}.${key}`);
      if (checked !== undefined) out[key] = checked;
    }
    return out as Out<S>;
  };
}
