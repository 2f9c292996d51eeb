// The devnet as `npm start -- --blocks 3` runs it: the L1, the relay, the sequencer and four
// headless provers, each in its own process, over libp2p (WebRTC). Consecutive blocks are proven,
// verified and credited on the L1 under each assignment option (three under sorted rounds, two
// under binary paths: the suite's time goes to the first), each crediting at least two distinct
// provers where the assignment names two. Under sorted rounds three hostile peers join too, each in its own process
// (wrong chunks, oversized answers, fake results whose payloads do not open): each is refused with
// its reason, scored down and banned, and the blocks are proven anyway.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { L1Client } from '../../src/l1/client.js';
import { type HostilePeer, readReport, runDevnet, startHostilePeer } from './devnet-run.js';
import type { HostileMode } from './hostile-peer.js';

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
    'consecutive blocks proven by separate prover processes, verified and credited on the L1',
    async () => {
      const count = assignment === 'sorted-rounds' ? 3 : 2;
      const report = join(dir, `${assignment}.json`);
      const run = await runDevnet([
        '--blocks',
        String(count),
        '--report',
        report,
        '--no-app',
        '--assignment',
        assignment,
        '--events',
        // Nobody here fails on purpose: under a loaded CI machine a member may take longer than
        // the default 30 s to reveal, and a cover would then take its credit.
        '--cover-after-ms',
        '60000',
      ]);
      const hostile = new Map<HostileMode, HostilePeer>();
      if (assignment === 'sorted-rounds') {
        const l1Url = (await run.waitFor((l) => l.startsWith('devnet: L1 JSON-RPC API at '))).split(' ')[5]!;
        const relay = (await run.waitFor((l) => l.startsWith('devnet: relay at '))).split(' ')[3]!;
        const { chainId } = await new L1Client(l1Url).status();
        const modes: HostileMode[] = ['corrupt-chunks', 'oversize-chunks', 'fake-payloads'];
        for (const [i, mode] of modes.entries())
          hostile.set(mode, await startHostilePeer({ mode, relay, l1Url, chainId, seed: 200 + i }));
      }
      const code = await run.exited.finally(() => Promise.all([...hostile.values()].map((h) => h.stop())));
      expect(code, run.lines.filter((l) => !l.startsWith('event')).join('\n')).toBe(0);
      const { blocks } = await readReport(report);
      expect(blocks.map((b) => b.number)).toEqual(Array.from({ length: count }, (_, i) => i + 1));
      for (const b of blocks) {
        expect(b).toMatchObject({ leaves: 4, assignment, transport: 'webrtc' });
        expect(b.msToVerified).toBeGreaterThan(0);
        // Every node of the tree is someone's, and committee members proved some of it.
        expect(b.provers.flatMap((p) => p.nodes).sort()).toEqual(['0/0', '0/1', '0/2', '0/3', '1/0', '1/1', '2/0']);
        const members = b.provers.filter((p) => p.role === 'prover').map((p) => p.key);
        // At least two distinct members credited in every block whose assignment gives members
        // two leaves or more. Sorted rounds give each task to a different rank, so members hold
        // four leaves; binary paths are VRF bits and may all land on one leaf (1 in 64 per block
        // with four members): the members then compete for one path, the fastest may win all of
        // it, and one credited member is all the assignment guarantees (the report says which).
        if (assignment === 'sorted-rounds') expect(b.memberLeaves).toBe(4);
        expect(b.assignedMembers.length).toBeGreaterThanOrEqual(1);
        expect(b.memberLeaves).toBeGreaterThanOrEqual(1);
        expect(new Set(members).size).toBeGreaterThanOrEqual(Math.min(2, b.memberLeaves));
        for (const m of members) expect(b.assignedMembers).toContain(m);
      }
      const distinctMembers = new Set(
        blocks.flatMap((b) => b.provers.filter((p) => p.role === 'prover').map((p) => p.key)),
      );
      expect(distinctMembers.size).toBeGreaterThanOrEqual(2);
      // The launcher's per-block lines name the credited count and the rewards.
      const blockLines = run.lines.filter((l) => l.startsWith('block '));
      expect(blockLines).toHaveLength(count);
      for (const l of blockLines) expect(l).toMatch(/canonical, [1-9]\d* credited · .*rewards: .*prover/);
      if (hostile.size > 0) expectHostilePeersRefused(run.lines, hostile);
    },
    SLOW,
  );
});

type EventLine = { role: string; event: Record<string, unknown> & { type: string } };

/** Each hostile peer was asked, refused with its own reason, and banned by someone it served. */
function expectHostilePeersRefused(lines: string[], hostile: Map<HostileMode, HostilePeer>): void {
  const events = lines.filter((l) => l.startsWith('event ')).map((l) => JSON.parse(l.slice(6)) as EventLine);
  const penalties = (peer: string) =>
    events.filter((e) => e.event.type === 'peer-penalized' && e.event.peer === peer).map((e) => e.event);

  const corrupt = hostile.get('corrupt-chunks')!;
  expect(corrupt.stats().chunkRequests).toBeGreaterThan(0);
  const rejected = events.filter((e) => e.event.type === 'chunk-rejected' && e.event.from === corrupt.peerId);
  expect(rejected.length).toBeGreaterThan(0);
  for (const r of rejected) expect(r.event.reason).toMatch(/inclusion proof|root/);
  expect(penalties(corrupt.peerId)).toContainEqual(expect.objectContaining({ offence: 'bad-chunk', banned: true }));

  const oversize = hostile.get('oversize-chunks')!;
  expect(oversize.stats().chunkRequests).toBeGreaterThan(0);
  expect(penalties(oversize.peerId)).toContainEqual(
    expect.objectContaining({ offence: 'invalid-message', reason: 'oversized', banned: true }),
  );

  const fake = hostile.get('fake-payloads')!;
  expect(fake.stats().announced).toBeGreaterThan(0);
  expect(fake.stats().payloadRequests).toBeGreaterThan(0);
  expect(penalties(fake.peerId)).toContainEqual(expect.objectContaining({ offence: 'bad-payload', banned: true }));
  const payloadRefusals = events.filter(
    (e) =>
      (e.event.type === 'payload-rejected' && e.event.holder === fake.peerId) ||
      (e.event.type === 'error' && String(e.event.message).startsWith(`payload from ${fake.peerId}`)),
  );
  expect(payloadRefusals.length).toBeGreaterThan(0);
  for (const r of payloadRefusals) expect(JSON.stringify(r.event)).toMatch(/payload does not decode/);
}
