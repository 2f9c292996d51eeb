// The home page in real Chromium: the device verdict from the pool's device logic, and the L1
// status against a real devnet L1 (started here on an ephemeral port) and against a port nothing
// listens on. Every address is 127.0.0.1.
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { startAppServer, type AppServer } from '../../src/node/app-server.js';
import { startDevnetL1, type DevnetL1 } from '../../src/node/devnet-l1.js';

/** A loopback port that was free a moment ago (listen on 0, read the port, close). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const home = (l1: string) => `/?l1=${encodeURIComponent(l1)}`;

test('shows the device verdict from the browser facts', async ({ page }) => {
  await page.goto(home(`http://127.0.0.1:${await freePort()}/`));
  await expect(page.locator('#device-verdict')).toHaveText(/^(Meets|Below|May meet) the 16-thread \/ 32 GiB target$/);
  const facts = await page.evaluate(() => ({
    threads: navigator.hardwareConcurrency,
    memory: (navigator as Navigator & { deviceMemory?: number }).deviceMemory ?? null,
    isolated: self.crossOriginIsolated,
  }));
  const rows = page.locator('#device-facts tr');
  await expect(rows.nth(0)).toContainText(`Threads${facts.threads}`);
  await expect(rows.nth(0)).toContainText(`the prover runs ${facts.threads} worker`);
  await expect(rows.nth(2)).toContainText('Shared memoryyes (cross-origin isolated)');
  expect(facts.isolated).toBe(true);
  // Chromium reports deviceMemory rounded and capped: below 32 and at least 8 must read "unknown".
  if (facts.memory !== null && facts.memory >= 8 && facts.memory < 32)
    await expect(rows.nth(1)).toContainText('unknown (browser says');
  const expected = facts.threads < 16 ? 'Below' : facts.memory !== null && facts.memory >= 32 ? 'Meets' : 'May meet';
  await expect(page.locator('#device-verdict')).toHaveText(new RegExp(`^${expected} `));
  // The two tool pages are served where the cards point.
  for (const link of await page.locator('.cards a').all()) {
    const href = await link.getAttribute('href');
    expect((await page.request.get(new URL(href!, page.url()).href)).status(), href!).toBe(200);
  }
});

test('?threads=N sets the pool the device section names', async ({ page }) => {
  await page.goto(`${home(`http://127.0.0.1:${await freePort()}/`)}&threads=1`);
  await expect(page.locator('#device-facts tr').nth(0)).toContainText('the prover runs 1 worker');
  await expect(page.locator('#device-facts tr').nth(0)).not.toContainText('1 workers');
  await page.goto(`${home(`http://127.0.0.1:${await freePort()}/`)}&threads=0`);
  const threads = await page.evaluate(() => navigator.hardwareConcurrency);
  await expect(page.locator('#device-facts tr').nth(0)).toContainText(`the prover runs ${threads} worker`);
});

test('says "unreachable" for an L1 nothing listens on, and keeps working', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const url = `http://127.0.0.1:${await freePort()}/`;
  await page.goto(home(url));
  await expect(page.locator('#l1-state')).toHaveText('Unreachable');
  await expect(page.locator('#l1-detail')).toContainText('npm start');
  await expect(page.locator('#l1-url')).toHaveText(url);
  await expect(page.locator('#l1-slot')).toHaveText('—');
  expect(await page.evaluate(() => localStorage.getItem('fernet.l1Url'))).toBe(url);
  // It keeps polling without crashing: the check time moves on.
  const first = await page.locator('#l1-checked').textContent();
  await expect(page.locator('#l1-checked')).not.toHaveText(first!, { timeout: 10_000 });
  expect(errors).toEqual([]);
});

test('rejects a non-http ?l1= with a message and keeps the remembered URL', async ({ page }) => {
  const remembered = `http://127.0.0.1:${await freePort()}/`;
  await page.goto(home(remembered));
  // The page remembers the URL once it has asked its server for a devnet (after load).
  await expect(page.locator('#l1-source')).toHaveText('(from ?l1=, remembered)');
  await page.goto(home('javascript:alert(1)'));
  await expect(page.locator('#l1-warning')).toBeVisible();
  await expect(page.locator('#l1-warning')).toHaveText(
    'Ignored ?l1=: the L1 URL must start with http:// or https:// (got javascript:).',
  );
  await expect(page.locator('#l1-url')).toHaveText(remembered);
  await expect(page.locator('#l1-source')).toHaveText('(remembered)');
});

test.describe('with a real devnet L1', () => {
  let l1: DevnetL1;
  let dir: string;
  let stopped = false;
  test.beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'home-spec-l1-'));
    // A slow clock: the test moves slots itself, so the figures it expects are exact.
    l1 = await startDevnetL1({
      port: 0,
      dataDir: dir,
      verifier: 'simulated',
      slotMs: 600_000,
      // The page is served by Playwright's preview server: its origin is the one CORS allows.
      appOrigins: [new URL(test.info().project.use.baseURL!).origin],
      log: () => {},
    });
  });
  test.afterAll(async () => {
    if (l1 && !stopped) await l1.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('shows the live slot, follows it, and notices when the L1 stops', async ({ page }, testInfo) => {
    await l1.node.advanceSlots(5);
    await page.goto(home(l1.url));
    await expect(page.locator('#l1-state')).toHaveText('Live');
    await expect(page.locator('#l1-slot')).toHaveText(String(l1.node.state.slot));
    await expect(page.locator('#l1-chain')).toHaveText(String(l1.node.chainId));
    await page.screenshot({ path: testInfo.outputPath('home.png'), fullPage: true });

    await l1.node.advanceSlots(7);
    await expect(page.locator('#l1-slot')).toHaveText(String(l1.node.state.slot), { timeout: 10_000 });

    // Remembered: a plain visit watches the same L1.
    await page.goto('/');
    await expect(page.locator('#l1-url')).toHaveText(l1.url);
    await expect(page.locator('#l1-state')).toHaveText('Live');

    await l1.close();
    stopped = true;
    await expect(page.locator('#l1-state')).toHaveText('Unreachable', { timeout: 10_000 });
    await expect(page.locator('#l1-slot')).toHaveText('—');
  });
});

test.describe('served by a devnet app server, its L1 on a non-default port', () => {
  let l1: DevnetL1;
  let app: AppServer;
  let dir: string;
  test.beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'home-spec-served-'));
    const appPort = await freePort();
    l1 = await startDevnetL1({
      port: await freePort(),
      dataDir: dir,
      verifier: 'simulated',
      slotMs: 600_000,
      appOrigins: [`http://127.0.0.1:${appPort}`],
      log: () => {},
    });
    // The devnet's own app server (a Vite preview of dist/, built by Playwright's web server).
    app = await startAppServer({
      port: appPort,
      devnet: { l1Url: l1.url, chainId: l1.node.chainId, relays: [], stake: '32000' },
    });
  });
  test.afterAll(async () => {
    await app?.close();
    await l1?.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('finds the L1 from /devnet.json, not the default port, even over a remembered URL', async ({ page }) => {
    expect(new URL(l1.url).port).not.toBe('8645');
    // A URL remembered from an earlier devnet loses to the devnet that serves the page now.
    await page.goto(`${app.url}?l1=${encodeURIComponent(`http://127.0.0.1:${await freePort()}/`)}`);
    await page.goto(app.url);
    await expect(page.locator('#l1-url')).toHaveText(l1.url);
    await expect(page.locator('#l1-source')).toHaveText('(from the devnet serving this page)');
    await expect(page.locator('#l1-state')).toHaveText('Live');
    await expect(page.locator('#l1-chain')).toHaveText(String(l1.node.chainId));
  });
});
