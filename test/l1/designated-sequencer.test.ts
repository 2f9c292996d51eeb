// A devnet L1 with a designated sequencer: that key posts every block, the elected one may not,
// and the committee is drawn from the other stakers.
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { afterEach, describe, expect, test } from 'vitest';
import { elect, electWithSequencer, ElectionError, encodeHeader } from '../../src/protocol/index.js';
import { L1RpcError } from '../../src/l1/errors.js';
import { keyFor, planNextBlock, removeDir, startTestL1, TRANSCRIPT_ROOT, type TestL1 } from './helpers.js';

let l1: TestL1 | undefined;
afterEach(async () => {
  await l1?.stop();
  if (l1) await removeDir(l1.dir);
  l1 = undefined;
});

describe('designated sequencer', () => {
  test('the committee is the lowest VRFs among the others; the sequencer alone is refused', () => {
    const keys = Array.from({ length: 5 }, (_, i) => keyFor(i).publicKey);
    const prev = { prevBlockHash: new Uint8Array(32).fill(7), slot: 9 };
    const e = electWithSequencer(keys, prev, 3, keys[2]!);
    expect(bytesToHex(e.sequencer.publicKey)).toBe(bytesToHex(keys[2]!));
    const expected = elect(
      keys.filter((_, i) => i !== 2),
      prev,
      10,
    );
    // elect() leaves the highest out of its committee; the designated rule does not.
    const all = [...expected.committee, expected.sequencer].map((m) => bytesToHex(m.publicKey));
    expect(e.committee.map((m) => bytesToHex(m.publicKey))).toEqual(all.slice(0, 3));
    expect(() => electWithSequencer([keys[2]!], prev, 3, keys[2]!)).toThrow(ElectionError);
    expect(() => electWithSequencer([keys[2]!], prev, 3, keys[2]!)).toThrow(
      'no active stakers besides the designated sequencer',
    );
  });

  test('only the designated key may post; its committee excludes it', async () => {
    const sequencer = keyFor(40);
    l1 = await startTestL1({ designatedSequencer: bytesToHex(sequencer.publicKey) });
    const stakers = Array.from({ length: 4 }, (_, i) => keyFor(i));
    for (const k of stakers) await l1.client.register(k.secretKey, 1000n);
    await l1.client.devAdvanceSlots(4);
    const plan = await planNextBlock(l1.client, stakers, { committeeSize: 4, treeHeight: 2, threshold: 2 });
    // planNextBlock elects by VRF: its sequencer is one of the stakers, whom this chain refuses.
    const refused = await l1.client
      .postBlock(plan.sequencer.secretKey, plan.headerBytes, TRANSCRIPT_ROOT)
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(L1RpcError);
    expect((refused as L1RpcError).message).toMatch(/not the elected sequencer/);
    const election = await l1.client.getElection(4);
    expect(election.sequencer).toBe(`0x${bytesToHex(sequencer.publicKey)}`);
    expect(election.committee).toHaveLength(4);
    const header = { ...plan.header, committeeSize: 4 };
    // The designated key must itself be staked (the L1 settles and slashes stakers only).
    const unstaked = await l1.client
      .postBlock(sequencer.secretKey, encodeHeader(header), TRANSCRIPT_ROOT)
      .catch((e: unknown) => e);
    expect(unstaked).toMatchObject({ status: 422, message: 'the designated sequencer must be a registered staker' });
    await l1.client.register(sequencer.secretKey, 1000n);
    const posted = await l1.client.postBlock(sequencer.secretKey, encodeHeader(header), TRANSCRIPT_ROOT);
    expect(new Set(posted.committee as string[])).toEqual(new Set(stakers.map((k) => `0x${bytesToHex(k.publicKey)}`)));
    expect(hexToBytes((posted.commitment as string).slice(2))).toHaveLength(32);
  });
});
