// Turns a simulation run into its report (JSON-safe numbers and strings) and a text table.
import { proposerIntervalDays } from '../protocol/index.js';
import type { SimRun, SimStaker } from './engine.js';

export interface StakerReport {
  index: number;
  account: string;
  behaviour: string;
  committeeElections: number;
  contributions: number;
  sequencerPosts: number;
  canonicalProposals: number;
  rewards: { prover: number; sequencer: number; submitter: number; total: number };
  slashed: number;
  slashEvents: number;
  ejected: boolean;
  finalStake: number;
}

export interface BehaviourReport {
  stakers: number;
  committeeElections: number;
  contributions: number;
  rewardsTotal: number;
  rewardsPerStaker: number;
  slashed: number;
  slashEvents: number;
  ejected: number;
}

export interface SimRunReport {
  label: string;
  config: Record<string, unknown>;
  summary: {
    attempts: number;
    canonical: number;
    missed: number;
    stoppedEarly: string | null;
    issued: number;
    returned: number;
    burned: number;
    slashEvents: number;
    ejected: number;
    activeStakersAtEnd: number;
  };
  rewards: { prover: number; sequencer: number; submitter: number; relayer: number };
  proposers: Array<{ account: string; behaviour: string; blocks: number[] }>;
  proposerIntervals: {
    samples: number;
    meanBlocks: number | null;
    minBlocks: number | null;
    maxBlocks: number | null;
    expectedBlocks: number;
    /** Intervals longer than the run cannot be seen, so the observed mean is biased low. */
    censoredByRunLength: boolean;
    stakersWithoutProposal: number;
    /** Poisson expectation stakers · e^(−canonical/stakers) if every staker is equally likely. */
    expectedStakersWithoutProposal: number;
    seedModel: { stakers: number; blockTimeSeconds: number; days: number };
  };
  provers: StakerReport[];
  byBehaviour: Record<string, BehaviourReport>;
  slashes: Array<{
    attempt: number;
    block: number;
    account: string;
    behaviour: string;
    amount: number;
    reason: string;
    ejected: boolean;
  }>;
  blocksMissed: Array<{
    attempt: number;
    number: number;
    sequencer: string;
    behaviour: string;
    signers: number;
    threshold: number;
    reason: string;
  }>;
}

export const shortAccount = (account: string) => `0x${account.slice(0, 12)}`;

export function buildRunReport(label: string, run: SimRun): SimRunReport {
  const byAccount = new Map<string, SimStaker>(run.stakers.map((s) => [s.account, s]));
  const behaviourOf = (a: string) => byAccount.get(a)?.behaviour ?? (a === run.relayer.account ? 'relayer' : 'unknown');
  const rows = new Map<string, StakerReport>();
  for (const s of run.stakers) {
    const st = run.state.stakers.get(s.account)!;
    rows.set(s.account, {
      index: s.index,
      account: shortAccount(s.account),
      behaviour: s.behaviour,
      committeeElections: 0,
      contributions: 0,
      sequencerPosts: 0,
      canonicalProposals: 0,
      rewards: { prover: 0, sequencer: 0, submitter: 0, total: 0 },
      slashed: Number(st.slashed),
      slashEvents: 0,
      ejected: st.ejected,
      finalStake: Number(st.stake),
    });
  }
  const rewards = { prover: 0, sequencer: 0, submitter: 0, relayer: 0 };
  const proposals = new Map<string, number[]>();
  const slashes: SimRunReport['slashes'] = [];
  const blocksMissed: SimRunReport['blocksMissed'] = [];
  run.records.forEach((r, i) => {
    const attempt = run.attempts[i]!;
    rows.get(r.sequencer)!.sequencerPosts++;
    for (const m of r.committee) rows.get(m)!.committeeElections++;
    for (const c of r.contributors) rows.get(c)!.contributions++;
    for (const p of r.payouts) {
      const amount = Number(p.amount);
      rewards[p.role] += amount;
      const row = rows.get(p.account);
      if (row) {
        row.rewards[p.role] += amount;
        row.rewards.total += amount;
      } else if (p.account === run.relayer.account) rewards.relayer += amount;
    }
    for (const e of r.slashes) {
      rows.get(e.account)!.slashEvents++;
      slashes.push({
        attempt,
        block: r.number,
        account: shortAccount(e.account),
        behaviour: behaviourOf(e.account),
        amount: Number(e.amount),
        reason: e.reason,
        ejected: e.ejected,
      });
    }
    if (r.status === 'canonical') {
      rows.get(r.sequencer)!.canonicalProposals++;
      const list = proposals.get(r.sequencer) ?? [];
      list.push(attempt);
      proposals.set(r.sequencer, list);
    } else {
      blocksMissed.push({
        attempt,
        number: r.number,
        sequencer: shortAccount(r.sequencer),
        behaviour: behaviourOf(r.sequencer),
        signers: r.signers,
        threshold: r.signOffThreshold,
        reason: r.missReason ?? '',
      });
    }
  });
  const intervals: number[] = [];
  for (const list of proposals.values()) for (let i = 1; i < list.length; i++) intervals.push(list[i]! - list[i - 1]!);
  const byBehaviour: Record<string, BehaviourReport> = {};
  for (const row of rows.values()) {
    const b = (byBehaviour[row.behaviour] ??= {
      stakers: 0,
      committeeElections: 0,
      contributions: 0,
      rewardsTotal: 0,
      rewardsPerStaker: 0,
      slashed: 0,
      slashEvents: 0,
      ejected: 0,
    });
    b.stakers++;
    b.committeeElections += row.committeeElections;
    b.contributions += row.contributions;
    b.rewardsTotal += row.rewards.total;
    b.slashed += row.slashed;
    b.slashEvents += row.slashEvents;
    if (row.ejected) b.ejected++;
  }
  for (const b of Object.values(byBehaviour)) b.rewardsPerStaker = Math.round((b.rewardsTotal / b.stakers) * 100) / 100;
  const canonical = run.records.filter((r) => r.status === 'canonical').length;
  const activeAtEnd = run.state.activeAccounts().length;
  const c = run.config;
  return {
    label,
    config: {
      seed: c.seed,
      stakers: c.stakers,
      blocks: c.blocks,
      committeeSize: c.committeeSize,
      treeHeight: c.treeHeight,
      threshold: c.threshold,
      assignment: c.assignment,
      stake: c.stake.toString(),
      slashingPolicy: run.params.slashingPolicy,
      minStake: run.params.minStake.toString(),
      slashAmount: run.params.slashAmount.toString(),
      maxMisses: run.params.maxMisses,
      rewards: Object.fromEntries(Object.entries(run.params.rewards).map(([k, v]) => [k, String(v)])),
    },
    summary: {
      attempts: run.records.length,
      canonical,
      missed: run.records.length - canonical,
      stoppedEarly: run.stoppedEarly ?? null,
      issued: Number(run.state.totals.issued),
      returned: Number(run.state.totals.returned),
      burned: Number(run.state.totals.burned),
      slashEvents: slashes.length,
      ejected: [...rows.values()].filter((r) => r.ejected).length,
      activeStakersAtEnd: activeAtEnd,
    },
    rewards,
    proposers: [...proposals].map(([a, blocks]) => ({ account: shortAccount(a), behaviour: behaviourOf(a), blocks })),
    proposerIntervals: {
      samples: intervals.length,
      meanBlocks: intervals.length ? round(intervals.reduce((x, y) => x + y, 0) / intervals.length) : null,
      minBlocks: intervals.length ? Math.min(...intervals) : null,
      maxBlocks: intervals.length ? Math.max(...intervals) : null,
      // Each block elects one sequencer among the active set: a staker's expected wait is the set size.
      expectedBlocks: c.stakers,
      censoredByRunLength: true,
      stakersWithoutProposal: c.stakers - proposals.size,
      expectedStakersWithoutProposal: round(c.stakers * Math.exp(-canonical / c.stakers)),
      seedModel: { stakers: 500_000, blockTimeSeconds: 120, days: round(proposerIntervalDays(500_000, 120)) },
    },
    provers: [...rows.values()],
    byBehaviour,
    slashes,
    blocksMissed,
  };
}

export function round(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function table(headers: string[], rows: Array<Array<string | number>>): string {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(cells[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

export function formatRun(r: SimRunReport): string {
  const s = r.summary;
  const out = [
    `== ${r.label} (policy ${r.config.slashingPolicy}, ${r.config.stakers} stakers, committee ${r.config.committeeSize}, k=${r.config.treeHeight}, M=${r.config.threshold})`,
    `attempts ${s.attempts}: canonical ${s.canonical}, missed ${s.missed}${s.stoppedEarly ? ` (stopped: ${s.stoppedEarly})` : ''}`,
    `issued ${s.issued} (prover ${r.rewards.prover}, sequencer ${r.rewards.sequencer}, submitter ${r.rewards.submitter}), returned ${s.returned}, burned by slashing ${s.burned}`,
    `slash events ${s.slashEvents}, ejected ${s.ejected}, active at end ${s.activeStakersAtEnd}`,
    `proposer interval: mean ${r.proposerIntervals.meanBlocks ?? '-'} blocks over ${r.proposerIntervals.samples} samples (expected ≈ ${r.proposerIntervals.expectedBlocks}; intervals longer than the run are unseen); ` +
      `stakers without a proposal ${r.proposerIntervals.stakersWithoutProposal} (expected ≈ ${r.proposerIntervals.expectedStakersWithoutProposal})`,
    table(
      ['behaviour', 'stakers', 'elected', 'contributed', 'rewards', 'per staker', 'slashed', 'slash events', 'ejected'],
      Object.entries(r.byBehaviour).map(([name, b]) => [
        name,
        b.stakers,
        b.committeeElections,
        b.contributions,
        b.rewardsTotal,
        b.rewardsPerStaker,
        b.slashed,
        b.slashEvents,
        b.ejected,
      ]),
    ),
  ];
  return out.join('\n');
}
