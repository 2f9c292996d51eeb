import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';

test('the kernel build instantiates', async () => {
  const bytes = readFileSync(new URL('../../wasm/build/kernel.wasm', import.meta.url));
  const { instance } = await WebAssembly.instantiate(bytes, { env: { abort() { throw new Error('abort'); } } });
  expect((instance.exports.kernelVersion as () => number)()).toBe(1);
});
