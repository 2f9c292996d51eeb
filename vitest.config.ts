import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';
import { chromiumFlags } from './playwright.config.js';

// Two projects. node: unit and integration tests under Node (browser end-to-end specs live in
// test/browser and run under Playwright). browser: test files named *.browser.test.ts run inside
// real Chromium (Debian's /usr/bin/chromium), for code that needs the browser's own APIs
// (IndexedDB, WebCrypto as the page has it).
const shared = { testTimeout: 60_000, hookTimeout: 60_000 };

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
          exclude: ['test/browser/**', 'test/**/*.browser.test.ts', 'node_modules/**'],
        },
      },
      {
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
