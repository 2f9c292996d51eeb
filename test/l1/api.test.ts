import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { afterEach, describe, expect, test } from 'vitest';
import { L1RpcError } from '../../src/l1/errors.js';
import {
  keyFor,
  planNextBlock,
  postNextBlock,
  proveOpenBlock,
  removeDir,
  startTestL1,
  TRANSCRIPT_ROOT,
  type TestL1,
} from './helpers.js';

const running: TestL1[] = [];
afterEach(async () => {
  for (const l1 of running.splice(0)) {
    await l1.stop();
    await removeDir(l1.dir);
  }
});

async function l1(params = {}) {
  const t = await startTestL1(params);
  running.push(t);
  return t;
}

async function rpcError(p: Promise<unknown>): Promise<L1RpcError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof L1RpcError) return e;
    throw e;
  }
  throw new Error('expected the call to fail');
}

describe('L1 block lifecycle over HTTP', () => {
  test('register, activate, post, commit, reveal, sign off, prove, settle, claim, and survive a restart', async () => {
    const t = await l1();
    const { client } = t;
    const stakers = Array.from({ length: 7 }, (_, i) => keyFor(i));
    for (const k of stakers) await client.register(k.secretKey, 1000n);
    expect((await client.status()).activeStakers).toBe(0); // activation waits one epoch
    await client.devAdvanceSlots(4);
    expect((await client.status()).activeStakers).toBe(7);

    const plan = await planNextBlock(client, stakers, { committeeSize: 4, treeHeight: 2, threshold: 3 });
    // The L1's own election view names the same roles the protocol rules give.
    const election = await client.getElection(4);
    expect(election.sequencer).toBe(`0x${bytesToHex(plan.sequencer.publicKey)}`);
    expect(election.committee).toEqual(plan.committee.map((k) => `0x${bytesToHex(k.publicKey)}`));
    // Anyone but the elected sequencer is refused.
    const impostor = stakers.find((k) => k !== plan.sequencer)!;
    expect(await rpcError(client.postBlock(impostor.secretKey, plan.headerBytes, TRANSCRIPT_ROOT))).toMatchObject({
      status: 422,
      errorName: 'HeaderError',
    });
    const posted = await client.postBlock(plan.sequencer.secretKey, plan.headerBytes, TRANSCRIPT_ROOT);
    expect(posted).toMatchObject({ type: 'postBlock', number: 1 });
    const commitment = hexToBytes((posted.commitment as string).slice(2));
    const submitter = keyFor(100); // not a staker: anyone may submit
    const run = await proveOpenBlock(client, plan, commitment, submitter, { signers: 3 });
    const receipt = await run.submit();
    const block = receipt.block as {
      status: string;
      contributors: string[];
      payouts: Array<{ account: string; role: string; amount: string }>;
    };
    expect(block.status).toBe('canonical');
    expect(block.contributors.length).toBeGreaterThan(0);
    const roles = new Set(block.payouts.map((p) => p.role));
    expect(roles).toEqual(new Set(['prover', 'sequencer', 'submitter']));
    expect(block.payouts.find((p) => p.role === 'submitter')).toMatchObject({
      account: `0x${bytesToHex(submitter.publicKey)}`,
      amount: '100',
    });

    const status = await client.status();
    expect(status.head).toMatchObject({ number: 1, hash: `0x${bytesToHex(commitment)}` });
    expect(status.openBlock).toBeNull();

    // Pull-model claim: the balance is paid once.
    const prover = plan.committee.find((k) => block.contributors.includes(`0x${bytesToHex(k.publicKey)}`))!;
    const owed = (await client.getAccount(prover.publicKey)).claimableRewards;
    expect(BigInt(owed)).toBeGreaterThan(0n);
    expect(await client.claim(prover.secretKey)).toMatchObject({ type: 'claim', rewards: owed, stake: '0' });
    const again = await rpcError(client.claim(prover.secretKey));
    expect(again).toMatchObject({ status: 422, errorName: 'StateRuleError' });
    expect(again.message).toMatch(/nothing to claim/);

    // Restart from the command log: the same chain, balances and nonces.
    const before = await client.status();
    const nonce = (await client.getAccount(prover.publicKey)).nextNonce;
    await t.stop();
    running.splice(running.indexOf(t), 1);
    const t2 = await startTestL1({}, t.dir);
    running.push(t2);
    const after = await t2.client.status();
    expect(after).toEqual(before);
    expect((await t2.client.getAccount(prover.publicKey)).nextNonce).toBe(nonce);
    expect(await t2.client.getBlock(1)).toMatchObject({ status: 'canonical', hash: `0x${bytesToHex(commitment)}` });
  });

  test('concurrent calls from many accounts are all applied once, in one order that a restart reproduces', async () => {
    const t = await l1();
    const keys = Array.from({ length: 16 }, (_, i) => keyFor(200 + i));
    const receipts = await Promise.all(keys.map((k, i) => t.client.register(k.secretKey, 1000n + BigInt(i))));
    expect(receipts.every((r) => r.type === 'register')).toBe(true);
    // Registering the same keys again, concurrently (fresh nonces): each is refused once by the rule.
    const again = await Promise.all(keys.map((k) => t.client.register(k.secretKey, 5000n).catch((e: unknown) => e)));
    expect(
      again.every((e) => e instanceof L1RpcError && e.status === 422 && /already registered/.test(e.message)),
    ).toBe(true);
    const stakers = await t.client.getStakers();
    expect(stakers.map((s) => s.stake).sort()).toEqual(keys.map((_, i) => String(1000 + i)).sort());
    await t.stop();
    running.splice(running.indexOf(t), 1);
    const t2 = await startTestL1({}, t.dir);
    running.push(t2);
    expect(await t2.client.getStakers()).toEqual(stakers);
  });

  test('a block without M-of-N sign-off cannot be proven and is missed at its deadline', async () => {
    const t = await l1();
    const { client } = t;
    const stakers = Array.from({ length: 6 }, (_, i) => keyFor(i));
    const { plan, commitment } = await postNextBlock(client, stakers, {
      committeeSize: 4,
      treeHeight: 1,
      threshold: 3,
    });
    // Only 2 of the required 3 members sign: the L1 refuses the sign-off...
    const short = await rpcError(proveOpenBlock(client, plan, commitment, keyFor(100), { signers: 2 }));
    expect(short.status).toBe(422);
    expect(short.message).toMatch(/only 2 of 4 committee members signed; 3 required/);
    // ...so the final proof is refused too, and the block is missed at the deadline.
    const { buildSimulatedProof } = await import('../../src/l1/simulated-proof.js');
    const proof = buildSimulatedProof(commitment, 1, plan.header.startState, () => plan.sequencer.publicKey);
    const refused = await rpcError(client.submitProof(keyFor(100).secretKey, 1, proof));
    expect(refused.message).toMatch(/no M-of-N sign-off/);
    await client.devAdvanceSlots(4);
    expect(await client.getBlock(1)).toMatchObject({ status: 'missed' });
    expect((await client.status()).head.number).toBe(0);
  });

  test('a forged sign-off (signatures from outside the committee, or over another block) is refused', async () => {
    const t = await l1();
    const { client } = t;
    const stakers = Array.from({ length: 6 }, (_, i) => keyFor(i));
    const { plan, commitment } = await postNextBlock(client, stakers, {
      committeeSize: 3,
      treeHeight: 1,
      threshold: 2,
    });
    const { aggregateSignOff, signBlockCommitment } = await import('../../src/protocol/index.js');
    const outsiders = [keyFor(50), keyFor(51)];
    const forged = aggregateSignOff(
      outsiders.map((k, rank) => ({ rank, signature: signBlockCommitment(k.secretKey, commitment) })),
    );
    const e1 = await rpcError(client.signOff(plan.sequencer.secretKey, 1, forged, 3));
    expect(e1).toMatchObject({ status: 422, errorName: 'SignatureError' });
    const other = new Uint8Array(32).fill(7);
    const wrongBlock = aggregateSignOff(
      plan.committee.slice(0, 2).map((k, rank) => ({ rank, signature: signBlockCommitment(k.secretKey, other) })),
    );
    const e2 = await rpcError(client.signOff(plan.sequencer.secretKey, 1, wrongBlock, 3));
    expect(e2.message).toMatch(/does not verify/);
    expect((await client.status()).openBlock).toMatchObject({ number: 1, signers: 0 });
  });

  test('a tampered final proof is rejected with the verifier reason', async () => {
    const t = await l1();
    const { client } = t;
    const stakers = Array.from({ length: 5 }, (_, i) => keyFor(i));
    const { plan, commitment } = await postNextBlock(client, stakers, {
      committeeSize: 3,
      treeHeight: 1,
      threshold: 2,
    });
    const run = await proveOpenBlock(client, plan, commitment, keyFor(100));
    const tampered = run.proof.slice();
    tampered[tampered.length - 1]! ^= 1;
    const e = await rpcError(client.submitProof(keyFor(100).secretKey, 1, tampered));
    expect(e).toMatchObject({ status: 422, errorName: 'ProofRejectedError' });
    expect(e.message).toMatch(/does not bind its prover key/);
    expect((await run.submit()).block).toMatchObject({ status: 'canonical' });
  });
});
