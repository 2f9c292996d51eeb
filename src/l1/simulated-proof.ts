// Simulated final proofs, for the economics simulator and for devnets that run before the
// folding verifier is wired in. This is NOT a proof system: it checks the shape of a proof tree
// (every node present, each node's tag binding its prover key, its position and its children's
// tags to the block commitment), which is what crediting and rewards depend on, but it cannot
// check a state transition: the end state is taken as given. The real verifier replaces it.
//
// A revealed result's data is its node's tag (plus, for a merge, the children tags it binds):
// see simulatedResultData.
//
// Wire form: "FSIM" ‖ v1 ‖ commitment 32 ‖ k u8 ‖ endState (encodeSnapshot) ‖
//            for node id 1 … 2^(k+1)−1 (heap order, root first): prover 48 ‖ tag 32
// tag(id) = sha256("fernet-l1/sim-proof/v1" ‖ commitment ‖ id u32 ‖ prover ‖ tag(2id) ‖ tag(2id+1))
// (a leaf has no children tags).
import { bytesToHex } from '@noble/hashes/utils.js';
import {
  SNAPSHOT_BYTES,
  decodeSnapshot,
  encodeSnapshot,
  nodeFromId,
  nodeId,
  type ProvedNode,
  type ResultEnvelope,
  type StateSnapshot,
  type TreeNode,
} from '../protocol/index.js';
import { equalBytes, hashParts, uintBytes } from './hex.js';
import type { BlockCommitmentView, BlockVerifier, ResultCheck, BlockVerdict } from './verifier.js';

const MAGIC = new Uint8Array([0x46, 0x53, 0x49, 0x4d]); // "FSIM"
const ENTRY_BYTES = 48 + 32;
const HEADER_BYTES = 4 + 1 + 32 + 1 + SNAPSHOT_BYTES;

function nodeTag(
  commitment: Uint8Array,
  id: number,
  prover: Uint8Array,
  left?: Uint8Array,
  right?: Uint8Array,
): Uint8Array {
  return left && right
    ? hashParts('fernet-l1/sim-proof/v1', commitment, uintBytes(id, 4), prover, left, right)
    : hashParts('fernet-l1/sim-proof/v1', commitment, uintBytes(id, 4), prover);
}

/** Builds a simulated proof: `proverOf` names the key that proved each node. */
export function buildSimulatedProof(
  commitment: Uint8Array,
  treeHeight: number,
  endState: StateSnapshot,
  proverOf: (node: TreeNode) => Uint8Array,
): Uint8Array {
  const count = 2 ** (treeHeight + 1) - 1;
  const tags: Uint8Array[] = new Array(count + 1);
  const provers: Uint8Array[] = new Array(count + 1);
  for (let id = count; id >= 1; id--) {
    const node = nodeFromId(treeHeight, id);
    const prover = proverOf(node);
    if (prover.length !== 48)
      throw new RangeError(`prover key of node (${node.level}, ${node.index}) must be 48 bytes`);
    provers[id] = prover;
    tags[id] =
      node.level === 0
        ? nodeTag(commitment, id, prover)
        : nodeTag(commitment, id, prover, tags[2 * id], tags[2 * id + 1]);
  }
  const out = new Uint8Array(HEADER_BYTES + count * ENTRY_BYTES);
  out.set(MAGIC, 0);
  out[4] = 1;
  out.set(commitment, 5);
  out[37] = treeHeight;
  out.set(encodeSnapshot(endState), 38);
  for (let id = 1; id <= count; id++) {
    const at = HEADER_BYTES + (id - 1) * ENTRY_BYTES;
    out.set(provers[id]!, at);
    out.set(tags[id]!, at + 48);
  }
  return out;
}

const RESULT_MAGIC = new Uint8Array([0x46, 0x53, 0x52, 0x44]); // "FSRD"

/**
 * A simulated result's data: "FSRD" ‖ v1 ‖ tag 32 ‖ (merge only) leftTag 32 ‖ rightTag 32, the
 * tag as in a final proof. A merge's tag binds the children tags it builds on, so the L1 can
 * check that it builds on the children's pinned results.
 */
export function simulatedResultData(
  commitment: Uint8Array,
  treeHeight: number,
  node: TreeNode,
  prover: Uint8Array,
  children?: readonly [Uint8Array, Uint8Array],
): Uint8Array {
  const id = nodeId(treeHeight, node);
  if (node.level > 0 !== (children !== undefined))
    throw new RangeError(`node (${node.level}, ${node.index}): a merge names its children's tags, a leaf none`);
  const tag = children ? nodeTag(commitment, id, prover, children[0], children[1]) : nodeTag(commitment, id, prover);
  const out = new Uint8Array(5 + 32 * (children ? 3 : 1));
  out.set(RESULT_MAGIC, 0);
  out[4] = 1;
  out.set(tag, 5);
  if (children) {
    out.set(children[0], 37);
    out.set(children[1], 69);
  }
  return out;
}

/** The tag a simulated result's data carries (its instance identity). */
export function simulatedResultTag(data: Uint8Array): Uint8Array {
  return data.slice(5, 37);
}

export function checkSimulatedResult(
  block: BlockCommitmentView,
  result: ResultEnvelope,
  data: Uint8Array,
): ResultCheck {
  const k = block.header.treeHeight;
  const node = result.node;
  const merge = node.level > 0;
  const want = 5 + 32 * (merge ? 3 : 1);
  if (data.length !== want || !equalBytes(data.subarray(0, 4), RESULT_MAGIC) || data[4] !== 1)
    return { valid: false, reason: `not a simulated ${merge ? 'merge' : 'leaf'} result (${want} bytes, "FSRD" v1)` };
  const id = nodeId(k, node);
  const tag = data.subarray(5, 37);
  const left = data.subarray(37, 69);
  const right = data.subarray(69, 101);
  const expected = merge
    ? nodeTag(block.commitment, id, result.prover, left, right)
    : nodeTag(block.commitment, id, result.prover);
  if (!equalBytes(expected, tag))
    return {
      valid: false,
      reason: `its tag does not bind node (${node.level}, ${node.index}), its prover and its children`,
    };
  return merge
    ? { valid: true, instance: bytesToHex(tag), children: [bytesToHex(left), bytesToHex(right)] }
    : { valid: true, instance: bytesToHex(tag) };
}

export class SimulatedProofVerifier implements BlockVerifier {
  async verify(block: BlockCommitmentView, proof: Uint8Array): Promise<BlockVerdict> {
    return verifySimulatedProof(block, proof);
  }

  async checkResult(block: BlockCommitmentView, result: ResultEnvelope, data: Uint8Array): Promise<ResultCheck> {
    return checkSimulatedResult(block, result, data);
  }
}

export function verifySimulatedProof(block: BlockCommitmentView, proof: Uint8Array): BlockVerdict {
  const k = block.header.treeHeight;
  const count = 2 ** (k + 1) - 1;
  if (proof.length < HEADER_BYTES)
    return { valid: false, reason: `proof is ${proof.length} bytes, shorter than its header` };
  if (!equalBytes(proof.subarray(0, 4), MAGIC) || proof[4] !== 1)
    return { valid: false, reason: 'not a simulated proof (bad magic or version)' };
  if (!equalBytes(proof.subarray(5, 37), block.commitment))
    return { valid: false, reason: 'proof is for another block commitment' };
  if (proof[37] !== k)
    return { valid: false, reason: `proof tree height ${proof[37]} does not match the header's ${k}` };
  if (proof.length !== HEADER_BYTES + count * ENTRY_BYTES) {
    return {
      valid: false,
      reason: `proof must be ${HEADER_BYTES + count * ENTRY_BYTES} bytes for a tree of height ${k}, got ${proof.length}`,
    };
  }
  let endState: StateSnapshot;
  try {
    endState = decodeSnapshot(proof.slice(38, HEADER_BYTES));
  } catch (e) {
    return { valid: false, reason: `bad end state: ${(e as Error).message}` };
  }
  const entry = (id: number) => {
    const at = HEADER_BYTES + (id - 1) * ENTRY_BYTES;
    return { prover: proof.subarray(at, at + 48), tag: proof.subarray(at + 48, at + ENTRY_BYTES) };
  };
  const provedNodes: ProvedNode[] = [];
  for (let id = count; id >= 1; id--) {
    const node = nodeFromId(k, id);
    const { prover, tag } = entry(id);
    const expected =
      node.level === 0
        ? nodeTag(block.commitment, id, prover)
        : nodeTag(block.commitment, id, prover, entry(2 * id).tag, entry(2 * id + 1).tag);
    if (!equalBytes(expected, tag))
      return { valid: false, reason: `node (${node.level}, ${node.index}) does not bind its prover key and children` };
    provedNodes.push({ node, prover: bytesToHex(prover), instance: bytesToHex(tag) });
  }
  provedNodes.sort((a, b) => nodeId(k, a.node) - nodeId(k, b.node));
  return { valid: true, endState, provedNodes };
}
