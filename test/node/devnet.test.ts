// The devnet as `npm start -- --blocks 3` runs it: the L1, the relay, the sequencer and four
// headless provers, each in its own process, over libp2p (WebRTC). Three consecutive blocks are
// proven, verified and credited on the L1 under each assignment option, each crediting at least
// two distinct provers.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readReport, runDevnet } from './devnet-run.js';

const SLOW = 900_000;
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'devnet-'));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe.each(['sorted-rounds', 'binary-path'] as const)('devnet with %s', (assignment) => {
  test(
    'three consecutive blocks proven by separate prover processes, verified and credited on the L1',
    async () => {
      const report = join(dir, `${assignment}.json`);
      const run = await runDevnet(['--blocks', '3', '--report', report, '--no-app', '--assignment', assignment]);
      const code = await run.exited;
      expect(code, run.lines.filter((l) => !l.startsWith('event')).join('\n')).toBe(0);
      const { blocks } = await readReport(report);
      expect(blocks.map((b) => b.number)).toEqual([1, 2, 3]);
      for (const b of blocks) {
        expect(b).toMatchObject({ leaves: 4, assignment, transport: 'webrtc' });
        expect(b.msToVerified).toBeGreaterThan(0);
        // Every node of the tree is someone's, and committee members proved some of it.
        expect(b.provers.flatMap((p) => p.nodes).sort()).toEqual(['0/0', '0/1', '0/2', '0/3', '1/0', '1/1', '2/0']);
        const members = b.provers.filter((p) => p.role === 'prover').length;
        // Sorted rounds give each task to a different rank, so two members per block always;
        // binary paths are VRF bits and may collide (all four on one leaf: 1 in 64 per block),
        // so there the two distinct members are required across the three blocks.
        expect(members).toBeGreaterThanOrEqual(assignment === 'sorted-rounds' ? 2 : 1);
      }
      const distinctMembers = new Set(
        blocks.flatMap((b) => b.provers.filter((p) => p.role === 'prover').map((p) => p.key)),
      );
      expect(distinctMembers.size).toBeGreaterThanOrEqual(2);
      // The launcher's per-block lines name the credited count and the rewards.
      const blockLines = run.lines.filter((l) => l.startsWith('block '));
      expect(blockLines).toHaveLength(3);
      for (const l of blockLines) expect(l).toMatch(/canonical, [1-9]\d* credited · rewards: .*prover/);
    },
    SLOW,
  );
});
