// The L1 state machine's rules, driven directly (below the signature layer, as a replay is).
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { describe, expect, test } from 'vitest';
import {
  HeaderError,
  ResultRefusedError,
  elect,
  encodeHeader,
  encodeResult,
  encodeResultCommitment,
  encodeSignOff,
  generateStakingKey,
  nodeKind,
  resultCommitment,
  type BlockHeader,
  type TreeNode,
} from '../../src/protocol/index.js';
import type { SignedCommand } from '../../src/l1/commands.js';
import { NonceError, ProofRejectedError, StateRuleError } from '../../src/l1/errors.js';
import { toHex } from '../../src/l1/hex.js';
import { l1Params, type L1Params } from '../../src/l1/params.js';
import { L1State } from '../../src/l1/state.js';

const SIG = new Uint8Array(96);
const keys = Array.from({ length: 8 }, (_, i) => {
  const seed = new Uint8Array(48);
  seed[1] = i + 1;
  return generateStakingKey(seed).publicKey;
});
const acct = (pk: Uint8Array) => bytesToHex(pk);

function setup(overrides: Partial<L1Params> = {}) {
  const state = new L1State(
    l1Params({ epochSlots: 4, minStake: 100n, slashAmount: 40n, proofWindowSlots: 2, ...overrides }),
  );
  const apply = (c: SignedCommand) => state.apply({ ...c, nonce: state.nextNonce(c.account) });
  for (const pk of keys) apply({ type: 'register', account: acct(pk), nonce: 0, stake: '150' });
  state.apply({ type: 'advance', slot: 4 });
  return { state, apply };
}

function post(state: L1State, apply: (c: SignedCommand) => unknown, committeeSize = 4, threshold = 3) {
  state.apply({ type: 'advance', slot: state.slot + 1 });
  const e = elect(
    state.activeAccounts().map((a) => hexToBytes(a)),
    { prevBlockHash: state.head.blockHash, slot: state.slot },
    committeeSize,
  );
  const header: BlockHeader = {
    chainId: state.params.chainId,
    blockNumber: state.head.blockNumber + 1,
    slot: state.slot,
    prevBlockHash: state.head.blockHash,
    treeHeight: 1,
    committeeSize,
    assignment: { mode: 'sorted-rounds', subtreeHeight: 1, redundancy: 1 },
    startState: state.head.endState,
    signOffThreshold: threshold,
  };
  apply({
    type: 'postBlock',
    account: acct(e.sequencer.publicKey),
    nonce: 0,
    header: toHex(encodeHeader(header)),
    transcriptRoot: toHex(sha256(new Uint8Array(1))),
  });
  return { header, election: e, block: state.pending! };
}

describe('L1 state rules', () => {
  test('the clock only moves forward; randao and epoch follow it', () => {
    const { state } = setup();
    const before = bytesToHex(state.randao);
    expect(() => state.apply({ type: 'advance', slot: 4 })).toThrow(
      new StateRuleError('the clock only moves forward: slot 4 is not after 4'),
    );
    state.apply({ type: 'advance', slot: 9 });
    expect(state.epoch).toBe(2);
    expect(bytesToHex(state.randao)).not.toBe(before);
  });

  test('an unknown command type is refused and consumes nothing', () => {
    const { state } = setup();
    const a = acct(keys[0]!);
    expect(() => state.apply({ type: 'mint', account: a, nonce: 1 } as unknown as SignedCommand)).toThrow(
      new StateRuleError('unknown command type "mint"'),
    );
    expect(state.nextNonce(a)).toBe(1);
  });

  test('registration: once per key, minimum stake, active only from the next epoch', () => {
    const state = new L1State(l1Params({ epochSlots: 4, minStake: 100n }));
    state.apply({ type: 'register', account: acct(keys[0]!), nonce: 0, stake: '100' });
    expect(state.activeAccounts()).toEqual([]);
    expect(() => state.apply({ type: 'register', account: acct(keys[0]!), nonce: 1, stake: '100' })).toThrow(
      /already registered/,
    );
    expect(() => state.apply({ type: 'register', account: acct(keys[1]!), nonce: 0, stake: '99' })).toThrow(
      /below the minimum stake 100/,
    );
    expect(() => state.apply({ type: 'register', account: acct(keys[1]!), nonce: 3, stake: '200' })).toThrow(
      NonceError,
    );
    state.apply({ type: 'advance', slot: 4 });
    expect(state.activeAccounts()).toEqual([acct(keys[0]!)]);
  });

  test('exit: inactive from the next epoch, stake claimable after the withdrawal delay, claimed once', () => {
    const { state, apply } = setup();
    const a = acct(keys[2]!);
    apply({ type: 'exit', account: a, nonce: 0 });
    expect(state.stakers.get(a)!.exitEpoch).toBe(2);
    expect(state.activeAccounts()).toContain(a);
    state.apply({ type: 'advance', slot: 8 });
    expect(state.activeAccounts()).not.toContain(a);
    expect(state.claimable(a).stake).toBe(0n);
    state.apply({ type: 'advance', slot: 12 });
    expect(state.claimable(a).stake).toBe(150n);
    expect(apply({ type: 'claim', account: a, nonce: 0 })).toEqual({ type: 'claim', rewards: 0n, stake: 150n });
    expect(() => apply({ type: 'claim', account: a, nonce: 0 })).toThrow(/nothing to claim/);
  });

  test('a header from anyone but the elected sequencer is refused and changes nothing', () => {
    const { state } = setup();
    state.apply({ type: 'advance', slot: 5 });
    const e = elect(
      state.activeAccounts().map((a) => hexToBytes(a)),
      { prevBlockHash: state.head.blockHash, slot: state.slot },
      4,
    );
    const impostor = state.activeAccounts().find((a) => a !== acct(e.sequencer.publicKey))!;
    const header: BlockHeader = {
      chainId: state.params.chainId,
      blockNumber: 1,
      slot: 5,
      prevBlockHash: state.head.blockHash,
      treeHeight: 1,
      committeeSize: 4,
      assignment: { mode: 'binary-path', bitMode: 'low', openAfterSeconds: 1 },
      startState: state.head.endState,
      signOffThreshold: 3,
    };
    const attempt = () =>
      state.apply({
        type: 'postBlock',
        account: impostor,
        nonce: state.nextNonce(impostor),
        header: toHex(encodeHeader(header)),
        transcriptRoot: toHex(new Uint8Array(32)),
      });
    expect(attempt).toThrow(HeaderError);
    expect(attempt).toThrow(/not the elected sequencer/);
    expect(state.pending).toBeNull();
    expect(state.nextNonce(impostor)).toBe(1); // registration used nonce 0; the refused post used none
    expect(() =>
      state.apply({
        type: 'postBlock',
        account: acct(e.sequencer.publicKey),
        nonce: 1,
        header: toHex(encodeHeader({ ...header, slot: 4 })),
        transcriptRoot: toHex(new Uint8Array(32)),
      }),
    ).toThrow(/not the current slot 5/);
  });

  test('inactivity: a member missed in three of its elections is slashed, ejected below the minimum stake; a missed slot re-draws the roles', () => {
    const { state, apply } = setup();
    const committees: string[][] = [];
    const sequencers = new Set<string>();
    const elections = new Map<string, number>();
    const expected: string[][] = [];
    // Until an ejection leaves fewer than committee + 1 stakers.
    while (state.activeAccounts().length >= 5) {
      const { block } = post(state, apply);
      committees.push([...block.committee]);
      sequencers.add(block.sequencer);
      // The rule, per member: every third election without participating is a slash.
      const due: string[] = [];
      for (const m of block.committee) {
        const n = (elections.get(m) ?? 0) + 1;
        elections.set(m, n);
        if (n % 3 === 0) due.push(m);
      }
      expected.push(due.sort());
      state.apply({ type: 'advance', slot: block.deadlineSlot });
    }
    // The head never moves, but the slot is in the VRF input: committees and sequencers differ.
    expect(new Set(committees.map((c) => c.join())).size).toBeGreaterThan(1);
    expect(sequencers.size).toBeGreaterThan(1);
    expect(state.blocks.every((b) => b.status === 'missed')).toBe(true);
    expect(state.blocks.map((b) => b.slashes.map((e) => e.account).sort())).toEqual(expected);
    expect(state.blocks.flatMap((b) => b.slashes).every((e) => e.reason === 'inactivity' && e.amount === 40n)).toBe(
      true,
    );
    const twice = [...elections].find(([, n]) => n >= 6)![0];
    const member = state.stakers.get(twice)!;
    expect(member.slashed).toBe(80n); // 150 − 2·40 = 70, below the minimum of 100
    expect(member.ejected).toBe(true);
    expect(state.activeAccounts()).not.toContain(member.account);
    const onlySequencers = [...sequencers].filter((a) => !elections.has(a));
    for (const a of onlySequencers) expect(state.stakers.get(a)!.slashed).toBe(0n); // never as sequencer
    expect(state.totals.burned).toBe(BigInt(expected.flat().length) * 40n);
  });

  test('slash-all-on-miss: one missed proof slashes the sequencer and every committee member', () => {
    const { state, apply } = setup({ slashingPolicy: 'slash-all-on-miss' });
    const { block } = post(state, apply);
    state.apply({ type: 'advance', slot: block.deadlineSlot });
    const slashed = state.blocks[0]!.slashes.map((s) => s.account).sort();
    expect(slashed).toEqual([block.sequencer, ...block.committee].sort());
    expect(state.blocks[0]!.slashes.every((s) => s.reason === 'missed-proof' && s.amount === 40n)).toBe(true);
  });

  test('commit–reveal: only assigned keys post for a node; a final proof must contain the pinned result', () => {
    const { state, apply } = setup();
    const { block } = post(state, apply, 4, 3);
    const k = block.header.treeHeight;
    const envelope = (node: TreeNode, prover: string) => ({
      blockCommitment: block.commitment,
      node,
      kind: nodeKind(node),
      proofDigest: sha256(new TextEncoder().encode(prover)),
      prover: hexToBytes(prover),
    });
    const commit = (node: TreeNode, prover: string) => {
      const e = envelope(node, prover);
      return apply({
        type: 'commitResult',
        account: prover,
        nonce: 0,
        commitment: toHex(
          encodeResultCommitment({
            blockCommitment: e.blockCommitment,
            node,
            prover: e.prover,
            commitment: resultCommitment(e),
            signature: SIG,
          }),
        ),
      });
    };
    const reveal = (node: TreeNode, prover: string) =>
      apply({
        type: 'revealResult',
        account: prover,
        nonce: 0,
        result: toHex(encodeResult({ ...envelope(node, prover), signature: SIG })),
        instance: bytesToHex(envelope(node, prover).proofDigest),
      });
    const leaf0 = { level: 0, index: 0 };
    const owner = block.assignment.creditableProvers(leaf0)[0]!;
    // Sorted rounds, k = 1, ρ = 1: ranks 0 and 1 prove the two leaves; ranks 2 and 3 nothing.
    const outsider = block.committee[2]!;
    const refusal = (what: string) =>
      new ResultRefusedError(
        `${what} for node (0, 0) refused: ${outsider.slice(0, 16)}… is not assigned that node (only an assigned prover's reveal closes a node)`,
      );
    const nonce = state.nextNonce(outsider);
    expect(() => reveal(leaf0, outsider)).toThrow(refusal('result'));
    expect(() => commit(leaf0, outsider)).toThrow(refusal('result commitment'));
    expect(state.nextNonce(outsider)).toBe(nonce); // refused calls consume nothing
    // The outsider's attempt did not close the node: the owner's commitment is still on time.
    expect(commit(leaf0, owner)).toEqual({ type: 'commitResult', outcome: 'recorded' });
    expect(reveal(leaf0, owner)).toEqual({ type: 'revealResult', outcome: 'timely' });
    expect(commit(leaf0, owner)).toEqual({ type: 'commitResult', outcome: 'late' });
    apply({
      type: 'signOff',
      account: owner,
      nonce: 0,
      blockNumber: 1,
      signOff: toHex(encodeSignOff({ signers: [0, 1, 2], aggregateSignature: SIG }, 4)),
    });
    const proved = (leafProver: string, instance?: string) => ({
      endState: { noteRoot: '0', noteNextIndex: 2, nullifierRoot: '0', nullifierNextIndex: 0 },
      provedNodes: [
        { level: 0, index: 0, prover: leafProver, ...(instance ? { instance } : {}) },
        { level: 0, index: 1, prover: block.sequencer },
        { level: 1, index: 0, prover: block.sequencer },
      ],
    });
    expect(k).toBe(1);
    const submit = (outcome: ReturnType<typeof proved>) =>
      apply({
        type: 'submitProof',
        account: outsider,
        nonce: 0,
        blockNumber: 1,
        proofDigest: toHex(new Uint8Array(32)),
        outcome,
      });
    // A tree that names another key at the pinned leaf, or the owner's key on another instance, is refused.
    expect(() => submit(proved(outsider))).toThrow(
      new ProofRejectedError(
        'pinned-result',
        `node (0, 0) is proved under ${outsider.slice(0, 16)}…, not on the timely revealed result of ${owner.slice(0, 16)}…`,
        { block: 1 },
      ),
    );
    expect(() => submit(proved(owner, 'ab'.repeat(32)))).toThrow(
      new ProofRejectedError(
        'pinned-result',
        `node (0, 0) is not the timely revealed result of ${owner.slice(0, 16)}… (another instance)`,
        { block: 1 },
      ),
    );
    expect(state.pending).not.toBeNull();
    const r = submit(proved(owner, bytesToHex(envelope(leaf0, owner).proofDigest))) as unknown as {
      record: {
        credited: Array<{ node: TreeNode; prover: string }>;
        payouts: Array<{ account: string; role: string }>;
      };
    };
    expect(r.record.credited).toEqual([{ node: leaf0, prover: owner }]);
    expect(r.record.payouts.filter((p) => p.role === 'prover').map((p) => p.account)).toEqual([owner]);
    expect(state.claimable(outsider).rewards).toBe(100n); // only the submitter's share
  });

  test('a proof needs the M-of-N sign-off, and the training wheel needs the transition sign-off', () => {
    const { state, apply } = setup({ trainingWheel: true });
    const { block } = post(state, apply, 4, 3);
    const submit = (extra = {}) =>
      apply({
        type: 'submitProof',
        account: block.sequencer,
        nonce: 0,
        blockNumber: 1,
        proofDigest: toHex(new Uint8Array(32)),
        outcome: {
          endState: { noteRoot: '0', noteNextIndex: 2, nullifierRoot: '0', nullifierNextIndex: 0 },
          provedNodes: [],
        },
        ...extra,
      });
    expect(submit).toThrow(/no M-of-N sign-off yet/);
    expect(() =>
      apply({
        type: 'signOff',
        account: block.sequencer,
        nonce: 0,
        blockNumber: 1,
        signOff: toHex(encodeSignOff({ signers: [0, 1], aggregateSignature: SIG }, 4)),
      }),
    ).toThrow(/needs 3/);
    apply({
      type: 'signOff',
      account: block.sequencer,
      nonce: 0,
      blockNumber: 1,
      signOff: toHex(encodeSignOff({ signers: [0, 1, 3], aggregateSignature: SIG }, 4)),
    });
    expect(submit).toThrow(/transition sign-off is required/);
    const r = submit({
      transitionSignOff: toHex(encodeSignOff({ signers: [0, 1, 2], aggregateSignature: SIG }, 4)),
    }) as unknown as { record: { status: string } };
    expect(r.record.status).toBe('canonical');
  });
});
