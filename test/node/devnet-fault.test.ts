// Two faults in one devnet run (relay, sequencer, four provers and a watching submitter, each in
// its own process), to share the set-up:
// - a prover killed mid-block: it took its chunks and signed off but had not revealed; the
//   sequencer covers its nodes after its timeout and the block is still proven;
// - a withholding sequencer: it completes the tree but never submits the final proof; the
//   watching submitter (no stake) assembles it from the announced payloads, submits it, and is
//   paid the submitter reward.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { readReport, runDevnet } from './devnet-run.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'devnet-fault-'));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

test('a prover killed mid-block and a withholding sequencer: nodes covered, the watcher submits, the block is proven', async () => {
  const report = join(dir, 'report.json');
  const run = await runDevnet([
    '--blocks',
    '1',
    '--report',
    report,
    '--no-app',
    '--events',
    '--cover-after-ms',
    '10000',
    '--submitter',
    '--withhold-proof',
  ]);
  // The first prover to sign off block 1 with nodes of its own is the victim.
  const line = await run.waitFor((l) => l.startsWith('event') && l.includes('"type":"signed-off"'));
  const { role, key } = JSON.parse(line.slice('event '.length)) as { role: string; key: string };
  const pidLine = await run.waitFor((l) => l.startsWith(`devnet: ${role} pid `));
  const pid = Number(pidLine.split(' pid ')[1]);
  process.kill(pid, 'SIGKILL');
  await run.waitFor((l) => l.includes(`${role} (pid ${pid}) exited with SIGKILL`));
  const code = await run.exited;
  expect(code, run.lines.filter((l) => !l.startsWith('event')).join('\n')).toBe(0);
  const [block] = (await readReport(report)).blocks;
  expect(block!.number).toBe(1);
  // The dead prover is in no node of the final tree; the sequencer proved more than the root.
  expect(block!.provers.map((p) => p.key)).not.toContain(key);
  const sequencerNodes = block!.provers.find((p) => p.role === 'sequencer')!.nodes;
  expect(sequencerNodes.length).toBeGreaterThan(1);
  expect(block!.provers.flatMap((p) => p.nodes).sort()).toEqual(['0/0', '0/1', '0/2', '0/3', '1/0', '1/1', '2/0']);
  // The watcher submitted and was paid; the withholding sequencer was not the submitter.
  expect(block!.submittedBy).toBe('submitter');
  const submitterKey = run.lines.find((l) => l.includes('"role":"submitter"') && l.includes('"type":"ready"'));
  const key0x = `0x${(JSON.parse(submitterKey!.slice('event '.length)) as { key: string }).key}`;
  expect(block!.payouts.filter((p) => p.role === 'submitter')).toEqual([
    { account: key0x, role: 'submitter', amount: '100' },
  ]);
  // Its revealed nothing: no 'revealed' event from it.
  expect(run.lines.some((l) => l.includes(`"role":"${role}"`) && l.includes('"type":"revealed"'))).toBe(false);
}, 900_000);
