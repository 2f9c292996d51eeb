// The L1 with the real folding verifier: a block of the real base-rollup circuit is proven by its
// committee (keys bound in the leaves and folds), committed and revealed on the L1, signed off,
// submitted over HTTP, and settled; the chain's head takes the proven end state.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bytesToHex } from '@noble/hashes/utils.js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadKernel } from '../../src/kernel/index.js';
import {
  aggregateSignOff,
  signBlockCommitment,
  signResult,
  signResultCommitment,
  type StakingKeyPair,
  type TreeNode,
} from '../../src/protocol/index.js';
import { L1Client } from '../../src/l1/client.js';
import { L1RpcError } from '../../src/l1/errors.js';
import { startL1Server, type L1Server } from '../../src/l1/http-server.js';
import { L1Node } from '../../src/l1/node.js';
import { proveBlock } from '../../src/proof/block-prover.js';
import { FoldingL1Verifier } from '../../src/node/folding-l1-verifier.js';
import { encodeBlockProof, encodeLeafProof, encodeMergePayload } from '../../src/proof/messages.js';
import { proveLeaf } from '../../src/proof/base.js';
import { proveMerge } from '../../src/proof/nifs.js';
import { leafAsRelaxed, leafWitnessAsRelaxed, type RelaxedInstance } from '../../src/proof/relaxed.js';
import { blockConstantsHash, proverKeyHash } from '../../src/proof/rollup-statement.js';
import { BASE_ROLLUP_SHAPE, preparedShape } from '../../src/proof/shape-catalog.js';
import { buildBlock } from '../../src/rollup/block-builder.js';
import { baseRollupWitness, type BaseRollupLeaf } from '../../src/rollup/circuit/base-rollup.js';
import { kernelFieldHasher } from '../../src/rollup/hasher.js';
import { DEFAULT_ROLLUP_PARAMS } from '../../src/rollup/params.js';
import { RollupState } from '../../src/rollup/state.js';
import { headerSnapshot } from '../../src/rollup/types.js';
import { envelopeFor, keyFor, postNextBlock, proofDataFor, removeDir, TRANSCRIPT_ROOT } from './helpers.js';

const SLOW = 300_000;
const snap = headerSnapshot;

describe('L1 with the folding verifier', () => {
  let node: L1Node;
  let server: L1Server;
  let client: L1Client;
  let dir: string;
  let kernel: Awaited<ReturnType<typeof loadKernel>>;
  let rollup: RollupState;

  beforeAll(async () => {
    kernel = await loadKernel();
    rollup = RollupState.genesis(kernelFieldHasher(kernel));
    dir = await mkdtemp(join(tmpdir(), 'l1-folding-'));
    node = await L1Node.open({
      params: { epochSlots: 4, minStake: 100n, proofWindowSlots: 4, genesisState: snap(rollup.snapshot()) },
      verifier: new FoldingL1Verifier({ kernel }),
      logPath: join(dir, 'commands.log'),
    });
    server = await startL1Server(node, { devMethods: true });
    client = new L1Client(server.url);
  }, SLOW);

  afterAll(async () => {
    await server?.close();
    await node?.close();
    if (dir) await removeDir(dir);
  });

  test(
    'a real block proof is credited to its committee and moves the head to the proven end state',
    async () => {
      const stakers = Array.from({ length: 6 }, (_, i) => keyFor(i));
      const { plan, commitment } = await postNextBlock(client, stakers, {
        committeeSize: 3,
        treeHeight: 1,
        threshold: 2,
        assignment: { mode: 'sorted-rounds', subtreeHeight: 1, redundancy: 1 },
      });

      // Who proves what: the assigned member where there is one, else the sequencer.
      const byAccount = new Map([plan.sequencer, ...plan.committee].map((k) => [bytesToHex(k.publicKey), k]));
      const proverOf = (n: TreeNode): StakingKeyPair =>
        byAccount.get(plan.assignment.creditableProvers(n)[0] ?? '') ?? plan.sequencer;

      const built = buildBlock(
        rollup,
        [
          { noteHashes: [9n], nullifiers: [77n, 78n], fee: 11n, payload: new Uint8Array(8) },
          { noteHashes: [10n], nullifiers: [79n], fee: 3n, payload: new Uint8Array(4) },
        ],
        { height: 1 },
      );
      const constantsHash = blockConstantsHash(plan.header, TRANSCRIPT_ROOT);
      const witnesses = built.leaves.map((leaf, index) =>
        baseRollupWitness(DEFAULT_ROLLUP_PARAMS, leaf as BaseRollupLeaf, {
          constantsHash,
          proverKeyHash: proverKeyHash(proverOf({ level: 0, index }).publicKey),
        }),
      );
      const prepared = preparedShape(kernel, BASE_ROLLUP_SHAPE);
      const proof = encodeBlockProof(proveBlock(kernel, prepared, witnesses, (n) => proverOf(n).publicKey));

      // Each member's own result data, as it reveals it: a leaf proof, or a merge with the
      // children instances it folds. The L1 checks each one (decider included) before logging.
      const leaves = witnesses.map((w) => proveLeaf(kernel, prepared, w));
      const dataOf = (n: TreeNode): Uint8Array => {
        if (n.level === 0) return encodeLeafProof(leaves[n.index]!);
        const [l, r] = leaves.map((x) => leafAsRelaxed(x.instance)) as [RelaxedInstance, RelaxedInstance];
        const m = proveMerge(
          kernel,
          prepared,
          l,
          leafWitnessAsRelaxed(prepared, leaves[0]!.W),
          r,
          leafWitnessAsRelaxed(prepared, leaves[1]!.W),
          proverOf(n).publicKey,
        );
        return encodeMergePayload({ left: l, right: r, proof: m });
      };

      // Commit, then reveal, every node a committee member proved; then the committee signs off.
      const memberNodes = [
        { level: 0, index: 0 },
        { level: 0, index: 1 },
        { level: 1, index: 0 },
      ].filter((n) => proverOf(n) !== plan.sequencer);
      expect(memberNodes.length).toBeGreaterThan(0);
      const data = new Map(memberNodes.map((n) => [`${n.level}/${n.index}`, dataOf(n)]));
      const envelope = (n: TreeNode) => envelopeFor(commitment, n, proverOf(n), data.get(`${n.level}/${n.index}`));
      for (const n of memberNodes)
        await client.commitResult(proverOf(n).secretKey, signResultCommitment(proverOf(n).secretKey, envelope(n)));
      // Data that is not a result for the node is refused before it is logged.
      const first = memberNodes[0]!;
      const junk = envelopeFor(commitment, first, proverOf(first));
      const refusedReveal = await client
        .revealResult(
          proverOf(first).secretKey,
          signResult(proverOf(first).secretKey, junk),
          proofDataFor(first, proverOf(first)),
        )
        .catch((e: unknown) => e);
      expect(refusedReveal).toMatchObject({ status: 422, errorName: 'ResultRefusedError' });
      expect((refusedReveal as Error).message).toMatch(
        new RegExp(`^result for node \\(${first.level}, ${first.index}\\) refused: its data does not check out: `),
      );
      for (const n of memberNodes)
        expect(
          await client.revealResult(
            proverOf(n).secretKey,
            signResult(proverOf(n).secretKey, envelope(n)),
            data.get(`${n.level}/${n.index}`)!,
          ),
        ).toMatchObject({ type: 'revealResult', outcome: 'timely' });
      const signOff = aggregateSignOff(
        plan.committee.map((k, rank) => ({ rank, signature: signBlockCommitment(k.secretKey, commitment) })),
      );
      await client.signOff(plan.committee[0]!.secretKey, 1, signOff, plan.committee.length);

      // A truncated proof is refused by the verifier; the real one is accepted.
      const refused = await client
        .submitProof(keyFor(99).secretKey, 1, proof.subarray(0, proof.length - 1))
        .catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(L1RpcError);
      expect(refused).toMatchObject({ status: 422, errorName: 'ProofRejectedError' });
      const receipt = await client.submitProof(keyFor(99).secretKey, 1, proof);
      const block = receipt.block as { status: string; contributors: string[]; creditedNodes: number };
      expect(block.status).toBe('canonical');
      expect(block.creditedNodes).toBe(memberNodes.length);
      expect(new Set(block.contributors)).toEqual(
        new Set(memberNodes.map((n) => `0x${bytesToHex(proverOf(n).publicKey)}`)),
      );
      const head = (await client.status()).head;
      const end = snap(built.end);
      expect(head.endState).toEqual({
        noteRoot: end.noteRoot.toString(),
        noteNextIndex: end.noteNextIndex,
        nullifierRoot: end.nullifierRoot.toString(),
        nullifierNextIndex: end.nullifierNextIndex,
      });

      // The log holds the verified outcome: a restart replays to the same head without re-verifying.
      const before = await client.status();
      await server.close();
      await node.close();
      node = await L1Node.open({
        params: node.state.params,
        verifier: new FoldingL1Verifier({ kernel }),
        logPath: join(dir, 'commands.log'),
      });
      server = await startL1Server(node);
      client = new L1Client(server.url);
      expect(await client.status()).toEqual(before);
    },
    SLOW,
  );
});
