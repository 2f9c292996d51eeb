// The dashboard's rules on real protocol data: a block header and committee as the L1 reports
// them, real staking keys and their VRFs, the assignment the participant computes; the tree
// picture's states, the log's reconnect messages, warnings, rewards and the capacity estimate.
import { describe, expect, it } from 'vitest';
import {
  capacity,
  initialState,
  onBlockClosed,
  onL1Down,
  onL1Status,
  onNetwork,
  onParticipantEvent,
  onStaker,
  rewards,
  treeView,
  warnings,
} from '../../src/app/dashboard-model.js';
import type { BlockView, StakerView, StatusView } from '../../src/l1/views.js';
import { bytesToHex } from '../../src/protocol/bytes.js';
import {
  type BlockHeader,
  blockCommitment,
  compareVrf,
  encodeHeader,
  generateStakingKey,
  vrf,
} from '../../src/protocol/index.js';

const key = (i: number) => generateStakingKey(new Uint8Array(48).fill(i + 1));
const prevBlockHash = new Uint8Array(32).fill(7);
const header: BlockHeader = {
  chainId: 1337,
  blockNumber: 3,
  slot: 21,
  prevBlockHash,
  treeHeight: 2,
  committeeSize: 2,
  assignment: { mode: 'sorted-rounds', subtreeHeight: 1, redundancy: 1 },
  startState: { noteRoot: 1n, noteNextIndex: 0, nullifierRoot: 2n, nullifierNextIndex: 1 },
  signOffThreshold: 1,
};
const sequencer = key(9);
// The committee as the L1 lists it: ascending VRF.
const committee = [key(0), key(1)]
  .map((k) => ({ k, publicKey: k.publicKey, vrf: vrf(k.publicKey, prevBlockHash, header.slot) }))
  .sort(compareVrf)
  .map((e) => e.k);
const [low, high] = committee as [ReturnType<typeof key>, ReturnType<typeof key>];
const hex = (k: { publicKey: Uint8Array }) => bytesToHex(k.publicKey);
const transcriptRoot = new Uint8Array(32).fill(3);
const commitment = blockCommitment(header, transcriptRoot);

function status(pins: Array<{ level: number; index: number; prover: string }> = [], slot = 22): StatusView {
  return {
    chainId: 1337,
    slot,
    epoch: 5,
    epochSlots: 4,
    randao: '0x00',
    head: { number: 2, hash: `0x${bytesToHex(prevBlockHash)}`, slot: 20, endState: {} as never },
    openBlock: {
      number: 3,
      commitment: `0x${bytesToHex(commitment)}`,
      sequencer: `0x${hex(sequencer)}`,
      committee: committee.map((k) => `0x${hex(k)}`),
      treeHeight: 2,
      signOffThreshold: 1,
      postedSlot: 21,
      deadlineSlot: 201,
      signers: 0,
      header: `0x${bytesToHex(encodeHeader(header))}`,
      transcriptRoot: `0x${bytesToHex(transcriptRoot)}`,
      pins: pins.map((p) => ({ ...p, prover: `0x${p.prover}`, digest: `0x${'ab'.repeat(32)}` })),
    },
    activeStakers: 3,
    slashingPolicy: 'inactivity',
    trainingWheel: false,
    totals: {},
  };
}

function closed(overrides: Partial<BlockView> = {}): BlockView {
  return {
    number: 3,
    hash: '0x01',
    status: 'canonical',
    headerSlot: 21,
    postedSlot: 21,
    closedSlot: 40,
    sequencer: `0x${hex(sequencer)}`,
    committee: committee.map((k) => `0x${hex(k)}`),
    treeHeight: 2,
    signOffThreshold: 1,
    signers: 2,
    contributors: [],
    creditedNodes: 4,
    credited: [
      { level: 0, index: 0, prover: `0x${hex(low)}` },
      { level: 1, index: 0, prover: `0x${hex(low)}` },
      { level: 0, index: 1, prover: `0x${hex(high)}` },
      { level: 1, index: 1, prover: `0x${hex(high)}` },
    ],
    rejectedNodes: 0,
    payouts: [
      { account: `0x${hex(low)}`, role: 'prover', amount: '500' },
      { account: `0x${hex(high)}`, role: 'prover', amount: '500' },
    ],
    returned: '0',
    submitter: null,
    slashes: [],
    ...overrides,
  };
}

const me = () => initialState(hex(low), 'http://127.0.0.1:9/', ['/ip4/127.0.0.1/tcp/1/ws/p2p/x'], 0);

describe('a block as the dashboard sees it', () => {
  it('computes my VRF, rank, role and assignment from the L1 status', () => {
    const s = me();
    onL1Status(s, status(), 1000);
    const card = s.blocks[0]!;
    expect(card.number).toBe(3);
    expect(card.myVrf).toBe(vrf(low.publicKey, prevBlockHash, 21).toString(16).padStart(64, '0'));
    expect(card.rank).toBe(0);
    expect(card.role).toBe('committee');
    // Sorted rounds, m = 1, ρ = 1, two members: rank 0 has leaf 0 and merge 1/0.
    expect(card.assigned).toEqual(['0/0', '1/0']);
    expect(card.assignees['0/2']).toEqual([]);
    expect(s.log[0]!.text).toBe('Block 3: elected, rank 0 of 2; assigned 0/0, 1/0.');
    // A non-member sees "not elected" with its own VRF all the same.
    const other = initialState(hex(key(5)), 'http://x/', [], 0);
    onL1Status(other, status(), 1000);
    expect(other.blocks[0]!.role).toBe('not elected');
    expect(other.blocks[0]!.rank).toBe(-1);
  });

  it('draws my nodes, their state and who proved the rest', () => {
    const s = me();
    onL1Status(s, status(), 1000);
    onParticipantEvent(s, { type: 'proving', number: 3, node: '0/0' }, 1100);
    onL1Status(
      s,
      status([
        { level: 0, index: 2, prover: hex(sequencer) },
        { level: 0, index: 1, prover: hex(high) },
      ]),
      1200,
    );
    const byNode = Object.fromEntries(treeView(s, s.blocks[0]!).nodes.map((n) => [`${n.level}/${n.index}`, n]));
    expect(byNode['0/0']).toMatchObject({ state: 'proving', mine: true, who: 'me' });
    expect(byNode['0/1']).toMatchObject({ state: 'pinned', mine: false, who: 'rank 1' });
    expect(byNode['0/2']).toMatchObject({ state: 'pinned', who: 'sequencer' });
    expect(byNode['0/3']).toMatchObject({ state: 'open', who: 'sequencer' });
    expect(byNode['1/0']).toMatchObject({ state: 'assigned', mine: true, who: 'me' });
    expect(byNode['2/0']).toMatchObject({ state: 'open' });
    onParticipantEvent(s, { type: 'proved', number: 3, node: '0/0', ms: 4200 }, 1300);
    expect(treeView(s, s.blocks[0]!).nodes.find((n) => n.level === 0 && n.index === 0)!.state).toBe('proved');
    expect(s.proofMs.leaf).toEqual([4200]);
  });

  it('credits and rewards from the closed block; a missed duty and a slash are logged and warned', () => {
    const s = me();
    onL1Status(s, status(), 1000);
    onBlockClosed(s, closed(), 2000);
    const card = s.blocks[0]!;
    expect(card.status).toBe('canonical');
    expect(card.earned).toBe(500n);
    expect(treeView(s, card).nodes.filter((n) => n.state === 'credited')).toHaveLength(4);
    expect(treeView(s, card).nodes.find((n) => n.level === 2)!.state).toBe('lost');
    expect(s.log[0]!.text).toBe('Block 3 is canonical: 4 nodes credited, 2 of them mine; earned 500.');
    expect(warnings(s)).toEqual([]);

    const t = me();
    onL1Status(t, status(), 1000);
    onBlockClosed(
      t,
      closed({
        credited: [{ level: 0, index: 1, prover: `0x${hex(high)}` }],
        payouts: [],
        slashes: [{ account: `0x${hex(low)}`, amount: '100', reason: 'inactivity', ejected: false }],
      }),
      2000,
    );
    expect(t.log.map((e) => e.text).slice(0, 2)).toEqual([
      'Slashed 100 in block 3: inactivity.',
      'Missed duty in block 3: none of 0/0, 1/0 counted for this key.',
    ]);
    expect(warnings(t)).toEqual(['Missed duties in block 3.']);
  });

  it('a closed block is applied once', () => {
    const s = me();
    onL1Status(s, status(), 1000);
    onBlockClosed(s, closed(), 2000);
    onBlockClosed(s, closed(), 3000);
    expect(rewards(s).earned).toBe(500n);
  });
});

describe('connections', () => {
  it('says when the L1 goes and comes back', () => {
    const s = me();
    onL1Down(s, 'Failed to fetch', 1000);
    expect(s.l1.state).toBe('down');
    expect(s.l1.detail).toBe(
      'The L1 at http://127.0.0.1:9/ does not answer (Failed to fetch). Retrying every few seconds; proving resumes when it is back.',
    );
    onL1Down(s, 'Failed to fetch', 2000); // once per outage in the log
    onL1Status(s, status(), 3000);
    expect(s.l1.state).toBe('up');
    expect(s.log.map((e) => e.text).filter((t) => /L1/.test(t))).toEqual([
      'The L1 answers again; the tab carries on.',
      'Lost the L1: Failed to fetch. Retrying.',
    ]);
  });

  it('says when the relay goes and comes back', () => {
    const s = me();
    onNetwork(s, { relayConnected: true, peers: ['a'], linkedPeers: 2 }, 1000);
    onNetwork(s, { relayConnected: false, peers: ['a'], linkedPeers: 2 }, 2000);
    expect(s.relay.detail).toBe(
      'The relay does not answer; reconnecting every second. 1 direct peers still connected.',
    );
    onNetwork(s, { relayConnected: true, peers: [], linkedPeers: 2 }, 3000);
    expect(s.log.map((e) => e.text)).toEqual([
      'Reconnected to the relay.',
      'Lost the relay; reconnecting.',
      'Joined the network through the relay.',
    ]);
  });

  it('without a relay address it says so instead of waiting', () => {
    const s = initialState(hex(low), 'http://x/', [], 0);
    expect(s.relay).toMatchObject({
      state: 'down',
      detail: 'No relay address: the server that serves this page did not name one.',
    });
  });
});

describe('warnings and capacity', () => {
  const staker = (over: Partial<StakerView>): StakerView => ({
    publicKey: `0x${hex(low)}`,
    stake: '32000',
    missStreak: 0,
    ejected: false,
    registeredEpoch: 1,
    activeFromEpoch: 2,
    exitEpoch: null,
    active: true,
    slashed: '0',
    ...over,
  });
  const account = { publicKey: '0x', nextNonce: 3, claimableRewards: '700', claimableStake: '0' };

  it('warns of a miss streak before the slash, of a slash and of ejection', () => {
    const s = me();
    onStaker(s, staker({}), account, 1);
    onStaker(s, staker({ missStreak: 2 }), account, 2);
    expect(s.log[0]!.text).toBe("Missed an election's duty: 2 of 3 in a row.");
    expect(warnings(s)).toEqual([
      'Slashing warning: 2 of 3 consecutive elections without participating. Keep this tab proving.',
    ]);
    onStaker(s, staker({ ejected: true, slashed: '3200' }), account, 3);
    expect(warnings(s)).toEqual([
      'This key was ejected (stake below the minimum after slashing): it is no longer elected.',
      'Slashed so far: 3200.',
    ]);
    s.proving = false;
    expect(warnings(s)).toContain('Proving is stopped: if this key is elected it will miss its duty.');
    expect(rewards(s).claimable).toBe(700n);
  });

  it('estimates the share of a block from measured leaf times and the observed slot time', () => {
    const s = me();
    expect(capacity(s, { poolSize: 2, targetThreads: 16 }).words).toBe(
      "Measured after this device's first leaf proof. A 16-thread device of the same speed per thread would be about 8.0× faster.",
    );
    onL1Status(s, status([], 22), 0);
    onL1Status(s, status([], 23), 1000); // first slot change seen
    onL1Status(s, status([], 25), 3000); // 1 s per slot
    onParticipantEvent(s, { type: 'proved', number: 3, node: '0/0', ms: 90_000 }, 3000);
    const c = capacity(s, { poolSize: 2, targetThreads: 16 });
    // Window 180 slots × 1 s; 2 workers × 180 s / 90 s = 4 leaves = the whole 4-leaf block.
    expect(c.leavesPerWindow).toBe(4);
    expect(c.share).toBe(1);
    expect(capacity(s, { poolSize: 1, targetThreads: 16 }).share).toBe(0.5);
  });
});
