import { expect, test } from '@playwright/test';

test('the app loads cross-origin isolated in Chromium', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('h1')).toHaveText('Fernet prover');
  expect(await page.evaluate(() => self.crossOriginIsolated)).toBe(true);
});
