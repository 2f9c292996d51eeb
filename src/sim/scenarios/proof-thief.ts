// A proof thief watches published (revealed) results and re-targets them to its own key: it
// tries to post its own commitment and reveal for each copied merge and, racing to submit the
// final proof first, re-folds those merges under its own key (cheap; a leaf's key is a public
// input of the base proof, so copying a leaf means proving it again, which it does not do).
// The amended rules leave it nothing and cost nobody else anything: only an assigned key may
// post for a node, a copy is always late, and the L1 refuses a final proof that does not
// contain the pinned (first timely) result of a node, so the thief then submits the honest tree.
import { ProtocolError, nodeId } from '../../protocol/index.js';
import { commitResultCommand, revealResultCommand, runSimulation, simulatedResult, type SimStaker } from '../engine.js';
import { buildRunReport } from '../report.js';
import { baseConfig, type Scenario } from './common.js';

export const proofThief: Scenario = {
  name: 'proof-thief',
  description: 'a copier of published results tries to earn from them',
  run(options) {
    const config = baseConfig(options);
    const outcomes = { commitments: {} as Record<string, number>, reveals: {} as Record<string, number> };
    const count = (into: Record<string, number>, key: string) => {
      into[key] = (into[key] ?? 0) + 1;
    };
    let retargetedMerges = 0;
    let honestCreditLost = 0;
    let refusedProofs = 0;
    let refusalReason: string | null = null;
    let thief: SimStaker | undefined;
    // Per block: the re-targeted merges and the honest key each was pinned to.
    let targets: { node: { level: number; index: number }; honest: string }[] = [];
    const run = runSimulation(config, {
      behaviourOf: (i) => (i === 0 ? 'thief' : 'honest'),
      // A pure copier: it never proves its own nodes, so any prover income would be stolen.
      memberAction: (m) => (m.behaviour === 'thief' ? { prove: false, signOff: true } : { prove: true, signOff: true }),
      afterReveals(ctx, revealed, apply) {
        targets = [];
        thief ??= [...ctx.stakers.values()].find((s) => s.behaviour === 'thief');
        if (!thief || !ctx.state.isActive(ctx.state.stakers.get(thief.account)!)) return;
        const overrides = new Map<number, SimStaker>();
        for (const r of revealed) {
          if (r.prover === thief || r.node.level === 0) continue;
          // Its copy: the same merge re-folded under its own key (built on the same children).
          const copy = simulatedResult(ctx.block, r.node, thief.publicKey)!;
          const attempt = (what: Record<string, number>, post: () => unknown) => {
            try {
              count(what, (post() as { outcome: string }).outcome);
            } catch (e) {
              if (!(e instanceof ProtocolError)) throw e;
              count(what, `refused: ${e.name}`);
            }
          };
          attempt(outcomes.commitments, () => apply(commitResultCommand(thief!.account, copy.envelope)));
          attempt(outcomes.reveals, () => apply(revealResultCommand(thief!.account, copy.envelope, copy.check)));
          overrides.set(nodeId(ctx.block.header.treeHeight, r.node), thief);
          retargetedMerges++;
          if (ctx.assignment.isCreditable(r.node, r.prover.account))
            targets.push({ node: r.node, honest: r.prover.account });
        }
        return { proverOverrides: overrides, submitter: thief };
      },
      onProofRefused(_ctx, error) {
        refusedProofs++;
        refusalReason ??= error.message;
      },
      onClosed(_ctx, record) {
        // Credit an honest merger lost to the thief: its pinned merge not credited to it.
        for (const t of targets) {
          const credited = record.credited.some(
            (c) => c.node.level === t.node.level && c.node.index === t.node.index && c.prover === t.honest,
          );
          if (!credited) honestCreditLost++;
        }
        targets = [];
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
        thiefFinalProofsRefused: refusedProofs,
        thiefFinalProofRefusal: refusalReason,
        canonical: report.summary.canonical,
      },
    };
  },
};
