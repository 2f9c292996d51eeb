// The kernel conformance suite in real Chromium: the conformance page runs it on the page's kernel
// and in a pool worker; every check must pass, and the checks and their details must be the
// ones the same suite reports under Node here (same seeded inputs, so nothing is skipped).
import { expect, test } from '@playwright/test';
import { runConformance } from '../../src/kernel/conformance.js';
import { loadKernel } from '../../src/kernel/index.js';

const PAGE = '/src/app/conformance.html';

type Result = { name: string; ok: boolean; detail: string; ms: number };
type Outcome = { results: Result[] } | { error: string };
const withoutTimes = (rs: Result[]) => rs.map(({ name, ok, detail }) => ({ name, ok, detail }));

test('every conformance check passes in Chromium, on the page and in a pool worker, as under Node', async ({
  page,
}) => {
  const node = runConformance(await loadKernel());
  expect(node.filter((r) => !r.ok)).toEqual([]);

  await page.goto(PAGE);
  await expect(page.locator('#summary')).not.toHaveAttribute('data-state', 'running', { timeout: 90_000 });
  const summary = (await page.locator('#summary').textContent()) ?? '';
  const out = (await page.evaluate(() => {
    const c = (globalThis as any).fernetConformance;
    return { page: c.page, worker: c.worker, isolated: crossOriginIsolated };
  })) as { page: Outcome; worker: Outcome; isolated: boolean };
  expect(out.isolated).toBe(true);
  expect(out.page, summary).toHaveProperty('results');
  expect(out.worker, summary).toHaveProperty('results');
  const pageResults = (out.page as { results: Result[] }).results;
  const workerResults = (out.worker as { results: Result[] }).results;

  for (const rs of [pageResults, workerResults]) {
    expect(
      rs.filter((r) => !r.ok),
      summary,
    ).toEqual([]);
    expect(rs).toHaveLength(node.length);
    expect(withoutTimes(rs)).toEqual(withoutTimes(node));
  }
  await expect(page.locator('#summary')).toHaveAttribute('data-state', 'passed');
  expect(summary).toBe(`All ${node.length} checks passed on the page and in a pool worker.`);
  await expect(page.locator('#results tr[data-check] td.pass')).toHaveCount(2 * node.length);
  await expect(page.locator('#results td.fail')).toHaveCount(0);
  console.log(
    `kernel conformance in Chromium: ${node.length} checks passed on the page and in a worker; page total ${pageResults.reduce((s, r) => s + r.ms, 0).toFixed(0)} ms`,
  );
});

test('in Chromium the harness reports a wrong kernel as failing checks', async ({ page }) => {
  await page.goto(PAGE);
  await expect(page.locator('#summary')).toHaveAttribute('data-state', 'passed', { timeout: 90_000 });
  const failed = await page.evaluate(() => {
    const { kernel, runConformance } = (globalThis as any).fernetConformance;
    const R = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;
    // a kernel whose MSM drops the last term and whose Poseidon is off by one
    const wrong = Object.assign(Object.create(kernel), {
      msm: (p: Uint8Array, s: Uint8Array) =>
        kernel.msm(p.length > 64 ? p.subarray(0, p.length - 64) : p, s.length > 32 ? s.subarray(0, s.length - 32) : s),
      poseidon2: (a: bigint, b: bigint) => (kernel.poseidon2(a, b) + 1n) % R,
    });
    return (runConformance(wrong) as Result[]).filter((r) => !r.ok).map((r) => `${r.name} | ${r.detail}`);
  });
  expect(
    failed.some((f) => f.startsWith('msm: 300 random points | random points and scalars (n = 300): kernel ')),
  ).toBe(true);
  expect(
    failed.some((f) =>
      f.startsWith(
        'poseidon: Poseidon(1, 2) is the published circomlib value | Poseidon(1, 2): kernel 0x115cc0f5e7d690413df64c6b9662e9cf2a3617f2743245519e19607a4417189b',
      ),
    ),
  ).toBe(true);
  expect(failed.every((f) => /^(msm|poseidon): /.test(f))).toBe(true);
});
