// The L1Client port's contract: one suite, run against every implementation (HTTP, in-process).
// Each implementation's test file calls describeL1ClientContract with a factory for a fresh L1.
import { bytesToHex } from '@noble/hashes/utils.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { l1RejectionName } from '../../../src/participant/ports/l1-client.js';
import { signResultCommitment } from '../../../src/protocol/index.js';
import { envelopeFor, keyFor, postNextBlock, proveOpenBlock, type DevL1Client } from '../../l1/helpers.js';

export interface L1Fixture {
  client: DevL1Client;
  stop(): Promise<void>;
}

const plan = { committeeSize: 4, treeHeight: 2, threshold: 3 };

async function rejection(p: Promise<unknown>): Promise<{ name: string | undefined; message: string }> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e, 'the call should have been rejected').toBeInstanceOf(Error);
  return { name: l1RejectionName(e), message: (e as Error).message };
}

export function describeL1ClientContract(name: string, open: () => Promise<L1Fixture>): void {
  describe(`L1Client contract: ${name}`, () => {
    let l1: L1Fixture;
    beforeEach(async () => {
      l1 = await open();
    });
    afterEach(async () => {
      await l1.stop();
    });

    it('reads a fresh chain: genesis head, no open block, no stakers, nonce 0', async () => {
      const status = await l1.client.status();
      expect(status.head.number).toBe(0);
      expect(status.openBlock).toBeNull();
      expect(await l1.client.getStakers()).toEqual([]);
      expect(await l1.client.getStaker(keyFor(1).publicKey)).toBeNull();
      expect((await l1.client.getAccount(keyFor(1).publicKey)).nextNonce).toBe(0);
      expect(await l1.client.getBlock(1)).toBeNull();
    });

    it('registers, and refuses a second registration of the same key with the rule', async () => {
      const k = keyFor(1);
      const receipt = await l1.client.register(k.secretKey, 1000n);
      expect(receipt.type).toBe('register');
      const staker = await l1.client.getStaker(k.publicKey);
      expect(staker).toMatchObject({ publicKey: `0x${bytesToHex(k.publicKey)}`, stake: '1000' });
      expect((await l1.client.getAccount(k.publicKey)).nextNonce).toBe(1);
      expect(await rejection(l1.client.register(k.secretKey, 1000n))).toEqual({
        name: 'StateRuleError',
        message: 'this key is already registered (a key registers once)',
      });
    });

    it('runs a block end to end: post, commit, reveal, sign off, prove, claim', async () => {
      const keys = [1, 2, 3, 4, 5].map(keyFor);
      const { plan: p, commitment } = await postNextBlock(l1.client, keys, plan);
      const open = (await l1.client.status()).openBlock;
      expect(open?.commitment).toBe(`0x${bytesToHex(commitment)}`);
      expect((await l1.client.getElection(plan.committeeSize)).sequencer).toBe(
        `0x${bytesToHex(p.sequencer.publicKey)}`,
      );
      const proved = await proveOpenBlock(l1.client, p, commitment, p.sequencer);
      const receipt = await proved.submit();
      expect(receipt.type).toBe('submitProof');
      const block = await l1.client.getBlock(1);
      expect(block?.status).toBe('canonical');
      expect((await l1.client.getBlocks(0, 10)).map((b) => b.number)).toEqual([1]);
      const claimed = await l1.client.claim(p.sequencer.secretKey);
      expect(claimed.type).toBe('claim');
      expect(await rejection(l1.client.claim(p.sequencer.secretKey))).toEqual({
        name: 'StateRuleError',
        message: 'nothing to claim for this account',
      });
    });

    it("refuses a result commitment signed for another prover's key", async () => {
      const keys = [1, 2, 3, 4, 5].map(keyFor);
      const { commitment } = await postNextBlock(l1.client, keys, plan);
      const [a, b] = [keys[0]!, keys[1]!];
      const c = signResultCommitment(a.secretKey, envelopeFor(commitment, { level: 0, index: 0 }, a));
      expect(await rejection(l1.client.commitResult(b.secretKey, c))).toEqual({
        name: 'StateRuleError',
        message: 'a result commitment must be posted by its prover',
      });
    });
  });
}
