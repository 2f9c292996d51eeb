// Assignment option 2: sorted rounds, subtree height m [2], redundancy ρ [2]. Committee members are
// ranked by VRF (rank 0 = lowest). Round 1 has 2^k tasks, one per transaction (its base proof);
// task j goes to ranks [ρj, ρj+ρ). Round r ≥ 2 has 2^(k − m(r−1)) tasks, each merging the 2^m
// outputs of a subtree of height m, assigned the same way to the lowest ρ·tasks ranks. When 2^m or
// fewer outputs remain, the sequencer completes the tree. Ranks beyond the committee leave their
// task unassigned; the sequencer covers those too.
import type { Assignment, CreditableCounts } from './assignment-types.js';
import { bytesToHex } from './bytes.js';
import { ParameterError } from './errors.js';
import { MAX_REDUNDANCY, MAX_SUBTREE_HEIGHT } from './header.js';
import { allNodes, assertNode, assertTreeHeight, type TreeNode } from './tree.js';
import type { VrfEntry } from './vrf.js';

export interface RoundPlan {
  /** 1-based round number. */
  readonly round: number;
  readonly tasks: number;
  /** ρ · tasks: how many of the lowest ranks this round uses. */
  readonly provers: number;
  /** Lowest tree level a task of this round proves. */
  readonly fromLevel: number;
  /** Level of each task's output (the task's subtree root). */
  readonly outputLevel: number;
}

export interface SortedRoundsPlan {
  readonly treeHeight: number;
  readonly subtreeHeight: number;
  readonly redundancy: number;
  readonly rounds: readonly RoundPlan[];
  /** The sequencer proves every node from this level up to the root (none when > treeHeight). */
  readonly sequencerFromLevel: number;
}

function assertRoundParams(treeHeight: number, subtreeHeight: number, redundancy: number): void {
  assertTreeHeight(treeHeight);
  if (!Number.isInteger(subtreeHeight) || subtreeHeight < 1 || subtreeHeight > MAX_SUBTREE_HEIGHT) {
    throw new ParameterError(`subtree height m must be an integer in [1, ${MAX_SUBTREE_HEIGHT}], got ${subtreeHeight}`);
  }
  if (!Number.isInteger(redundancy) || redundancy < 1 || redundancy > MAX_REDUNDANCY) {
    throw new ParameterError(`redundancy ρ must be an integer in [1, ${MAX_REDUNDANCY}], got ${redundancy}`);
  }
}

export function sortedRoundsPlan(treeHeight: number, subtreeHeight: number, redundancy: number): SortedRoundsPlan {
  assertRoundParams(treeHeight, subtreeHeight, redundancy);
  const m = subtreeHeight;
  const rounds: RoundPlan[] = [
    { round: 1, tasks: 2 ** treeHeight, provers: redundancy * 2 ** treeHeight, fromLevel: 0, outputLevel: 0 },
  ];
  // A further round runs while more than 2^m outputs remain.
  while (treeHeight - rounds[rounds.length - 1]!.outputLevel > m) {
    const prev = rounds[rounds.length - 1]!;
    const outputLevel = prev.outputLevel + m;
    const tasks = 2 ** (treeHeight - outputLevel);
    rounds.push({
      round: prev.round + 1,
      tasks,
      provers: redundancy * tasks,
      fromLevel: prev.outputLevel + 1,
      outputLevel,
    });
  }
  return {
    treeHeight,
    subtreeHeight,
    redundancy,
    rounds,
    sequencerFromLevel: rounds[rounds.length - 1]!.outputLevel + 1,
  };
}

export interface RoundTask {
  readonly round: number;
  readonly task: number;
  /** The task's output node. */
  readonly root: TreeNode;
  /** Every node the task proves (and may be credited for), bottom level first. */
  readonly nodes: TreeNode[];
}

function taskNodes(_plan: SortedRoundsPlan, r: RoundPlan, task: number): TreeNode[] {
  const out: TreeNode[] = [];
  for (let level = r.fromLevel; level <= r.outputLevel; level++) {
    const width = 2 ** (r.outputLevel - level);
    for (let i = 0; i < width; i++) out.push({ level, index: task * width + i });
  }
  return out;
}

/** The round and task a node belongs to, or undefined for the sequencer's top of the tree. */
export function taskOfNode(plan: SortedRoundsPlan, node: TreeNode): { round: RoundPlan; task: number } | undefined {
  assertNode(plan.treeHeight, node);
  if (node.level >= plan.sequencerFromLevel) return undefined;
  const round = node.level === 0 ? plan.rounds[0]! : plan.rounds[Math.ceil(node.level / plan.subtreeHeight)]!;
  return { round, task: Math.floor(node.index / 2 ** (round.outputLevel - node.level)) };
}

export interface SortedRoundsAssignment extends Assignment {
  readonly mode: 'sorted-rounds';
  readonly plan: SortedRoundsPlan;
  rankOf(publicKeyHex: string): number | undefined;
  /** Every task of a member, round by round. */
  memberTasks(publicKeyHex: string): RoundTask[];
  /** Ranks assigned to a task (may be fewer than ρ, or none, when the committee is small). */
  taskRanks(round: number, task: number): number[];
}

export function sortedRoundsAssignment(
  committee: readonly VrfEntry[],
  treeHeight: number,
  subtreeHeight: number,
  redundancy: number,
): SortedRoundsAssignment {
  const plan = sortedRoundsPlan(treeHeight, subtreeHeight, redundancy);
  const n = committee.length;
  const hexes = committee.map((m) => bytesToHex(m.publicKey));
  const rankByKey = new Map<string, number>();
  hexes.forEach((h, i) => rankByKey.set(h, i));
  const ρ = redundancy;

  const taskRanks = (round: number, task: number): number[] => {
    const r = plan.rounds[round - 1];
    if (!r || !Number.isInteger(task) || task < 0 || task >= r.tasks) {
      throw new ParameterError(`round ${round} has no task ${task}`);
    }
    const out: number[] = [];
    for (let q = ρ * task; q < Math.min(ρ * task + ρ, n); q++) out.push(q);
    return out;
  };

  const memberTasks = (publicKeyHex: string): RoundTask[] => {
    const q = rankByKey.get(publicKeyHex);
    if (q === undefined) return [];
    const out: RoundTask[] = [];
    for (const r of plan.rounds) {
      if (q >= r.provers) continue;
      const task = Math.floor(q / ρ);
      out.push({ round: r.round, task, root: { level: r.outputLevel, index: task }, nodes: taskNodes(plan, r, task) });
    }
    return out;
  };

  const creditableProvers = (node: TreeNode): string[] => {
    const at = taskOfNode(plan, node);
    return at ? taskRanks(at.round.round, at.task).map((q) => hexes[q]!) : [];
  };

  return {
    mode: 'sorted-rounds',
    treeHeight,
    committee,
    plan,
    rankOf: (h) => rankByKey.get(h),
    memberTasks,
    taskRanks,
    isCreditable(node, publicKeyHex) {
      const q = rankByKey.get(publicKeyHex);
      const at = taskOfNode(plan, node);
      return q !== undefined && at !== undefined && Math.floor(q / ρ) === at.task;
    },
    creditableProvers,
    memberNodes: (h) => memberTasks(h).flatMap((t) => t.nodes),
    creditableCounts(): CreditableCounts {
      const staffed = Math.ceil(n / ρ); // tasks with at least one assigned rank
      let base = 0;
      let merge = 0;
      for (const r of plan.rounds) {
        const tasks = Math.min(r.tasks, staffed);
        if (r.round === 1) base += tasks;
        else merge += tasks * (2 ** plan.subtreeHeight - 1);
      }
      return { base, merge };
    },
    uncreditableNodes() {
      const out: TreeNode[] = [];
      for (const node of allNodes(treeHeight)) if (creditableProvers(node).length === 0) out.push(node);
      return out;
    },
  };
}

export interface MemberSchedule {
  readonly publicKeyHex: string;
  readonly rank: number;
  readonly tasks: RoundTask[];
}

/** The rounds and every member's tasks: the full schedule of a block under option 2. */
export function sortedRoundsSchedule(
  committee: readonly VrfEntry[],
  treeHeight: number,
  subtreeHeight: number,
  redundancy: number,
): { plan: SortedRoundsPlan; members: MemberSchedule[] } {
  const a = sortedRoundsAssignment(committee, treeHeight, subtreeHeight, redundancy);
  const members = committee.map((m, rank) => {
    const publicKeyHex = bytesToHex(m.publicKey);
    return { publicKeyHex, rank, tasks: a.memberTasks(publicKeyHex) };
  });
  return { plan: a.plan, members };
}
