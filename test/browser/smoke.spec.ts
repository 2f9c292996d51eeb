import { expect, test } from '@playwright/test';

test('the app loads cross-origin isolated in Chromium', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/');
  await expect(page.locator('h1')).toHaveText('Fernet prover');
  await expect(page.locator('#device-verdict')).not.toHaveText('Checking…');
  expect(await page.evaluate(() => self.crossOriginIsolated)).toBe(true);
  expect(errors).toEqual([]);
});
