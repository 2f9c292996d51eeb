// A participant stopped mid-block and started again on the same store finishes its duty without
// proving a node twice. The real L1 (HTTP, folding verifier), the sequencer and four participants
// over in-memory ports and one worker_threads pool, as in in-process.test.ts. Of the two members
// with a merge, one is stopped while its leaf proof runs, the other right after it revealed its
// leaf; each is replaced by a new Participant on the same MemoryStore. The store's jobs and the
// prover's call counts show that no node was proved twice; the block is still verified with every
// assigned node credited.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadKernel } from '../../src/kernel/index.js';
import { L1Client } from '../../src/l1/client.js';
import { startL1Server, type L1Server } from '../../src/l1/http-server.js';
import { L1Node } from '../../src/l1/node.js';
import { FoldingL1Verifier } from '../../src/node/folding-l1-verifier.js';
import { Sequencer, type SequencerEvent } from '../../src/node/sequencer.js';
import { TransactionGenerator } from '../../src/node/tx-generator.js';
import { Participant, type ParticipantEvent } from '../../src/participant/participant.js';
import { MemoryStore } from '../../src/participant/ports/memory-store.js';
import { MemoryHub } from '../../src/participant/ports/memory-transport.js';
import type { Prover } from '../../src/participant/ports/prover.js';
import { PoolProver } from '../../src/participant/ports/provers.js';
import { createPool, type ProverPool } from '../../src/pool/index.js';
import { kernelFieldHasher } from '../../src/rollup/hasher.js';
import { RollupState } from '../../src/rollup/state.js';
import { headerSnapshot } from '../../src/rollup/types.js';
import { keyFor, removeDir } from '../l1/helpers.js';

const SLOW = 600_000;

/** A prover that counts its proving calls and tells `onLeaf` when a leaf proof starts. */
function counting(inner: Prover, onLeaf: () => void) {
  const calls = { leaf: 0, merge: 0 };
  const prover: Prover = {
    proveLeaf: (t) => inner.proveLeaf(t),
    proveRollupLeaf: (t) => {
      calls.leaf++;
      onLeaf();
      return inner.proveRollupLeaf(t);
    },
    proveMerge: (t) => {
      calls.merge++;
      return inner.proveMerge(t);
    },
    decide: (t) => inner.decide(t),
  };
  return { prover, calls };
}

describe('a participant restarted on the same store', () => {
  let node: L1Node;
  let server: L1Server;
  let dir: string;
  let pool: ProverPool;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'resume-'));
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
    'resumes the open block: a leaf stopped mid-proof and a leaf already revealed are not proved again',
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
      const pooled = new PoolProver({ pool, kernel });
      const events: Array<{ staker: number; life: number; e: ParticipantEvent }> = [];
      const stores = stakers.map(() => new MemoryStore());
      const lives = stakers.map(() => 0);
      const participants: Participant[] = [];
      // Which staker is stopped how: decided from the 'block' event (the members with a merge).
      const plan = new Map<number, 'mid-leaf' | 'after-reveal'>();
      const counters = stakers.map((_, i) =>
        counting(pooled, () => {
          if (plan.get(i) === 'mid-leaf' && lives[i] === 0) setTimeout(() => void restart(i), 0);
        }),
      );
      const transports = await Promise.all(
        stakers.map(async (_, i) => {
          const t = hub.transport(`prover-${i}`);
          await t.start();
          return t;
        }),
      );
      const start = (i: number) => {
        const life = lives[i]!;
        const p = new Participant({
          secretKey: stakers[i]!.secretKey,
          l1: client,
          transport: transports[i]!,
          prover: counters[i]!.prover,
          store: stores[i],
          onEvent: (e) => {
            events.push({ staker: i, life, e });
            if (e.type === 'block' && life === 0 && e.nodes.some((n) => n.startsWith('1/')))
              plan.set(i, plan.size === 0 ? 'mid-leaf' : 'after-reveal');
            if (e.type === 'revealed' && e.node.startsWith('0/') && plan.get(i) === 'after-reveal' && life === 0) {
              // Stopped at once, in the event itself: the merge right after it (its children's
              // payloads may already be at hand) must not start in this life.
              void p.stop();
              setTimeout(() => void restart(i), 0);
            }
          },
        });
        participants[i] = p;
        p.start();
      };
      // The staker stopped after its reveal finds one of its stored chunks altered: it must refuse
      // that record, say so, and fetch the chunk again from a peer.
      let altered: { staker: number; index: number } | undefined;
      const restart = async (i: number) => {
        await participants[i]!.stop();
        if (plan.get(i) === 'after-reveal') {
          const duty = events.find((x) => x.staker === i && x.e.type === 'block')!.e as { chunks: number[] };
          const index = duty.chunks.at(-1)!;
          const commitment = hexToBytes((await stores[i]!.listJobs())[0]!.id.split('/')[0]!);
          const record = (await stores[i]!.getChunk(commitment, index))!;
          record[4 + 10]! ^= 1; // a byte of the chunk itself (after its u32 length)
          await stores[i]!.putChunk(commitment, index, record);
          altered = { staker: i, index };
        }
        await new Promise((r) => setTimeout(r, 500));
        lives[i]!++;
        start(i);
      };

      const generator = new TransactionGenerator('resume');
      const seqEvents: SequencerEvent[] = [];
      const sequencerTransport = hub.transport('sequencer');
      await sequencerTransport.start();
      const verified = new Promise<Extract<SequencerEvent, { type: 'verified' }>>((resolve) => {
        const sequencer = new Sequencer({
          secretKey: sequencerKey.secretKey,
          l1: client,
          transport: sequencerTransport,
          prover: pooled,
          state,
          takeTransactions: (n) => generator.take(n),
          treeHeight: 2,
          committeeSize: 4,
          assignment: { mode: 'sorted-rounds', subtreeHeight: 1, redundancy: 1 },
          // Only the root (assigned to nobody) is covered: every other node must come from its member.
          coverAfterMs: 3_600_000,
          onEvent: (e) => {
            seqEvents.push(e);
            if (e.type === 'verified') {
              resolve(e);
              void sequencer.stop();
            }
          },
        });
        sequencer.start();
      });
      for (let i = 0; i < stakers.length; i++) start(i);
      const v = await verified;
      for (const p of participants) await p.stop();

      // Both plans ran: two members with a merge, each restarted once.
      expect([...plan.values()].sort()).toEqual(['after-reveal', 'mid-leaf']);
      for (const [i] of plan) expect(lives[i]).toBe(1);
      expect(altered).toBeDefined();
      expect(events.filter((x) => x.e.type === 'error').map((x) => [x.staker, x.life, x.e])).toEqual([
        [
          altered!.staker,
          1,
          {
            type: 'error',
            number: 1,
            message: expect.stringMatching(
              new RegExp(`^the stored chunk ${altered!.index} is unusable \\(.+\\); fetching it again$`),
            ),
          },
        ],
      ]);
      expect(v.block.status).toBe('canonical');
      // Every assigned node came from its member (no cover but the root): both merges were proved
      // by the restarted participants.
      expect(v.block.creditedNodes).toBe(6);
      expect(seqEvents.filter((e) => e.type === 'covered').map((e) => (e as { node: string }).node)).toEqual(['2/0']);

      for (const [i, how] of plan) {
        // One leaf proof and one merge over both lives.
        expect(counters[i]!.calls).toEqual({ leaf: 1, merge: 1 });
        const jobs = await stores[i]!.listJobs();
        expect(jobs.map((j) => [j.id.split('/').slice(1).join('/'), j.state, j.attempts])).toEqual([
          [expect.stringMatching(/^0\/\d$/), 'done', 1],
          [expect.stringMatching(/^1\/\d$/), 'done', 1],
        ]);
        const mine = (life: number, type: ParticipantEvent['type']) =>
          events.filter((x) => x.staker === i && x.life === life && x.e.type === type).map((x) => x.e);
        const leaf = jobs[0]!.id.split('/').slice(1).join('/');
        // The first life fetched its chunks from peers; the second took them from the store, but
        // for the altered one, fetched again.
        const chunks = (life: number) =>
          mine(life, 'chunk').map((e) => {
            const c = e as { index: number; stored?: boolean };
            return [c.index, c.stored === true];
          });
        const fetched = chunks(0).map(([index]) => index);
        expect(chunks(0)).toEqual(fetched.map((index) => [index, false]));
        expect(chunks(1)).toEqual(
          fetched.map((index) => [index, !(altered!.staker === i && altered!.index === index)]),
        );
        // The first life proved the leaf; the second took it from the store.
        expect(mine(0, 'proved').map((e) => (e as { node: string }).node)).toEqual([leaf]);
        expect(mine(1, 'resumed')).toEqual([
          { type: 'resumed', number: 1, node: leaf, state: how === 'mid-leaf' ? 'proved' : 'published' },
        ]);
        expect(mine(1, 'proved').map((e) => (e as { node: string }).node)).toEqual([
          jobs[1]!.id.split('/').slice(1).join('/'),
        ]);
        // Each node credited to this member, and its published result kept in the store.
        for (const j of jobs) {
          const [commitment, level, index] = j.id.split('/');
          expect(v.tree[`${level}/${index}`]).toBe(bytesToHex(stakers[i]!.publicKey));
          const kept = await stores[i]!.getResult({
            commitment: hexToBytes(commitment!),
            level: Number(level),
            index: Number(index),
          });
          expect(kept).not.toBeNull();
        }
      }
    },
    SLOW,
  );
});
