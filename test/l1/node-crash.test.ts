// The L1 node under real process kills: every command it acknowledged is in its state after a
// restart, at several kill points.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { accountId } from '../../src/l1/hex.js';
import { L1Node } from '../../src/l1/node.js';
import { SimulatedProofVerifier } from '../../src/l1/simulated-proof.js';
import { runUntilKilled } from './helpers.js';

async function runAndKill(
  logPath: string,
  acksBeforeKill: number,
  extraMs: number,
): Promise<{ slots: number[]; stakers: string[] }> {
  const slots: number[] = [];
  const stakers: string[] = [];
  await runUntilKilled('node-writer.ts', [logPath], extraMs, (line) => {
    const [tag, kind, value] = line.split(' ');
    if (tag === 'ack') {
      if (kind === 'slot') slots.push(Number(value));
      else stakers.push(value!);
    }
    return slots.length + stakers.length >= acksBeforeKill;
  });
  return { slots, stakers };
}

test('every acknowledged L1 command survives SIGKILL of the node', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'l1-node-crash-'));
  const logPath = join(dir, 'commands.log');
  const acked = { slot: 0, stakers: new Set<string>() };
  for (const [acks, extraMs] of [
    [6, 0],
    [15, 2],
    [9, 5],
    [20, 1],
  ] as const) {
    const got = await runAndKill(logPath, acks, extraMs);
    for (const s of got.slots) acked.slot = Math.max(acked.slot, s);
    for (const k of got.stakers) acked.stakers.add(accountId(k));
    const node = await L1Node.open({ logPath, verifier: new SimulatedProofVerifier(), params: { minStake: 1n } });
    expect(node.state.slot).toBeGreaterThanOrEqual(acked.slot);
    for (const k of acked.stakers) expect(node.state.stakers.has(k)).toBe(true);
    // Replay is exact: stakers registered in order, one per tick (plus at most one unacknowledged).
    expect(node.state.stakers.size).toBeGreaterThanOrEqual(acked.stakers.size);
    expect(node.state.stakers.size - node.state.slot).toBeLessThanOrEqual(0);
    await node.close();
  }
  await rm(dir, { recursive: true });
}, 120_000);
