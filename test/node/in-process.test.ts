// The roles in one process over in-memory ports: the real L1 (HTTP API, folding verifier), the
// sequencer with its generator, four participants proving on one worker_threads pool, and a
// watching submitter with no stake. The sequencer withholds its final proof (the withholding
// drill), so the block is finished by the submitter: from commitment to verified, credited and
// claimed, the submitter paid its reward.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bytesToHex } from '@noble/hashes/utils.js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadKernel } from '../../src/kernel/index.js';
import { L1Client } from '../../src/l1/client.js';
import { startL1Server, type L1Server } from '../../src/l1/http-server.js';
import { L1Node } from '../../src/l1/node.js';
import { headerSnapshot } from '../../src/rollup/types.js';
import { Sequencer, type SequencerEvent } from '../../src/node/sequencer.js';
import { TransactionGenerator } from '../../src/node/tx-generator.js';
import { MemoryHub } from '../../src/participant/ports/memory-transport.js';
import { MemoryStore } from '../../src/participant/ports/memory-store.js';
import { Participant, type ParticipantEvent } from '../../src/participant/participant.js';
import { PoolProver } from '../../src/participant/ports/provers.js';
import { Submitter, type SubmitterEvent } from '../../src/participant/submitter.js';
import { createPool, type ProverPool } from '../../src/pool/index.js';
import { FoldingL1Verifier } from '../../src/node/folding-l1-verifier.js';
import { kernelFieldHasher } from '../../src/rollup/hasher.js';
import { RollupState } from '../../src/rollup/state.js';
import { keyFor, removeDir } from '../l1/helpers.js';

// About 90 s alone; much longer while other suites share the 2 cores.
const SLOW = 600_000;

describe('sequencer and participants in one process', () => {
  let node: L1Node;
  let server: L1Server;
  let dir: string;
  let pool: ProverPool;
  let stopSubmitter: () => Promise<void> = async () => {};

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'roles-'));
    pool = await createPool({ maxThreads: 2, preloadKernel: true });
  }, SLOW);

  afterAll(async () => {
    await server?.close();
    node?.stopClock();
    await node?.close();
    await pool?.close();
    if (dir) await removeDir(dir);
  });

  test(
    'one block: posted, proven by the committee over the pool, submitted by a watcher, verified on L1, credited and claimed',
    async () => {
      const kernel = await loadKernel();
      const state = RollupState.genesis(kernelFieldHasher(kernel));
      const sequencerKey = keyFor(100);
      node = await L1Node.open({
        params: {
          epochSlots: 2,
          minStake: 100n,
          proofWindowSlots: 10_000,
          genesisState: headerSnapshot(state.snapshot()),
          designatedSequencer: bytesToHex(sequencerKey.publicKey),
        },
        verifier: new FoldingL1Verifier({ kernel }),
        logPath: join(dir, 'commands.log'),
      });
      server = await startL1Server(node, { devMethods: true });
      const client = new L1Client(server.url);
      const stakers = Array.from({ length: 4 }, (_, i) => keyFor(i));
      for (const k of [...stakers, sequencerKey]) await client.register(k.secretKey, 1000n);
      await client.devAdvanceSlots(4);

      const hub = new MemoryHub();
      const prover = new PoolProver({ pool, kernel });
      const joined = async (name: string) => {
        const t = hub.transport(name);
        await t.start();
        return t;
      };
      const events: ParticipantEvent[] = [];
      // Each store holds a block left from an earlier run: once block 1 closes it is pruned.
      const stale = new Uint8Array(32).fill(0xee);
      const stores = stakers.map(() => new MemoryStore());
      for (const store of stores) {
        await store.addJob({ id: `${bytesToHex(stale)}/0/0`, kind: 'leaf', input: stale });
        await store.putChunk(stale, 1, Uint8Array.of(1));
        await store.putResult({ commitment: stale, level: 0, index: 0 }, Uint8Array.of(2));
      }
      const transports = await Promise.all(stakers.map((_, i) => joined(`prover-${i}`)));
      const participants = stakers.map(
        (k, i) =>
          new Participant({
            secretKey: k.secretKey,
            l1: client,
            transport: transports[i]!,
            prover,
            store: stores[i],
            onEvent: (e) => {
              events.push(e);
              if (process.env.ROLES_DEBUG) console.log(Date.now() % 1e6, k.publicKey[0], JSON.stringify(e));
            },
          }),
      );
      const generator = new TransactionGenerator('in-process');
      const seqEvents: SequencerEvent[] = [];
      const sequencerTransport = await joined('sequencer');
      const sequencer = new Sequencer({
        secretKey: sequencerKey.secretKey,
        l1: client,
        transport: sequencerTransport,
        prover,
        state,
        takeTransactions: (n) => generator.take(n),
        treeHeight: 2,
        committeeSize: 4,
        assignment: { mode: 'sorted-rounds', subtreeHeight: 1, redundancy: 1 },
        // Only the root (assigned to nobody) is covered: no timeout fires, however loaded the machine.
        coverAfterMs: 3_600_000,
        submitProof: false,
        onEvent: (e) => {
          seqEvents.push(e);
          if (process.env.ROLES_DEBUG) console.log(Date.now() % 1e6, 'seq', JSON.stringify(e).slice(0, 300));
        },
      });
      const submitterKey = keyFor(200);
      const submitterTransport = await joined('submitter');
      const submitterEvents: SubmitterEvent[] = [];
      const verified = new Promise<Extract<SubmitterEvent, { type: 'verified' }>>((resolve) => {
        const submitter = new Submitter({
          secretKey: submitterKey.secretKey,
          l1: client,
          transport: submitterTransport,
          prover,
          onEvent: (e) => {
            submitterEvents.push(e);
            if (process.env.ROLES_DEBUG) console.log(Date.now() % 1e6, 'sub', JSON.stringify(e).slice(0, 300));
            if (e.type === 'verified') resolve(e);
          },
        });
        submitter.start();
        stopSubmitter = () => submitter.stop();
      });
      sequencer.start();
      for (const p of participants) p.start();
      const v = await verified;
      await sequencer.stop();
      // Let the participants see the block close and claim.
      const deadline = Date.now() + 30_000;
      while (
        (events.filter((e) => e.type === 'claimed').length < 2 ||
          events.filter((e) => e.type === 'pruned').length < stakers.length) &&
        Date.now() < deadline
      )
        await new Promise((r) => setTimeout(r, 200));
      while (!submitterEvents.some((e) => e.type === 'claimed') && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 200));
      for (const p of participants) await p.stop();
      await stopSubmitter();

      expect(seqEvents.filter((e) => e.type === 'error')).toEqual([]);
      expect(v.block.status).toBe('canonical');
      expect(v.number).toBe(1);
      // Sorted rounds, m = 1, ρ = 1, four members: leaves to ranks 0-3, level-1 merges to ranks 0-1,
      // the root to the sequencer: six credited nodes over four distinct members.
      expect(v.block.creditedNodes).toBe(6);
      expect(v.block.contributors).toHaveLength(4);
      expect(v.tree['2/0']).toBe(bytesToHex(sequencerKey.publicKey));
      // The watcher submitted (the sequencer never does here) and is paid the submitter reward.
      expect(seqEvents.some((e) => e.type === 'verified')).toBe(false);
      expect(v.block.submitter).toBe(`0x${bytesToHex(submitterKey.publicKey)}`);
      expect(v.block.payouts.filter((p) => p.role === 'submitter')).toEqual([
        { account: `0x${bytesToHex(submitterKey.publicKey)}`, role: 'submitter', amount: '100' },
      ]);
      expect(submitterEvents.filter((e) => e.type === 'claimed')).toEqual([{ type: 'claimed', amount: '100' }]);
      expect(submitterEvents.filter((e) => e.type === 'error' || e.type === 'refused')).toEqual([]);
      expect(seqEvents.filter((e) => e.type === 'covered').map((e) => (e as { node: string }).node)).toEqual(['2/0']);
      const claimed = events.filter((e) => e.type === 'claimed');
      expect(claimed.length).toBeGreaterThanOrEqual(2);
      const head = await client.status();
      expect(head.head.number).toBe(1);
      expect(events.filter((e) => e.type === 'error')).toEqual([]);
      // Every participant let go of the stale block and kept block 1's jobs.
      expect(events.filter((e) => e.type === 'pruned')).toEqual(
        stakers.map(() => ({ type: 'pruned', jobs: 1, chunks: 1, results: 1 })),
      );
      const blocks = new Set<string>();
      for (const store of stores) {
        const jobs = await store.listJobs();
        expect(jobs.length).toBeGreaterThan(0);
        for (const j of jobs) blocks.add(j.id.split('/')[0]!);
        expect(await store.getChunk(stale, 1)).toBeNull();
        expect(await store.getResult({ commitment: stale, level: 0, index: 0 })).toBeNull();
      }
      expect([...blocks]).toHaveLength(1);
      expect([...blocks]).not.toContain(bytesToHex(stale));
    },
    SLOW,
  );
});
