// The installable app in real Chromium: the manifest and its icons, the service worker taking
// control, and an offline reload that still shows the app shell, cross-origin isolated, with the
// kernel and the worker pool usable (their wasm and chunks come from the worker's cache).
import { expect, test } from '@playwright/test';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

test('the manifest names the app, its theme colour and real PNG icons of the sizes it claims', async ({
  page,
  request,
}) => {
  await page.goto('/');
  const href = await page.locator('link[rel="manifest"]').first().getAttribute('href');
  const manifest = await (await request.get(new URL(href!, page.url()).href)).json();
  expect(manifest.name).toBe('Fernet prover');
  expect(manifest.display).toBe('standalone');
  expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/);
  expect(manifest.start_url).toBe('/');
  const purposes = new Set<string>();
  for (const icon of manifest.icons) {
    const res = await request.get(new URL(icon.src, page.url()).href);
    expect(res.status(), icon.src).toBe(200);
    const bytes = await res.body();
    expect([...bytes.subarray(0, 8)], icon.src).toEqual(PNG_SIGNATURE);
    // IHDR width and height (big-endian at 16 and 20) are the declared size.
    const [w, h] = icon.sizes.split('x').map(Number);
    expect([bytes.readUInt32BE(16), bytes.readUInt32BE(20)], icon.src).toEqual([w, h]);
    purposes.add(icon.purpose);
  }
  expect([...purposes].sort()).toEqual(['any', 'maskable']);
  expect(manifest.icons.some((i: { sizes: string }) => i.sizes === '512x512')).toBe(true);
  expect(manifest.icons.some((i: { sizes: string }) => i.sizes === '192x192')).toBe(true);
});

test('an offline reload shows the app shell, cross-origin isolated, and the kernel still runs', async ({
  page,
  context,
}) => {
  test.setTimeout(180_000);
  await page.goto('/');
  // The worker installs (precaching the shell) and claims this page.
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 60_000 });
  // Visit the device page once online too, then go offline.
  await context.setOffline(true);
  expect(
    await page.evaluate(() =>
      fetch('https://example.invalid/').then(
        () => 'online',
        () => 'offline',
      ),
    ),
  ).toBe('offline');

  await page.reload();
  await expect(page.locator('h1')).toHaveText('Fernet prover');
  await expect(page.locator('#device-verdict')).not.toHaveText('Checking…');
  expect(
    await page.evaluate(() => ({ isolated: crossOriginIsolated, controlled: !!navigator.serviceWorker.controller })),
  ).toEqual({ isolated: true, controlled: true });

  // A page never opened online: served from the cache, its workers load the kernel wasm offline.
  await page.goto('/src/app/device.html');
  await expect(page.locator('#selfcheck')).toHaveText(/^ok: /, { timeout: 90_000 });
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  expect(await page.evaluate(() => (globalThis as any).fernet.pool.sharedMemory)).toBe(true);

  await context.setOffline(false);
});

test('on a host that sends no COOP/COEP, the service worker alone makes the page cross-origin isolated', async ({
  page,
  context,
}) => {
  // Strip the isolation headers from every response the server sends (to the page and to the
  // service worker's own fetches): only headers the worker adds can isolate the page.
  let stripped = 0;
  let offline = false;
  const origin = new URL(test.info().project.use.baseURL!).origin;
  await context.route(
    (url) => url.origin === origin,
    async (route) => {
      // Playwright fetches for the route from Node, which context.setOffline does not reach.
      if (offline) return route.abort('internetdisconnected');
      const response = await route.fetch();
      const headers = { ...response.headers() };
      delete headers['cross-origin-opener-policy'];
      delete headers['cross-origin-embedder-policy'];
      stripped++;
      await route.fulfill({ response, headers });
    },
  );
  await page.goto('/');
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 60_000 });
  await page.reload();
  await expect(page.locator('#device-verdict')).not.toHaveText('Checking…');
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  await expect(page.locator('#device-facts tr').nth(2)).toContainText('yes (cross-origin isolated)');
  expect(stripped).toBeGreaterThan(0);

  // Offline as well, and on the benchmark page whose workers need shared memory.
  offline = true;
  await context.setOffline(true);
  await page.goto('/src/app/device.html');
  await expect(page.locator('#selfcheck')).toHaveText(/^ok: /, { timeout: 90_000 });
  expect(await page.evaluate(() => [crossOriginIsolated, (globalThis as any).fernet.pool.sharedMemory])).toEqual([
    true,
    true,
  ]);
  await context.setOffline(false);
});
