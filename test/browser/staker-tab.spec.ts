// Two stakers' tabs in real Chromium (two browser contexts: two profiles, two IndexedDBs) against a
// real devnet started here as `npm start` runs it (src/node/devnet.ts in its own process: the L1 on
// a non-default port, the relay, the sequencer, the app server), with no headless provers and a
// committee of two, so the tabs are the committee. Each tab creates a key, registers with the
// faucet stake, is elected, fetches its chunks over direct WebRTC, proves on its worker pool, is
// credited and claims. One devnet for the whole file (the tests run in order and build on each
// other). Screenshots go to test-results/screenshots/.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, expect, type Page, test } from '@playwright/test';
import { L1Client } from '../../src/l1/client.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const SHOTS = `${root}test-results/screenshots`;
const PASSPHRASE = 'correct horse battery';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

interface Devnet {
  child: ChildProcess;
  lines: string[];
  appUrl: string;
  l1Url: string;
}

async function startDevnet(): Promise<Devnet> {
  const [l1Port, appPort] = [await freePort(), await freePort()];
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/node/devnet.ts', '--provers', '0', '--committee', '2', '--cover-after-ms', '150000'],
    {
      cwd: root,
      env: { ...process.env, L1_PORT: String(l1Port), APP_PORT: String(appPort) },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const lines: string[] = [];
  let buffered = '';
  const onData = (d: Buffer) => {
    buffered += d.toString();
    const parts = buffered.split('\n');
    buffered = parts.pop()!;
    for (const line of parts) {
      lines.push(line);
      if (process.env.TAB_DEBUG) console.log(`[devnet] ${line.slice(0, 240)}`);
    }
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const deadline = Date.now() + 120_000;
  while (!lines.some((l) => l.startsWith('devnet: open '))) {
    if (child.exitCode !== null) throw new Error(`devnet exited: ${lines.join('\n')}`);
    if (Date.now() > deadline) throw new Error(`devnet did not start: ${lines.join('\n')}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return { child, lines, appUrl: `http://127.0.0.1:${appPort}/`, l1Url: `http://127.0.0.1:${l1Port}/` };
}

let devnet: Devnet;
let browser: Browser;
const tabs: Array<{ context: BrowserContext; page: Page; key?: string }> = [];

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ browser: b }) => {
  test.setTimeout(180_000);
  browser = b;
  await mkdir(SHOTS, { recursive: true });
  devnet = await startDevnet();
});

test.afterAll(async () => {
  for (const t of tabs) await t.context.close().catch(() => {});
  if (devnet?.child.exitCode === null) {
    devnet.child.kill('SIGTERM');
    await new Promise((r) => devnet.child.once('exit', r));
  }
});

/** The dashboard's state, read from the page's session. */
function tabState(page: Page) {
  return page.evaluate(() => {
    const tab = (globalThis as any).fernetTab;
    const s = tab?.session?.state;
    if (!s) return null;
    return {
      blocks: s.blocks.map((b: any) => ({
        number: b.number,
        commitment: b.commitment as string,
        status: b.status,
        rank: b.rank,
        assigned: b.assigned,
        mine: b.mine,
        provedBy: b.provedBy,
        earned: String(b.earned),
      })),
      publicKey: s.publicKey as string,
      relay: s.relay.state as string,
      l1: s.l1.state as string,
      peers: s.peers.length as number,
      log: s.log.map((e: any) => e.text as string),
    };
  });
}

test('the home page served by the devnet finds its L1 on a non-default port', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  tabs.push({ context, page });
  expect(new URL(devnet.l1Url).port).not.toBe('8645');
  await page.goto(`${devnet.appUrl}?threads=1`);
  await expect(page.locator('#l1-url')).toHaveText(devnet.l1Url);
  await expect(page.locator('#l1-state')).toHaveText('Live');
  await expect(page.locator('#key-status')).toContainText('First run');
  await page.locator('#key-section').screenshot({ path: `${SHOTS}/first-run.png` });
});

test('two tabs create keys, register with the faucet stake and join through the relay', async () => {
  // A first visit derives the commitment generators (in helper workers) before it joins: on a
  // loaded 2-core machine that alone can take minutes.
  test.setTimeout(420_000);
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  tabs.push({ context, page });
  // The page's longest stall: the gap between ticks of a 100 ms timer, from load to joining.
  await page.addInitScript(() => {
    const g = globalThis as unknown as { fernetLongestStall: number };
    g.fernetLongestStall = 0;
    let last = performance.now();
    setInterval(() => {
      const now = performance.now();
      g.fernetLongestStall = Math.max(g.fernetLongestStall, now - last - 100);
      last = now;
    }, 100);
  });
  await page.goto(`${devnet.appUrl}?threads=1`);
  for (const tab of tabs) {
    const p = tab.page;
    // A mismatched confirmation is refused with the reason, and nothing is stored.
    await p.fill('#create-passphrase', PASSPHRASE);
    await p.fill('#create-confirm', `${PASSPHRASE}!`);
    await p.click('#key-create button[type=submit]');
    await expect(p.locator('#key-error')).toHaveText('Not accepted: the two passphrases differ.');
    await p.fill('#create-confirm', PASSPHRASE);
    await p.click('#key-create button[type=submit]');
    await expect(p.locator('#dashboard')).toBeVisible({ timeout: 30_000 });
    await expect(p.locator('#key-status')).toContainText('Key unlocked');
  }
  const l1 = new L1Client(devnet.l1Url);
  for (const tab of tabs) {
    await expect(tab.page.locator('#dash-relay-state')).toHaveText('Connected', { timeout: 180_000 });
    await expect(tab.page.locator('#dash-l1-state')).toHaveText('Connected');
    const stall = await tab.page.evaluate(() => (globalThis as { fernetLongestStall?: number }).fernetLongestStall);
    if (stall !== undefined) {
      // The generators and the circuit are made in helper workers: the page stayed responsive
      // (on its own thread the derivation froze it for 20 s and more on this machine).
      console.log(`first visit: the page's longest stall until joining was ${Math.round(stall)} ms`);
      expect(stall).toBeLessThan(5000);
    }
    const state = await tabState(tab.page);
    tab.key = state!.publicKey;
    const staker = await l1.getStaker(Uint8Array.from(Buffer.from(tab.key, 'hex')));
    expect(staker?.stake).toBe('32000');
    // The key is sealed in IndexedDB, not kept in the clear.
    const sealed = await tab.page.evaluate(async () => {
      const bytes: Uint8Array = await (globalThis as any).fernetTab.store.getKey('staking');
      return Array.from(bytes.subarray(0, 4));
    });
    expect(String.fromCharCode(...sealed)).toBe('FNKV');
  }
  expect(tabs[0]!.key).not.toBe(tabs[1]!.key);
});

test('both tabs are elected, fetch their chunks over WebRTC, prove, are credited and claim', async () => {
  test.setTimeout(600_000);
  // Elected: block 1's committee is the two tabs.
  for (const tab of tabs)
    await expect
      .poll(async () => (await tabState(tab.page))?.blocks.find((b: any) => b.number === 1)?.rank ?? -1, {
        timeout: 120_000,
      })
      .toBeGreaterThanOrEqual(0);
  // During the block: a screenshot of the dashboard while a node is being proven.
  const first = tabs[0]!.page;
  await expect(first.locator('.proof-tree .state-proving, .proof-tree .state-proved').first()).toBeVisible({
    timeout: 240_000,
  });
  await first.screenshot({ path: `${SHOTS}/dashboard-during-block.png`, fullPage: true });

  // Chunks came from peers over direct connections (the request protocols refuse relayed ones).
  // The other tab may still be fetching its leaf chunk when the first one proves: wait for both.
  for (const tab of tabs) {
    await expect
      .poll(
        async () => (await tabState(tab.page))!.log.filter((l: string) => / chunk \d+ checked, from /.test(l)).length,
        { timeout: 120_000 },
      )
      .toBeGreaterThanOrEqual(2);
    const direct = await tab.page.evaluate(() => {
      const t = (globalThis as any).fernetTab.session.transport;
      return t.peers().map((p: string) => t.directConnection(p)?.limits ?? null);
    });
    expect(direct.length).toBeGreaterThan(0);
    expect(direct.every((l: unknown) => l === null)).toBe(true);
  }

  // Credited: block 1 canonical with nodes credited to each tab.
  for (const tab of tabs)
    await expect
      .poll(
        async () => {
          const b = (await tabState(tab.page))?.blocks.find((x: any) => x.number === 1);
          return b?.status === 'canonical' ? Object.values(b.provedBy).filter((k) => k === tab.key).length : 0;
        },
        { timeout: 360_000 },
      )
      .toBeGreaterThan(0);
  await expect(first.locator('#dash-history tr[data-block="1"]')).toBeVisible({ timeout: 10_000 });
  const tree = first.locator('#dash-history .tree-figure');
  await tree.screenshot({ path: `${SHOTS}/proof-tree-desktop.png` });
  await first.screenshot({ path: `${SHOTS}/dashboard-after-block-desktop.png`, fullPage: true });
  await first.setViewportSize({ width: 390, height: 844 });
  await tree.screenshot({ path: `${SHOTS}/proof-tree-phone.png` });
  // The top of the dashboard as a phone shows it: the staker, then the current block.
  await first.locator('#dashboard').evaluate((e) => e.scrollIntoView());
  await first.screenshot({ path: `${SHOTS}/dashboard-phone.png` });
  // Nothing overflows sideways at phone width.
  expect(await first.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await first.setViewportSize({ width: 1280, height: 900 });

  // Claim with the button; the L1 then holds nothing claimable for the key.
  const l1 = new L1Client(devnet.l1Url);
  for (const tab of tabs) {
    await expect(tab.page.locator('#claim')).toBeEnabled({ timeout: 30_000 });
    const before = BigInt((await l1.getAccount(Uint8Array.from(Buffer.from(tab.key!, 'hex')))).claimableRewards);
    expect(before).toBeGreaterThan(0n);
    await tab.page.click('#claim');
    await expect(tab.page.locator('#claim-status')).toHaveText(/^Claimed \d+\.$/, { timeout: 30_000 });
    const after = await l1.getAccount(Uint8Array.from(Buffer.from(tab.key!, 'hex')));
    expect(BigInt(after.claimableRewards)).toBeLessThan(before);
    await expect(tab.page.locator('#dash-claimed')).not.toHaveText('0');
  }
});

/** The store's jobs of one block, as the page's IndexedDB holds them. */
interface StoredJob {
  id: string;
  state: string;
  attempts: number;
}
function storedJobs(page: Page, commitment: string): Promise<StoredJob[]> {
  return page.evaluate(async (c) => {
    const jobs = await (globalThis as any).fernetTab.store.listJobs();
    return jobs
      .filter((j: any) => j.id.startsWith(`${c}/`))
      .map((j: any) => ({ id: j.id as string, state: j.state as string, attempts: j.attempts as number }));
  }, commitment);
}

test('a reload mid-proof resumes from the store without duplicate work; a hidden tab goes on proving', async () => {
  test.setTimeout(900_000);
  const [a, b] = tabs as [(typeof tabs)[0], (typeof tabs)[0]];
  // Tab B goes to the background: the page sees itself hidden (headless Chromium never hides a
  // tab, so the page's visibility is set as a background tab's would be); its workers keep proving.
  await b.page.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  // Tab A is reloaded while one of its leaves of a later block is being proven. The page itself
  // watches for the moment the proof starts (within 5 ms), notes the store's jobs of the block and
  // reloads, so the reload lands inside the proof, not after it.
  const loaded = a.page.waitForEvent('load', { timeout: 420_000 });
  await a.page.evaluate(() => {
    const tab = (globalThis as any).fernetTab;
    let busy = false;
    const timer = setInterval(async () => {
      if (busy) return;
      const block = tab.session.state.blocks.find(
        (x: any) =>
          x.number >= 2 &&
          x.status === 'open' &&
          Object.entries(x.mine).some(([n, v]) => v === 'proving' && n.startsWith('0/')),
      );
      if (!block) return;
      busy = true;
      clearInterval(timer);
      const node = Object.entries(block.mine).find(([n, v]) => v === 'proving' && n.startsWith('0/'))![0];
      const jobs = (await tab.store.listJobs())
        .filter((j: any) => j.id.startsWith(`${block.commitment}/`))
        .map((j: any) => ({ id: j.id, state: j.state, attempts: j.attempts }));
      sessionStorage.setItem(
        'reload-target',
        JSON.stringify({ number: block.number, commitment: block.commitment, node, assigned: block.assigned, jobs }),
      );
      location.reload();
    }, 5);
  });
  await loaded;
  const target = JSON.parse((await a.page.evaluate(() => sessionStorage.getItem('reload-target')))!) as {
    number: number;
    commitment: string;
    node: string;
    assigned: string[];
    jobs: StoredJob[];
  };
  const before = target.jobs;
  const interrupted = `${target.commitment}/${target.node}`;
  expect(before.find((j) => j.id === interrupted)).toMatchObject({ state: 'running', attempts: 1 });
  const doneBefore = before.filter((j) => j.state === 'done').map((j) => j.id);

  await expect(a.page.locator('#key-status')).toContainText('Unlock it to start proving');
  await a.page.fill('#unlock-passphrase', PASSPHRASE);
  await a.page.click('#key-unlock button[type=submit]');
  await expect(a.page.locator('#dashboard')).toBeVisible({ timeout: 60_000 });

  // The block closes canonical with A's nodes credited to A.
  await expect
    .poll(
      async () => {
        const x = (await tabState(a.page))?.blocks.find((y: any) => y.number === target.number);
        return x?.status === 'canonical' ? target.assigned.filter((n) => x.provedBy[n] === a.key).length : -1;
      },
      { timeout: 420_000 },
    )
    .toBeGreaterThan(0);
  // Counted in the store: one job per assigned node, none twice; the interrupted one leased a
  // second time after the reload; the ones done before it not run again.
  const after = await storedJobs(a.page, target.commitment);
  expect(after.map((j) => j.id).sort()).toEqual(target.assigned.map((n) => `${target.commitment}/${n}`).sort());
  expect(new Set(after.map((j) => j.id)).size).toBe(after.length);
  for (const id of doneBefore) expect(after.find((j) => j.id === id)).toMatchObject({ state: 'done', attempts: 1 });
  // The new page's log: the nodes done before are not proved again. The interrupted one was
  // leased again once its old lease ran out and proved once; or, when the old page finished it
  // in the moment before the reload, it is resumed from the store and not proved again.
  const log = (await tabState(a.page))!.log;
  const provedHere = (node: string) =>
    log.filter((l: string) => l.startsWith(`Block ${target.number}: proved ${node} in `)).length;
  for (const id of doneBefore) expect(provedHere(id.slice(target.commitment.length + 1))).toBe(0);
  const job = after.find((j) => j.id === interrupted)!;
  expect(job.state).toBe('done');
  if (job.attempts === 2) expect(provedHere(target.node)).toBe(1);
  else {
    expect(job.attempts).toBe(1);
    expect(provedHere(target.node)).toBe(0);
    expect(log.some((l: string) => l.startsWith(`Block ${target.number}: ${target.node} resumed`))).toBe(true);
  }
  console.log(`reload mid-proof of ${target.node}: attempts ${job.attempts}`);
  // Its transcript chunks were fetched and kept before the reload: the new page takes them from
  // IndexedDB, checked again, and fetches none of them from a peer.
  const chunkLines = log.filter((l: string) => l.startsWith(`Block ${target.number}: chunk `));
  expect(chunkLines.length).toBeGreaterThan(0);
  for (const l of chunkLines) expect(l).toMatch(/checked, from this browser's store/);

  // The hidden tab was credited in the same block, proving while hidden.
  expect(await b.page.evaluate(() => document.hidden)).toBe(true);
  const bBlock = (await tabState(b.page))!.blocks.find((x: any) => x.number === target.number);
  expect(Object.values(bBlock.provedBy).filter((k) => k === b.key).length).toBeGreaterThan(0);
  await a.page.screenshot({ path: `${SHOTS}/dashboard-after-reload.png`, fullPage: true });
});

test('the network drops mid-duty and comes back: the tab says so, publishes once it can, and is credited', async () => {
  test.setTimeout(600_000);
  const [a] = tabs as [(typeof tabs)[0]];
  // The network goes the moment tab A starts a proof, and comes back a few seconds after the
  // proof ends: the proof runs on, its result commitment meets no L1, and the duty must survive
  // that. Chromium's emulation fails the tab's HTTP requests (the L1) as with the Wi-Fi gone; it
  // leaves open WebSocket and WebRTC connections alone (the relay's reconnection is tested under
  // Node, test/net/relay-restart.test.ts).
  let target: { number: number; node: string } | undefined;
  const deadline = Date.now() + 300_000;
  while (!target && Date.now() < deadline) {
    const open = (await tabState(a.page))!.blocks.find((b: any) => b.status === 'open');
    const node = open && Object.entries(open.mine).find(([, v]) => v === 'proving')?.[0];
    if (node) target = { number: open.number, node };
    else await new Promise((r) => setTimeout(r, 50));
  }
  expect(target, 'tab A started no proof').toBeDefined();
  await a.context.setOffline(true);
  const t0 = Date.now();
  const mineNow = async () =>
    (await tabState(a.page))!.blocks.find((b: any) => b.number === target!.number)?.mine[target!.node];
  await expect.poll(async () => (await tabState(a.page))!.l1, { timeout: 60_000 }).toBe('down');
  await expect(a.page.locator('#dash-l1-state')).toHaveText(/unreachable/i);
  await expect(a.page.locator('#dash-l1-detail')).toContainText('does not answer');
  await expect.poll(mineNow, { timeout: 120_000 }).toBe('proved');
  await new Promise((r) => setTimeout(r, 4_000));
  // Proved offline, not published: it waits for the L1.
  expect(await mineNow()).toBe('proved');
  await a.page.screenshot({ path: `${SHOTS}/dashboard-offline.png`, fullPage: true });
  await a.context.setOffline(false);
  const offlineMs = Date.now() - t0;
  await expect.poll(async () => (await tabState(a.page))!.l1, { timeout: 60_000 }).toBe('up');
  await expect.poll(mineNow, { timeout: 60_000 }).toBe('revealed');
  // The block closes with the node proved offline credited to this tab.
  await expect
    .poll(
      async () => {
        const b = (await tabState(a.page))!.blocks.find((x: any) => x.number === target!.number);
        return b?.status === 'canonical' ? (b.provedBy[target!.node] === a.key ? 'credited' : 'not credited') : null;
      },
      { timeout: 300_000, intervals: [1_000] },
    )
    .toBe('credited');
  const log = (await tabState(a.page))!.log;
  expect(log.some((l: string) => l.startsWith('Lost the L1: '))).toBe(true);
  expect(log).toContain('The L1 answers again; the tab carries on.');
  expect(
    log.filter((l: string) => l.startsWith(`Block ${target!.number}: `) && /failed to fetch|fetch failed/i.test(l)),
  ).toEqual([]);
  console.log(`network drop: offline ${offlineMs} ms during the proof of ${target!.node} in block ${target!.number}`);
});
