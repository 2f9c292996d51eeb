import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';
import { chromiumFlags } from './playwright.config.js';

// Three projects. node: unit and integration tests under Node (browser end-to-end specs live in
// test/browser and run under Playwright). browser: test files named *.browser.test.ts run inside
// real Chromium (Debian's /usr/bin/chromium), for code that needs the browser's own APIs
// (IndexedDB, WebCrypto as the page has it). network: the multi-process network and devnet
// tests, run after the others and one file at a time: each brings up several processes that use
// both cores, and the protocol's deadlines are wall-clock, so two of them at once (or one beside
// the proving tests) slowed blocks past their deadlines and failed runs that pass alone.
const shared = { testTimeout: 60_000, hookTimeout: 60_000 };
const network = [
  'test/node/devnet.test.ts',
  'test/node/devnet-fault.test.ts',
  'test/node/devnet-process.test.ts',
  'test/node/in-process.test.ts',
  'test/node/resume.test.ts',
  'test/net/cluster.test.ts',
  'test/net/relay-restart.test.ts',
  'test/net/transport-contract.test.ts',
];

export default defineConfig({
  test: {
    // Two cores: one file per core keeps CPU-heavy proving tests from starving each other.
    maxWorkers: 2,
    projects: [
      {
        test: {
          ...shared,
          name: 'node',
          include: ['test/**/*.test.ts'],
          exclude: ['test/browser/**', 'test/**/*.browser.test.ts', 'node_modules/**', ...network],
        },
      },
      {
        test: {
          ...shared,
          name: 'network',
          include: network,
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
      {
        // Pre-bundled up front: discovered mid-run, vite reloads the page under a running test.
        optimizeDeps: { include: ['comlink', '@noble/curves/bls12-381.js', '@noble/curves/bn254.js'] },
        test: {
          ...shared,
          name: 'browser',
          include: ['test/**/*.browser.test.ts'],
          browser: {
            enabled: true,
            headless: true,
            provider: playwright({
              launchOptions: {
                executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
                args: chromiumFlags,
              },
            }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
    ],
  },
});
