import { defineConfig } from 'vitest/config';

// Unit and integration tests under Node. Browser tests live in test/browser and run under Playwright.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/browser/**', 'node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two cores: one file per core keeps CPU-heavy proving tests from starving each other.
    maxWorkers: 2,
  },
});
