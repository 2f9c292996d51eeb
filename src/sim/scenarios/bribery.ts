// The forum's bribe contract: a briber pays committee members to skip a block (no proof, no
// sign-off) so the block is missed. To stop a block it must turn N − M + 1 members; a rational
// member takes the bribe when it covers what skipping costs it: the prover reward it forgoes plus
// the slash it then suffers (inactivity: only when this is its `maxMisses`-th miss in a row;
// slash-all-on-miss: always). The briber buys the cheapest members. We run the same attack under
// both policies and report what halting the chain costs the briber, and who else pays.
// Assumption: each bribed member is paid its own loss as if the block would otherwise succeed.
import type { SlashingPolicy } from '../../l1/params.js';
import { runSimulation, type BlockContext, type SimStaker } from '../engine.js';
import { buildRunReport, round, shortAccount, type SimRunReport } from '../report.js';
import { baseConfig, type Scenario } from './common.js';

/** The attack: six consecutive attempts (two runs of three: the inactivity streak), from attempt 20 or a quarter in. */
export const ATTACK_LENGTH = 6;
const attackStart = (blocks: number) => Math.min(20, Math.floor(blocks / 4));

interface AttackLog {
  attempt: number;
  bribed: number;
  paid: number;
  forgoneRewards: number;
  slashCompensation: number;
}

/** What skipping this block costs a member: forgone prover reward and the slash it would trigger. */
function memberLoss(ctx: BlockContext, m: SimStaker): { forgone: number; slash: number } {
  const p = ctx.state.params;
  const counts = ctx.assignment.creditableCounts();
  const totalWeight = Number(BigInt(counts.base) * p.rewards.baseWeight + BigInt(counts.merge) * p.rewards.mergeWeight);
  // A node shared with other members pays only its first revealer: expect 1/sharers of its price.
  let expectedWeight = 0;
  for (const node of ctx.assignment.memberNodes(m.account)) {
    const w = Number(node.level === 0 ? p.rewards.baseWeight : p.rewards.mergeWeight);
    expectedWeight += w / ctx.assignment.creditableProvers(node).length;
  }
  const forgone = totalWeight === 0 ? 0 : Math.ceil((Number(p.rewards.proverReward) * expectedWeight) / totalWeight);
  const staker = ctx.state.stakers.get(m.account)!;
  const slashes = p.slashingPolicy === 'slash-all-on-miss' || staker.missStreak + 1 >= p.maxMisses;
  return { forgone, slash: slashes ? Number(p.slashAmount < staker.stake ? p.slashAmount : staker.stake) : 0 };
}

function attackRun(options: Parameters<Scenario['run']>[0], policy: SlashingPolicy) {
  const base = baseConfig(options);
  const config = { ...base, l1: { ...base.l1, slashingPolicy: policy } };
  const log: AttackLog[] = [];
  const ATTACK_START = attackStart(options.blocks);
  let bribedNow = new Set<string>();
  const everBribed = new Set<string>();
  const run = runSimulation(config, {
    behaviourOf: () => 'honest',
    sequencerPublishes(ctx) {
      bribedNow = new Set();
      if (ctx.attempt < ATTACK_START || ctx.attempt >= ATTACK_START + ATTACK_LENGTH) return true;
      const n = ctx.committee.length;
      const need = n - ctx.block.header.signOffThreshold + 1;
      const priced = ctx.committee
        .map((m) => ({ m, ...memberLoss(ctx, m) }))
        .sort((a, b) => a.forgone + a.slash - (b.forgone + b.slash));
      const bought = priced.slice(0, need);
      // One unit above the loss makes accepting strictly better than refusing.
      const entry: AttackLog = {
        attempt: ctx.attempt,
        bribed: bought.length,
        paid: 0,
        forgoneRewards: 0,
        slashCompensation: 0,
      };
      for (const b of bought) {
        bribedNow.add(b.m.account);
        everBribed.add(shortAccount(b.m.account));
        entry.paid += b.forgone + b.slash + 1;
        entry.forgoneRewards += b.forgone;
        entry.slashCompensation += b.slash;
      }
      log.push(entry);
      return true;
    },
    memberAction: (m) => (bribedNow.has(m.account) ? { prove: false, signOff: false } : { prove: true, signOff: true }),
  });
  const report = buildRunReport(`bribery/${policy}`, run);
  const attackAttempts = new Set(log.map((l) => l.attempt));
  const halted = report.blocksMissed.filter((b) => attackAttempts.has(b.attempt)).length;
  const total = log.reduce((a, l) => a + l.paid, 0);
  const duringAttack = report.slashes.filter(
    (s) => s.attempt >= ATTACK_START && s.attempt < ATTACK_START + ATTACK_LENGTH,
  );
  const attackRecords = run.records.filter((_, i) => attackAttempts.has(run.attempts[i]!));
  const sequencerSlashEvents = attackRecords.reduce(
    (a, r) => a + r.slashes.filter((e) => e.account === r.sequencer).length,
    0,
  );
  const findings = {
    attackAttempts: log.length,
    blocksHalted: halted,
    totalBribe: total,
    bribePerHaltedBlock: halted ? round(total / halted) : null,
    bribePerAttempt: log.map((l) => l.paid),
    slashCompensationPerAttempt: log.map((l) => l.slashCompensation),
    proverBlockReward: Number(run.params.rewards.proverReward),
    slashEventsDuringAttack: duringAttack.length,
    bribedMemberSlashEvents: duringAttack.filter((s) => everBribed.has(s.account)).length,
    unbribedSlashEvents: duringAttack.filter((s) => !everBribed.has(s.account)).length,
    ejectedByEnd: report.summary.ejected,
    stakeBurnedDuringAttack: duringAttack.reduce((a, s) => a + s.amount, 0),
    sequencerSlashEvents,
    attackLog: log,
  };
  return { report, findings };
}

export const bribery: Scenario = {
  name: 'bribery',
  description: "the forum's bribe contract paying provers to skip a block, priced under each slashing policy",
  run(options) {
    const runs: SimRunReport[] = [];
    const findings: Record<string, unknown> = { attackStart: attackStart(options.blocks), attackLength: ATTACK_LENGTH };
    for (const policy of ['inactivity', 'slash-all-on-miss'] as SlashingPolicy[]) {
      const { report, findings: f } = attackRun(options, policy);
      runs.push(report);
      findings[policy] = f;
    }
    return { scenario: 'bribery', options, runs, findings };
  },
};
