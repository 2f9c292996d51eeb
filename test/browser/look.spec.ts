// One look on every page: each page uses the common stylesheet (the home page's dark theme), the
// tool pages share the top bar with the current page marked, and at phone width (375 px) no page
// is wider than the screen. Screenshots go to test-results/screenshots/.
import { mkdir } from 'node:fs/promises';
import { expect, test } from '@playwright/test';

const SHOTS = 'test-results/screenshots';
const PAGES = [
  { path: '/', name: 'home', ready: '#device-verdict' },
  { path: '/src/app/device.html', name: 'device', ready: '#selfcheck', bar: 'Device & benchmark' },
  { path: '/src/app/conformance.html', name: 'conformance', ready: '#summary', bar: 'Conformance' },
  { path: '/src/app/net-probe.html', name: 'net-probe', ready: '#status', bar: 'Network probe' },
];

for (const width of [1280, 375]) {
  test(`every page has the common look at ${width} px`, async ({ page }) => {
    await mkdir(SHOTS, { recursive: true });
    await page.setViewportSize({ width, height: 900 });
    for (const p of PAGES) {
      await page.goto(p.path);
      await expect(page.locator(p.ready)).toBeVisible();
      const look = await page.evaluate(() => {
        const body = getComputedStyle(document.body);
        const section = document.querySelector('section');
        return {
          background: getComputedStyle(document.documentElement).backgroundColor,
          color: body.color,
          font: body.fontFamily,
          panel: section ? getComputedStyle(section).backgroundColor : null,
          theme: document.querySelector('meta[name="theme-color"]')?.getAttribute('content'),
          icon: document.querySelector('link[rel="icon"]')?.getAttribute('href'),
          scrollWidth: document.documentElement.scrollWidth,
        };
      });
      expect(look, p.name).toMatchObject({
        background: 'rgb(16, 20, 24)',
        color: 'rgb(230, 237, 243)',
        panel: 'rgb(24, 32, 40)',
        theme: '#101418',
        icon: '/icons/favicon-32.png',
      });
      expect(look.font, p.name).toContain('system-ui');
      expect(look.scrollWidth, `${p.name} is wider than the screen`).toBeLessThanOrEqual(width);
      if (p.bar) {
        await expect(page.locator('.topbar a[aria-current="page"]'), p.name).toHaveText(p.bar);
        await expect(page.locator('.topbar a.brand')).toHaveAttribute('href', '/');
      }
      await page.screenshot({ path: `${SHOTS}/${p.name}-${width}.png`, fullPage: true });
    }
  });
}
