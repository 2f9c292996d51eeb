import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  ParameterError,
  allNodes,
  binaryPath,
  binaryPathAssignment,
  buildAssignment,
  elect,
  nodeCount,
  nodeFromId,
  nodeId,
  pathLeaf,
  sortedRoundsAssignment,
  sortedRoundsPlan,
  sortedRoundsSchedule,
  taskOfNode,
  type VrfEntry,
} from '../../src/protocol/index.js';
import { bytesToHex } from '../../src/protocol/bytes.js';
import { fakeKey } from './fixtures.js';

const prev = new Uint8Array(32).fill(3);
const hex = (e: VrfEntry) => bytesToHex(e.publicKey);
const committeeOf = (stakers: number, n: number, seed = 0) =>
  elect(
    Array.from({ length: stakers }, (_, i) => fakeKey(seed * 1_000_000 + i)),
    { prevBlockHash: prev, slot: 1 },
    n,
  ).committee;

describe('tree numbering', () => {
  it('maps nodes to heap ids and back', () => {
    for (const node of allNodes(5)) expect(nodeFromId(5, nodeId(5, node))).toEqual(node);
    expect(nodeId(5, { level: 5, index: 0 })).toBe(1);
    expect([...allNodes(5)].length).toBe(nodeCount(5));
  });
});

describe('option 1: binary path', () => {
  it("follows the seed's example: VRF 0x89B4… with k = 4 in high mode → leaf 8, right-left-left-left", () => {
    const vrf = BigInt(`0x89B4${'00'.repeat(28)}3210`);
    const p = binaryPath(vrf, 4, 'high');
    expect(p.leaf).toBe(8);
    expect(p.directions).toEqual(['right', 'left', 'left', 'left']);
    expect(p.nodes).toEqual([
      { level: 0, index: 8 },
      { level: 1, index: 4 },
      { level: 2, index: 2 },
      { level: 3, index: 1 },
      { level: 4, index: 0 },
    ]);
    // Low mode reads the last 4 bits instead: 0x…3210 → 0000.
    expect(pathLeaf(vrf, 4, 'low')).toBe(0);
    expect(pathLeaf(vrf | 0xbn, 4, 'low')).toBe(11);
  });

  it('credits a member only for nodes on its own path', () => {
    const committee = committeeOf(200, 12);
    const a = binaryPathAssignment(committee, 6, 'low', 30);
    committee.forEach((m, i) => {
      const own = new Set(binaryPath(m.vrf, 6, 'low').nodes.map((n) => nodeId(6, n)));
      for (const node of allNodes(6)) {
        expect(a.isCreditable(node, hex(m))).toBe(own.has(nodeId(6, node)));
      }
      expect(a.memberNodes(hex(m))).toEqual(binaryPath(m.vrf, 6, 'low').nodes);
      expect(a.leaves[i]).toBe(a.leafOf(hex(m)));
    });
    expect(a.isCreditable({ level: 0, index: 0 }, 'ff'.repeat(48))).toBe(false);
    expect(() => a.isCreditable({ level: 7, index: 0 }, hex(committee[0]!))).toThrow(ParameterError);
  });

  it('opens uncovered nodes to any member after the timeout, uncredited', () => {
    const committee = committeeOf(100, 3);
    const a = binaryPathAssignment(committee, 6, 'low', 30);
    const uncovered = a.uncreditableNodes();
    expect(uncovered.length).toBeGreaterThan(0);
    const node = uncovered[0]!;
    const member = hex(committee[0]!);
    expect(a.proveRight(node, member, 29)).toBe('not-yet');
    expect(a.proveRight(node, member, 30)).toBe('open-uncredited');
    expect(a.proveRight(node, 'ab'.repeat(48), 999)).toBe('not-allowed');
    const own = a.memberNodes(member)[0]!;
    expect(a.proveRight(own, member, 0)).toBe('credited');
    const others = a.memberNodes(hex(committee[1]!)).find((n) => !a.isCreditable(n, member));
    if (others) expect(a.proveRight(others, member, 999)).toBe('not-allowed');
  });

  it('covered and uncovered nodes partition the tree; counts agree (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 0, max: 40 }),
        fc.constantFrom('low' as const, 'high' as const),
        fc.nat(50),
        (k, n, mode, seed) => {
          const committee = committeeOf(n + 1, n, seed);
          const a = binaryPathAssignment(committee, k, mode);
          const uncovered = new Set(a.uncreditableNodes().map((x) => nodeId(k, x)));
          let base = 0;
          let merge = 0;
          for (const node of allNodes(k)) {
            const provers = a.creditableProvers(node);
            expect(provers.length > 0).toBe(!uncovered.has(nodeId(k, node)));
            expect(a.isCovered(node)).toBe(provers.length > 0);
            if (provers.length > 0) node.level === 0 ? base++ : merge++;
          }
          expect(a.creditableCounts()).toEqual({ base, merge });
          // Every member's path is covered, and the root is covered as soon as anyone is elected.
          if (n > 0) expect(a.isCovered({ level: k, index: 0 })).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('low mode spreads committee paths; high mode piles them to the left (property over block hashes)', () => {
    // 4096 stakers, a committee of 32 (the lowest VRFs), 16 leaves: the committee's VRFs are all
    // below about 2^256 · 32/4096, so their top 4 bits are zero.
    const keys = Array.from({ length: 4096 }, (_, i) => fakeKey(i));
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (prevHash) => {
        const committee = elect(keys, { prevBlockHash: prevHash, slot: 1 }, 32).committee;
        const high = binaryPathAssignment(committee, 4, 'high');
        const low = binaryPathAssignment(committee, 4, 'low');
        expect(new Set(high.leaves)).toEqual(new Set([0]));
        expect(high.creditableCounts()).toEqual({ base: 1, merge: 4 });
        // 32 uniform draws over 16 leaves hit ≥ 9 distinct leaves except with negligible probability.
        expect(new Set(low.leaves).size).toBeGreaterThanOrEqual(9);
        expect(low.creditableCounts().base).toBe(new Set(low.leaves).size);
      }),
      { numRuns: 15, seed: 20261125 }, // fixed seed: the spread bound is statistical
    );
  });

  it('rejects bad inputs', () => {
    expect(() => pathLeaf(-1n, 4, 'low')).toThrow(ParameterError);
    expect(() => pathLeaf(1n << 256n, 4, 'low')).toThrow(ParameterError);
    expect(() => pathLeaf(1n, 0, 'low')).toThrow(/tree height/);
    expect(() => pathLeaf(1n, 4, 'middle' as never)).toThrow(/bitMode/);
  });
});

describe('option 2: sorted rounds', () => {
  it("follows the seed's example: k = 10, m = 2, ρ = 2 → 2^11, 2^9, 2^7, 2^5, 2^3 provers, then the sequencer", () => {
    const plan = sortedRoundsPlan(10, 2, 2);
    expect(plan.rounds.map((r) => r.provers)).toEqual([2 ** 11, 2 ** 9, 2 ** 7, 2 ** 5, 2 ** 3]);
    expect(plan.rounds.map((r) => r.tasks)).toEqual([1024, 256, 64, 16, 4]);
    expect(plan.rounds.map((r) => r.outputLevel)).toEqual([0, 2, 4, 6, 8]);
    expect(plan.sequencerFromLevel).toBe(9);
  });

  it('when m does not divide k, rounds of whole height-m subtrees stop at ≤ 2^m outputs and the sequencer proves the k mod m levels left', () => {
    const seqLevels = (k: number, m: number) => k - sortedRoundsPlan(k, m, 2).sequencerFromLevel + 1;
    expect(sortedRoundsPlan(9, 2, 2).rounds.map((r) => r.outputLevel)).toEqual([0, 2, 4, 6, 8]);
    expect(seqLevels(9, 2)).toBe(1); // level 9 only: two level-8 outputs
    expect(seqLevels(7, 3)).toBe(1);
    expect(seqLevels(5, 2)).toBe(1);
    expect(seqLevels(10, 2)).toBe(2); // m | k: the last m levels (9 and 10)
    expect(seqLevels(1, 2)).toBe(1); // k ≤ m: no merge round at all
  });

  it('assigns task j of each round to ranks [ρj, ρj+ρ)', () => {
    const committee = committeeOf(3000, 2048);
    const a = sortedRoundsAssignment(committee, 10, 2, 2);
    expect(a.taskRanks(1, 0)).toEqual([0, 1]);
    expect(a.taskRanks(1, 1023)).toEqual([2046, 2047]);
    expect(a.taskRanks(3, 5)).toEqual([10, 11]);
    const rank0 = a.memberTasks(hex(committee[0]!));
    expect(rank0.map((t) => [t.round, t.task])).toEqual([
      [1, 0],
      [2, 0],
      [3, 0],
      [4, 0],
      [5, 0],
    ]);
    expect(rank0[1]!.nodes).toEqual([
      { level: 1, index: 0 },
      { level: 1, index: 1 },
      { level: 2, index: 0 },
    ]);
    const rank9 = a.memberTasks(hex(committee[9]!));
    expect(rank9.map((t) => [t.round, t.task])).toEqual([
      [1, 4],
      [2, 4],
      [3, 4],
      [4, 4],
    ]);
    expect(rank9[3]!.root).toEqual({ level: 6, index: 4 });
    expect(a.memberTasks(hex(committee[2047]!)).map((t) => t.round)).toEqual([1]);
    expect(a.memberTasks('ff'.repeat(48))).toEqual([]);
    expect(() => a.taskRanks(6, 0)).toThrow(/round 6 has no task 0/);
  });

  it('covers every node below the sequencer levels exactly once per task, with ρ members (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 3 }),
        (k, m, rho) => {
          const n = rho * 2 ** k;
          const committee = committeeOf(n + 1, n, k * 100 + m * 10 + rho);
          const a = sortedRoundsAssignment(committee, k, m, rho);
          const { plan } = a;
          // Each node below the sequencer's levels belongs to exactly one task of one round.
          const seen = new Map<number, number>();
          for (const r of plan.rounds) {
            for (let t = 0; t < r.tasks; t++) {
              const ranks = a.taskRanks(r.round, t);
              expect(ranks.length).toBe(rho);
              const schedule = a.memberTasks(hex(committee[ranks[0]!]!)).find((x) => x.round === r.round)!;
              for (const node of schedule.nodes) seen.set(nodeId(k, node), (seen.get(nodeId(k, node)) ?? 0) + 1);
            }
          }
          for (const node of allNodes(k)) {
            const id = nodeId(k, node);
            if (node.level < plan.sequencerFromLevel) {
              expect(seen.get(id)).toBe(1);
              expect(a.creditableProvers(node).length).toBe(rho);
              expect(taskOfNode(plan, node)).toBeDefined();
            } else {
              expect(seen.has(id)).toBe(false);
              expect(a.creditableProvers(node)).toEqual([]);
            }
          }
          // The sequencer is left with at most 2^m outputs to merge.
          expect(k - plan.rounds[plan.rounds.length - 1]!.outputLevel).toBeLessThanOrEqual(m);
          const counts = a.creditableCounts();
          expect(counts.base + counts.merge + a.uncreditableNodes().length).toBe(nodeCount(k));
        },
      ),
      { numRuns: 40 },
    );
  });

  it('leaves tasks unstaffed when the committee is smaller than ρ·2^k; the sequencer covers them', () => {
    const committee = committeeOf(10, 5);
    const a = sortedRoundsAssignment(committee, 4, 2, 2);
    expect(a.taskRanks(1, 2)).toEqual([4]);
    expect(a.taskRanks(1, 3)).toEqual([]);
    expect(a.creditableCounts()).toEqual({ base: 3, merge: 3 * 3 });
    expect(a.creditableProvers({ level: 0, index: 3 })).toEqual([]);
  });

  it('lists the schedule of every member', () => {
    const committee = committeeOf(50, 16);
    const s = sortedRoundsSchedule(committee, 3, 2, 2);
    expect(s.plan.rounds.length).toBe(2);
    expect(s.members.map((m) => m.rank)).toEqual([...Array(16).keys()]);
    expect(s.members[0]!.tasks.length).toBe(2);
    expect(s.members[15]!.tasks.length).toBe(1);
  });

  it('rejects bad parameters', () => {
    expect(() => sortedRoundsPlan(10, 0, 2)).toThrow(/subtree height/);
    expect(() => sortedRoundsPlan(10, 2, 0)).toThrow(/redundancy/);
    expect(() => sortedRoundsPlan(21, 2, 2)).toThrow(/tree height/);
  });
});

describe('buildAssignment', () => {
  it('follows the header mode', () => {
    const committee = committeeOf(40, 8);
    expect(buildAssignment({ mode: 'binary-path', bitMode: 'low', openAfterSeconds: 5 }, committee, 3).mode).toBe(
      'binary-path',
    );
    expect(buildAssignment({ mode: 'sorted-rounds', subtreeHeight: 2, redundancy: 2 }, committee, 3).mode).toBe(
      'sorted-rounds',
    );
  });
});
