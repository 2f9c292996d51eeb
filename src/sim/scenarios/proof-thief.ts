// A proof thief watches published (revealed) results and re-targets them to its own key: it
// posts its own commitment and reveal for each copied node, and, racing to submit the final
// proof first, names itself as the prover of every merge it copied (re-folding a merge with its
// own key is cheap; a leaf's key is a public input of the base proof, so copying a leaf means
// proving it again, which it does not do). Commit–reveal and the assignment leave it nothing.
import { nodeId, nodeKind } from '../../protocol/index.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { commitResultCommand, revealResultCommand, runSimulation, type SimStaker } from '../engine.js';
import { buildRunReport } from '../report.js';
import { baseConfig, type Scenario } from './common.js';

export const proofThief: Scenario = {
  name: 'proof-thief',
  description: 'a copier of published results tries to earn from them',
  run(options) {
    const config = baseConfig(options);
    const outcomes = { commitments: {} as Record<string, number>, reveals: {} as Record<string, number> };
    let retargetedMerges = 0;
    let honestCreditLost = 0;
    let thief: SimStaker | undefined;
    const run = runSimulation(config, {
      behaviourOf: (i) => (i === 0 ? 'thief' : 'honest'),
      // A pure copier: it never proves its own nodes, so any prover income would be stolen.
      memberAction: (m) => (m.behaviour === 'thief' ? { prove: false, signOff: true } : { prove: true, signOff: true }),
      afterReveals(ctx, revealed, apply) {
        thief ??= [...ctx.stakers.values()].find((s) => s.behaviour === 'thief');
        if (!thief || !ctx.state.isActive(ctx.state.stakers.get(thief.account)!)) return;
        const overrides = new Map<number, SimStaker>();
        for (const r of revealed) {
          if (r.prover === thief || r.node.level === 0) continue;
          const envelope = {
            blockCommitment: ctx.block.commitment,
            node: r.node,
            kind: nodeKind(r.node),
            proofDigest: sha256(new TextEncoder().encode(`copy/${ctx.attempt}/${r.node.level}/${r.node.index}`)),
            prover: thief.publicKey,
          };
          const cr = apply(commitResultCommand(thief.account, envelope)) as { outcome: string };
          outcomes.commitments[cr.outcome] = (outcomes.commitments[cr.outcome] ?? 0) + 1;
          const rr = apply(revealResultCommand(thief.account, envelope)) as { outcome: string };
          outcomes.reveals[rr.outcome] = (outcomes.reveals[rr.outcome] ?? 0) + 1;
          overrides.set(nodeId(ctx.block.header.treeHeight, r.node), thief);
          retargetedMerges++;
          if (ctx.assignment.isCreditable(r.node, r.prover.account)) honestCreditLost++;
        }
        return { proverOverrides: overrides, submitter: thief };
      },
    });
    const report = buildRunReport('proof-thief', run);
    const row = report.provers.find((p) => p.behaviour === 'thief')!;
    return {
      scenario: 'proof-thief',
      options,
      runs: [report],
      findings: {
        thiefProverRewards: row.rewards.prover,
        thiefSlashEvents: row.slashEvents,
        honestSlashEvents: report.byBehaviour.honest!.slashEvents,
        honestProverRewards: report.provers
          .filter((p) => p.behaviour === 'honest')
          .reduce((a, p) => a + p.rewards.prover, 0),
        thiefSequencerRewards: row.rewards.sequencer,
        thiefSubmitterRewards: row.rewards.submitter,
        thiefCommitmentOutcomes: outcomes.commitments,
        thiefRevealOutcomes: outcomes.reveals,
        retargetedMerges,
        honestMergeCreditsLost: honestCreditLost,
        canonical: report.summary.canonical,
      },
    };
  },
};
