// Shared set-up for the L1 tests: deterministic keys, a real node + server on 127.0.0.1 with an
// ephemeral port, the honest steps of one block (post, commit, reveal, sign off, prove), and a
// fixture child process to SIGKILL for the crash tests.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import {
  aggregateSignOff,
  allNodes,
  buildAssignment,
  encodeHeader,
  generateStakingKey,
  nodeKind,
  signBlockCommitment,
  signResult,
  signResultCommitment,
  type AssignmentParams,
  type BlockHeader,
  type StakingKeyPair,
  type TreeNode,
} from '../../src/protocol/index.js';
import { elect } from '../../src/protocol/index.js';
import { L1Client } from '../../src/l1/client.js';
import type { L1Client as L1ClientPort } from '../../src/participant/ports/l1-client.js';
import { startL1Server, type L1Server, type L1ServerOptions } from '../../src/l1/http-server.js';
import type { SignatureVerifier } from '../../src/l1/signatures.js';
import { L1Node } from '../../src/l1/node.js';
import type { L1Params } from '../../src/l1/params.js';
import {
  buildSimulatedProof,
  SimulatedProofVerifier,
  simulatedResultData,
  simulatedResultTag,
} from '../../src/l1/simulated-proof.js';
import { snapshotFromJson } from '../../src/l1/state.js';

export function keyFor(i: number): StakingKeyPair {
  const seed = new Uint8Array(48);
  seed[0] = 0x5e;
  new DataView(seed.buffer).setUint32(44, i);
  return generateStakingKey(seed);
}

export interface TestL1 {
  node: L1Node;
  server: L1Server;
  client: L1Client;
  dir: string;
  logPath: string;
  stop(): Promise<void>;
}

/** Any L1 client (HTTP or in-process) whose L1 lets tests move the clock. */
export type DevL1Client = L1ClientPort & { devAdvanceSlots(slots: number): Promise<unknown> };

export const TEST_PARAMS: Partial<L1Params> = { epochSlots: 4, proofWindowSlots: 4, minStake: 100n, slashAmount: 10n };

/** The app origin the test servers allow (CORS). */
export const TEST_APP_ORIGIN = 'http://localhost:5173';

export async function startTestL1(
  params: Partial<L1Params> = {},
  dir?: string,
  extra: { server?: L1ServerOptions; signatures?: SignatureVerifier } = {},
): Promise<TestL1> {
  const base = dir ?? (await mkdtemp(join(tmpdir(), 'l1-api-')));
  const logPath = join(base, 'l1.log');
  const node = await L1Node.open({
    params: { ...TEST_PARAMS, ...params },
    verifier: new SimulatedProofVerifier(),
    signatures: extra.signatures,
    logPath,
  });
  const server = await startL1Server(node, {
    devMethods: true,
    maxBodyBytes: 64 * 1024,
    allowedOrigins: [TEST_APP_ORIGIN],
    ...extra.server,
  });
  const client = new L1Client(server.url);
  return {
    node,
    server,
    client,
    dir: base,
    logPath,
    async stop() {
      await server.close();
      await node.close();
    },
  };
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

export interface BlockPlanOptions {
  committeeSize: number;
  treeHeight: number;
  threshold: number;
  assignment?: AssignmentParams;
}

/** The header the elected sequencer would post now, and who is elected. */
export async function planNextBlock(client: DevL1Client, keys: StakingKeyPair[], o: BlockPlanOptions) {
  const status = await client.status();
  const active = (await client.getStakers()).filter((s) => s.active).map((s) => hexToBytes(s.publicKey.slice(2)));
  const prevBlockHash = hexToBytes(status.head.hash.slice(2));
  const election = elect(active, { prevBlockHash, slot: status.slot }, o.committeeSize);
  const byAccount = new Map(keys.map((k) => [bytesToHex(k.publicKey), k]));
  const header: BlockHeader = {
    chainId: status.chainId,
    blockNumber: status.head.number + 1,
    slot: status.slot,
    prevBlockHash,
    treeHeight: o.treeHeight,
    committeeSize: o.committeeSize,
    assignment: o.assignment ?? { mode: 'binary-path', bitMode: 'low', openAfterSeconds: 30 },
    startState: snapshotFromJson(status.head.endState),
    signOffThreshold: o.threshold,
  };
  const sequencer = byAccount.get(bytesToHex(election.sequencer.publicKey))!;
  const committee = election.committee.map((m) => byAccount.get(bytesToHex(m.publicKey))!);
  const assignment = buildAssignment(header.assignment, election.committee, header.treeHeight);
  return { header, headerBytes: encodeHeader(header), sequencer, committee, assignment, election };
}

export const TRANSCRIPT_ROOT = sha256(new TextEncoder().encode('test transcript'));

/**
 * Registers `keys` (stake 1000 each), waits out their activation epoch and has the elected
 * sequencer post the next block; returns the plan and the block commitment the L1 answered.
 */
export async function postNextBlock(client: DevL1Client, keys: StakingKeyPair[], o: BlockPlanOptions) {
  for (const k of keys) await client.register(k.secretKey, 1000n);
  await client.devAdvanceSlots(4);
  const plan = await planNextBlock(client, keys, o);
  const posted = await client.postBlock(plan.sequencer.secretKey, plan.headerBytes, TRANSCRIPT_ROOT);
  return { plan, commitment: hexToBytes((posted.commitment as string).slice(2)) };
}

/** Opaque proof data for tests whose verifier does not check single results (the folding one). */
export function proofDataFor(node: TreeNode, prover: StakingKeyPair): Uint8Array {
  return new TextEncoder().encode(`proof ${node.level}/${node.index} by ${bytesToHex(prover.publicKey)}`);
}

export function envelopeFor(commitment: Uint8Array, node: TreeNode, prover: StakingKeyPair, data?: Uint8Array) {
  return {
    blockCommitment: commitment,
    node,
    kind: nodeKind(node),
    proofDigest: sha256(data ?? proofDataFor(node, prover)),
    prover: prover.publicKey,
  };
}

/**
 * A simulated result for `node` by `prover` in the tree `proverOf` describes: its data (the node's
 * tag, plus the children tags for a merge) and the envelope over it.
 */
export function simulatedResultFor(
  commitment: Uint8Array,
  treeHeight: number,
  node: TreeNode,
  prover: StakingKeyPair,
  proverOf: (n: TreeNode) => StakingKeyPair,
) {
  const tag = (n: TreeNode): Uint8Array => simulatedResultTag(dataOf(n, proverOf(n)));
  const dataOf = (n: TreeNode, key: StakingKeyPair): Uint8Array =>
    simulatedResultData(
      commitment,
      treeHeight,
      n,
      key.publicKey,
      n.level === 0
        ? undefined
        : [tag({ level: n.level - 1, index: 2 * n.index }), tag({ level: n.level - 1, index: 2 * n.index + 1 })],
    );
  const data = dataOf(node, prover);
  return { data, envelope: envelopeFor(commitment, node, prover, data) };
}

/**
 * The honest steps after the header is posted, level by level: every creditable node is
 * committed, then revealed, by its first assigned member (a merge once both children are
 * revealed); the sequencer reveals the nodes nobody is assigned; the committee signs off;
 * `submitter` submits the proof.
 */
export async function proveOpenBlock(
  client: DevL1Client,
  plan: Awaited<ReturnType<typeof planNextBlock>>,
  commitment: Uint8Array,
  submitter: StakingKeyPair,
  options: { signers?: number; skipMembers?: Set<string> } = {},
) {
  const k = plan.header.treeHeight;
  const byAccount = new Map([plan.sequencer, ...plan.committee].map((key) => [bytesToHex(key.publicKey), key]));
  const proverOf = new Map<string, StakingKeyPair>();
  for (const node of allNodes(k)) {
    const candidates = plan.assignment.creditableProvers(node).filter((a) => !options.skipMembers?.has(a));
    proverOf.set(`${node.level}/${node.index}`, candidates.length ? byAccount.get(candidates[0]!)! : plan.sequencer);
  }
  const keyOf = (n: TreeNode) => proverOf.get(`${n.level}/${n.index}`)!;
  const revealed = new Set<string>();
  for (let level = 0; level <= k; level++) {
    const nodes = [...allNodes(k)].filter(
      (n) =>
        n.level === level &&
        (level === 0 ||
          (revealed.has(`${level - 1}/${2 * n.index}`) && revealed.has(`${level - 1}/${2 * n.index + 1}`))),
    );
    const byMember = nodes.filter((n) => keyOf(n) !== plan.sequencer);
    for (const node of byMember) {
      const key = keyOf(node);
      const { envelope } = simulatedResultFor(commitment, k, node, key, keyOf);
      await client.commitResult(key.secretKey, signResultCommitment(key.secretKey, envelope));
    }
    for (const node of nodes) {
      const key = keyOf(node);
      // The sequencer may reveal only nodes nobody is assigned.
      if (key === plan.sequencer && plan.assignment.creditableProvers(node).length > 0) continue;
      const { envelope, data } = simulatedResultFor(commitment, k, node, key, keyOf);
      await client.revealResult(key.secretKey, signResult(key.secretKey, envelope), data);
      revealed.add(`${node.level}/${node.index}`);
    }
  }
  const signers = plan.committee.slice(0, options.signers ?? plan.committee.length);
  const signOff = aggregateSignOff(
    signers.map((key, rank) => ({ rank, signature: signBlockCommitment(key.secretKey, commitment) })),
  );
  await client.signOff(signers[0]!.secretKey, plan.header.blockNumber, signOff, plan.committee.length);
  const endState = {
    ...plan.header.startState,
    noteNextIndex: plan.header.startState.noteNextIndex + 2 ** k,
  };
  const proof = buildSimulatedProof(commitment, k, endState, (n) => keyOf(n).publicKey);
  return {
    proof,
    proverOf,
    endState,
    submit: () => client.submitProof(submitter.secretKey, plan.header.blockNumber, proof),
  };
}

/**
 * Runs `fixtures/<fixture>` in a child process, hands `onLine` each line it prints, and SIGKILLs
 * it `extraMs` after `onLine` first returns true. Resolves once the child died of that SIGKILL;
 * rejects if it exited any other way.
 */
export function runUntilKilled(
  fixture: string,
  args: string[],
  extraMs: number,
  onLine: (line: string) => boolean,
): Promise<void> {
  const script = fileURLToPath(new URL(`./fixtures/${fixture}`, import.meta.url));
  const root = fileURLToPath(new URL('../..', import.meta.url));
  return new Promise((resolve, reject) => {
    // node itself (not the tsx wrapper, which would leave its node child running) runs the fixture.
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let buffered = '';
    let stderr = '';
    let killing = false;
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) {
        if (onLine(line) && !killing) {
          killing = true;
          setTimeout(() => child.kill('SIGKILL'), extraMs);
        }
      }
    });
    child.on('exit', (code, signal) =>
      signal === 'SIGKILL' ? resolve() : reject(new Error(`${fixture} exited with ${code}: ${stderr}`)),
    );
  });
}
