// The amended commit–reveal rules through the real server (HTTP, signed calls, command log):
// only an assigned prover's valid reveal closes a node, and a final proof that re-folds a pinned
// node under another key is refused, so neither an outsider nor a thief can take or deny credit.
import { bytesToHex } from '@noble/hashes/utils.js';
import { afterEach, describe, expect, test } from 'vitest';
import { L1RpcError } from '../../src/l1/errors.js';
import { toHex } from '../../src/l1/hex.js';
import { buildSimulatedProof } from '../../src/l1/simulated-proof.js';
import { encodeResult, signResult, signResultCommitment, type TreeNode } from '../../src/protocol/index.js';
import {
  envelopeFor,
  keyFor,
  postNextBlock,
  proveOpenBlock,
  removeDir,
  simulatedResultFor,
  startTestL1,
  type TestL1,
} from './helpers.js';

const running: TestL1[] = [];
afterEach(async () => {
  for (const l1 of running.splice(0)) {
    await l1.stop();
    await removeDir(l1.dir);
  }
});

async function rpcError(p: Promise<unknown>): Promise<L1RpcError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof L1RpcError) return e;
    throw e;
  }
  throw new Error('expected the call to fail');
}

const hex16 = (pk: Uint8Array) => `${bytesToHex(pk).slice(0, 16)}…`;

async function openBlock() {
  const t = await startTestL1();
  running.push(t);
  const stakers = Array.from({ length: 7 }, (_, i) => keyFor(i));
  const { plan, commitment } = await postNextBlock(t.client, stakers, {
    committeeSize: 4,
    treeHeight: 2,
    threshold: 3,
  });
  return { t, stakers, plan, commitment };
}

type CreditedView = Array<{ level: number; index: number; prover: string }>;

describe('amended commit–reveal rules over HTTP', () => {
  test("an outsider's bogus reveal does not stop the assigned prover from being credited", async () => {
    const { t, stakers, plan, commitment } = await openBlock();
    const { client } = t;
    const byAccount = new Map(stakers.map((k) => [bytesToHex(k.publicKey), k]));
    const leaf = [0, 1, 2, 3]
      .map((index) => ({ level: 0, index }))
      .find((n) => plan.assignment.creditableProvers(n).length)!;
    const owner = byAccount.get(plan.assignment.creditableProvers(leaf)[0]!)!;
    const leafAt = `(0, ${leaf.index})`;
    const notAssigned = (key: Uint8Array) =>
      `result for node ${leafAt} refused: ${hex16(key)} is not assigned that node (only an assigned prover's reveal closes a node)`;
    const ownTree = (key: typeof owner) => simulatedResultFor(commitment, 2, leaf, key, () => key);

    // An unregistered key, with data that is well formed for its own key: refused, not logged.
    const outsider = keyFor(300);
    const o = ownTree(outsider);
    const e1 = await rpcError(
      client.revealResult(outsider.secretKey, signResult(outsider.secretKey, o.envelope), o.data),
    );
    expect(e1).toMatchObject({
      status: 422,
      errorName: 'ResultRefusedError',
      message: notAssigned(outsider.publicKey),
    });
    // A staker the assignment does not give that leaf, with no proof data at all: refused too.
    const other = stakers.find((k) => !plan.assignment.isCreditable(leaf, bytesToHex(k.publicKey)))!;
    const bare = envelopeFor(commitment, leaf, other, new Uint8Array(0));
    const e2 = await rpcError(
      client.revealResult(other.secretKey, signResult(other.secretKey, bare), new Uint8Array(0)),
    );
    expect(e2).toMatchObject({ status: 422, errorName: 'ResultRefusedError', message: notAssigned(other.publicKey) });
    // The owner's own bogus attempts are refused before they can close the node: data that does
    // not match the signed digest, data whose tag binds another node, and no data at all.
    const good = ownTree(owner);
    const e3 = await rpcError(
      client.revealResult(owner.secretKey, signResult(owner.secretKey, good.envelope), new Uint8Array([1, 2, 3])),
    );
    expect(e3).toMatchObject({
      status: 422,
      errorName: 'MessageError',
      message: 'proof data does not match the digest signed in the result',
    });
    const forged = simulatedResultFor(commitment, 2, { level: 0, index: leaf.index ^ 1 }, owner, () => owner).data;
    const e4 = await rpcError(
      client.revealResult(
        owner.secretKey,
        signResult(owner.secretKey, envelopeFor(commitment, leaf, owner, forged)),
        forged,
      ),
    );
    expect(e4).toMatchObject({
      status: 422,
      errorName: 'ResultRefusedError',
      message: `result for node ${leafAt} refused: its data does not check out: its tag does not bind node ${leafAt}, its prover and its children`,
    });
    const e5 = await rpcError(
      client.send(owner.secretKey, 'l1_revealResult', {
        result: toHex(encodeResult(signResult(owner.secretKey, good.envelope))),
      }),
    );
    expect(e5).toMatchObject({
      status: 400,
      errorName: 'SchemaError',
      message: 'params.proofData: missing required field',
    });

    // None of that closed the leaf: the owner's commitment is still on time, its reveal timely.
    expect(
      await client.commitResult(owner.secretKey, signResultCommitment(owner.secretKey, good.envelope)),
    ).toMatchObject({ type: 'commitResult', outcome: 'recorded' });
    const run = await proveOpenBlock(client, plan, commitment, keyFor(100));
    const block = (await run.submit()).block as { status: string; credited: CreditedView };
    expect(block.status).toBe('canonical');
    expect(block.credited).toContainEqual({ ...leaf, prover: `0x${bytesToHex(owner.publicKey)}` });
  });

  test("a thief's final proof that re-folds a revealed merge under its own key is refused; the honest one is credited", async () => {
    const { t, plan, commitment } = await openBlock();
    const thief = keyFor(100); // not a staker: anyone may submit a final proof
    const run = await proveOpenBlock(t.client, plan, commitment, thief);
    const keyOf = (n: TreeNode) => run.proverOf.get(`${n.level}/${n.index}`)!;
    // A merge an assigned member revealed (both children revealed below it).
    const merge = [0, 1]
      .map((index) => ({ level: 1, index }))
      .find((n) => keyOf(n) !== plan.sequencer && plan.assignment.creditableProvers(n).length > 0)!;
    const merger = keyOf(merge);
    const stolen = buildSimulatedProof(commitment, 2, run.endState, (n) =>
      n.level === merge.level && n.index === merge.index ? thief.publicKey : keyOf(n).publicKey,
    );
    // The root, pinned to its own revealer, no longer folds the same children: refused there first.
    const rootPinned = keyOf({ level: 2, index: 0 }) !== plan.sequencer;
    const refused = await rpcError(t.client.submitProof(thief.secretKey, 1, stolen));
    expect(refused).toMatchObject({
      status: 422,
      errorName: 'ProofRejectedError',
      message: rootPinned
        ? `final proof for block 1 rejected: node (2, 0) is not the timely revealed result of ${hex16(keyOf({ level: 2, index: 0 }).publicKey)} (another instance)`
        : `final proof for block 1 rejected: node (1, ${merge.index}) is proved under ${hex16(thief.publicKey)}, not on the timely revealed result of ${hex16(merger.publicKey)}`,
    });
    // The same re-fold with the root re-folded too (a whole stolen top of the tree): refused at the root's key.
    if (rootPinned) {
      const top = buildSimulatedProof(commitment, 2, run.endState, (n) =>
        n.level >= 1 && (n.level === 2 || n.index === merge.index) ? thief.publicKey : keyOf(n).publicKey,
      );
      const e = await rpcError(t.client.submitProof(thief.secretKey, 1, top));
      expect(e).toMatchObject({
        status: 422,
        errorName: 'ProofRejectedError',
        message: `final proof for block 1 rejected: node (2, 0) is proved under ${hex16(thief.publicKey)}, not on the timely revealed result of ${hex16(keyOf({ level: 2, index: 0 }).publicKey)}`,
      });
    }
    expect((await t.client.status()).openBlock).not.toBeNull();
    const block = (await run.submit()).block as { status: string; credited: CreditedView; submitter: string };
    expect(block.status).toBe('canonical');
    expect(block.credited).toContainEqual({ ...merge, prover: `0x${bytesToHex(merger.publicKey)}` });
    expect(block.credited.map((c) => c.prover)).not.toContain(`0x${bytesToHex(thief.publicKey)}`);
    expect(block.submitter).toBe(`0x${bytesToHex(thief.publicKey)}`);
  });
});
