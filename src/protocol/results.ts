// Results and the commit–reveal rule against proof stealing.
//
// A result names the block commitment, the node, its kind, the digest of its proof data (the
// data itself, MBs, travels separately and is checked against the digest) and the prover's key,
// signed by that key. Before revealing, the prover broadcasts a signed commitment
// H(result ‖ pk) = sha256(encodeResultBody(result) ‖ pk). A result counts only if its commitment
// was seen before the first reveal of that node: a copier who re-targets a published result is
// always too late.
//
// Wire forms (big-endian):
//   result body      = "FNRS" ‖ v1 ‖ blockCommitment 32 ‖ level u8 ‖ index u32 ‖ kind u8 (0 base, 1 merge) ‖ proofDigest 32 ‖ prover 48
//   signed result    = body ‖ signature 96                       (signature: domain "result" over body)
//   commitment body  = "FNRC" ‖ v1 ‖ blockCommitment 32 ‖ level u8 ‖ index u32 ‖ prover 48 ‖ commitment 32
//   signed commitment = commitment body ‖ signature 96           (domain "result-commitment")
import { ByteReader, HASH_BYTES, bytesToHex, concat, equalBytes, sha256, u32, u8 } from './bytes.js';
import type { Assignment } from './assignment.js';
import { KeyEncodingError, MessageError, ResultRefusedError, SignatureError } from './errors.js';
import { PUBLIC_KEY_BYTES, SIGNATURE_BYTES, assertSignature, sign, stakingKeyFromSecret } from './keys.js';
import { assertNode, isNodeInTree, nodeId, nodeKind, type NodeKind, type TreeNode } from './tree.js';

const RESULT_MAGIC = Uint8Array.from([0x46, 0x4e, 0x52, 0x53]); // "FNRS"
const COMMIT_MAGIC = Uint8Array.from([0x46, 0x4e, 0x52, 0x43]); // "FNRC"
const VERSION = 1;
export const RESULT_BODY_BYTES = 4 + 1 + 32 + 1 + 4 + 1 + 32 + PUBLIC_KEY_BYTES;
export const SIGNED_RESULT_BYTES = RESULT_BODY_BYTES + SIGNATURE_BYTES;
export const COMMITMENT_BODY_BYTES = 4 + 1 + 32 + 1 + 4 + PUBLIC_KEY_BYTES + 32;
export const SIGNED_COMMITMENT_BYTES = COMMITMENT_BODY_BYTES + SIGNATURE_BYTES;
/** Largest proof payload a result may reference (stage-1 witnesses are MBs). */
export const MAX_PROOF_DATA_BYTES = 256 * 1024 * 1024;

export interface ResultEnvelope {
  readonly blockCommitment: Uint8Array;
  readonly node: TreeNode;
  readonly kind: NodeKind;
  /** sha256 of the proof data. */
  readonly proofDigest: Uint8Array;
  readonly prover: Uint8Array;
}

export interface SignedResult extends ResultEnvelope {
  readonly signature: Uint8Array;
}

export interface SignedResultCommitment {
  readonly blockCommitment: Uint8Array;
  readonly node: TreeNode;
  readonly prover: Uint8Array;
  /** H(result ‖ pk). */
  readonly commitment: Uint8Array;
  readonly signature: Uint8Array;
}

const fail = (m: string) => new MessageError(m);

/** The node fits its wire fields (level u8, index u32); tree bounds are checked elsewhere. */
function checkWireNode(what: string, node: TreeNode): void {
  if (
    !node ||
    !Number.isInteger(node.level) ||
    !Number.isInteger(node.index) ||
    node.level < 0 ||
    node.level > 255 ||
    node.index < 0 ||
    node.index > 0xffffffff
  ) {
    throw fail(`${what}: node must have an integer level in [0, 255] and index in [0, 2^32)`);
  }
}

function checkEnvelopeShape(r: ResultEnvelope): void {
  if (!(r.blockCommitment instanceof Uint8Array) || r.blockCommitment.length !== HASH_BYTES)
    throw fail('result: blockCommitment must be 32 bytes');
  if (!(r.proofDigest instanceof Uint8Array) || r.proofDigest.length !== HASH_BYTES)
    throw fail('result: proofDigest must be 32 bytes');
  if (!(r.prover instanceof Uint8Array) || r.prover.length !== PUBLIC_KEY_BYTES)
    throw fail(`result: prover key must be ${PUBLIC_KEY_BYTES} bytes`);
  checkWireNode('result', r.node);
  if (r.kind !== nodeKind(r.node))
    throw fail(`result: node at level ${r.node.level} is a ${nodeKind(r.node)} node, not ${String(r.kind)}`);
}

export function proofDigest(proofData: Uint8Array): Uint8Array {
  if (proofData.length > MAX_PROOF_DATA_BYTES)
    throw fail(`proof data of ${proofData.length} bytes exceeds ${MAX_PROOF_DATA_BYTES}`);
  return sha256(proofData);
}

export function encodeResultBody(r: ResultEnvelope): Uint8Array {
  checkEnvelopeShape(r);
  return concat(
    RESULT_MAGIC,
    u8(VERSION),
    r.blockCommitment,
    u8(r.node.level),
    u32(r.node.index),
    u8(r.kind === 'base' ? 0 : 1),
    r.proofDigest,
    r.prover,
  );
}

/** H(result ‖ pk): what a prover commits to before revealing. */
export function resultCommitment(r: ResultEnvelope): Uint8Array {
  return sha256(encodeResultBody(r), r.prover);
}

function checkSigner(secretKey: Uint8Array, prover: Uint8Array): void {
  if (!equalBytes(stakingKeyFromSecret(secretKey).publicKey, prover)) {
    throw new KeyEncodingError('the signing key does not match the prover key named in the result');
  }
}

export function signResult(secretKey: Uint8Array, r: ResultEnvelope): SignedResult {
  checkSigner(secretKey, r.prover);
  return { ...r, signature: sign(secretKey, 'result', encodeResultBody(r)) };
}

/** Structure, tree bounds, and signature. Throws MessageError / SignatureError / KeyEncodingError. */
export function assertResult(r: SignedResult, treeHeight?: number): void {
  const body = encodeResultBody(r);
  if (treeHeight !== undefined && !isNodeInTree(treeHeight, r.node)) {
    throw fail(`result: node (${r.node.level}, ${r.node.index}) is outside a tree of height ${treeHeight}`);
  }
  assertSignature(r.prover, 'result', body, r.signature);
}

/** The proof data a result references must hash to its digest. */
export function assertProofData(r: ResultEnvelope, proofData: Uint8Array): void {
  if (!equalBytes(proofDigest(proofData), r.proofDigest))
    throw fail('proof data does not match the digest signed in the result');
}

export function encodeResult(r: SignedResult): Uint8Array {
  if (!(r.signature instanceof Uint8Array) || r.signature.length !== SIGNATURE_BYTES)
    throw new SignatureError('result signature must be 96 bytes');
  return concat(encodeResultBody(r), r.signature);
}

function readMagic(reader: ByteReader, magic: Uint8Array, what: string): void {
  if (!equalBytes(reader.take(4, 'magic'), magic)) throw fail(`${what}: bad magic`);
  const v = reader.number(1, 'version');
  if (v !== VERSION) throw fail(`${what}: unsupported version ${v}`);
}

/** Structure only; call assertResult to check the signature. */
export function decodeResult(bytes: Uint8Array): SignedResult {
  if (!(bytes instanceof Uint8Array) || bytes.length !== SIGNED_RESULT_BYTES) {
    throw fail(
      `result must be ${SIGNED_RESULT_BYTES} bytes, got ${bytes instanceof Uint8Array ? bytes.length : typeof bytes}`,
    );
  }
  const rd = new ByteReader(bytes, fail, { what: 'result' });
  readMagic(rd, RESULT_MAGIC, 'result');
  const blockCommitment = rd.take(32, 'blockCommitment');
  const node = { level: rd.number(1, 'level'), index: rd.number(4, 'index') };
  const kindByte = rd.number(1, 'kind');
  if (kindByte > 1) throw fail(`result: kind byte must be 0 (base) or 1 (merge), got ${kindByte}`);
  const r: SignedResult = {
    blockCommitment,
    node,
    kind: kindByte === 0 ? 'base' : 'merge',
    proofDigest: rd.take(32, 'proofDigest'),
    prover: rd.take(PUBLIC_KEY_BYTES, 'prover'),
    signature: rd.take(SIGNATURE_BYTES, 'signature'),
  };
  rd.end();
  checkEnvelopeShape(r);
  return r;
}

function commitmentBody(c: Omit<SignedResultCommitment, 'signature'>): Uint8Array {
  if (!(c.blockCommitment instanceof Uint8Array) || c.blockCommitment.length !== HASH_BYTES)
    throw fail('commitment: blockCommitment must be 32 bytes');
  if (!(c.commitment instanceof Uint8Array) || c.commitment.length !== HASH_BYTES)
    throw fail('commitment: commitment must be 32 bytes');
  if (!(c.prover instanceof Uint8Array) || c.prover.length !== PUBLIC_KEY_BYTES)
    throw fail(`commitment: prover key must be ${PUBLIC_KEY_BYTES} bytes`);
  checkWireNode('commitment', c.node);
  return concat(
    COMMIT_MAGIC,
    u8(VERSION),
    c.blockCommitment,
    u8(c.node.level),
    u32(c.node.index),
    c.prover,
    c.commitment,
  );
}

export function signResultCommitment(secretKey: Uint8Array, r: ResultEnvelope): SignedResultCommitment {
  checkSigner(secretKey, r.prover);
  const c = { blockCommitment: r.blockCommitment, node: r.node, prover: r.prover, commitment: resultCommitment(r) };
  return { ...c, signature: sign(secretKey, 'result-commitment', commitmentBody(c)) };
}

export function assertResultCommitment(c: SignedResultCommitment): void {
  assertSignature(c.prover, 'result-commitment', commitmentBody(c), c.signature);
}

export function encodeResultCommitment(c: SignedResultCommitment): Uint8Array {
  if (!(c.signature instanceof Uint8Array) || c.signature.length !== SIGNATURE_BYTES)
    throw new SignatureError('commitment signature must be 96 bytes');
  return concat(commitmentBody(c), c.signature);
}

export function decodeResultCommitment(bytes: Uint8Array): SignedResultCommitment {
  if (!(bytes instanceof Uint8Array) || bytes.length !== SIGNED_COMMITMENT_BYTES) {
    throw fail(
      `result commitment must be ${SIGNED_COMMITMENT_BYTES} bytes, got ${bytes instanceof Uint8Array ? bytes.length : typeof bytes}`,
    );
  }
  const rd = new ByteReader(bytes, fail, { what: 'result commitment' });
  readMagic(rd, COMMIT_MAGIC, 'result commitment');
  const c: SignedResultCommitment = {
    blockCommitment: rd.take(32, 'blockCommitment'),
    node: { level: rd.number(1, 'level'), index: rd.number(4, 'index') },
    prover: rd.take(PUBLIC_KEY_BYTES, 'prover'),
    commitment: rd.take(32, 'commitment'),
    signature: rd.take(SIGNATURE_BYTES, 'signature'),
  };
  rd.end();
  return c;
}

export type CommitOutcome = 'recorded' | 'late' | 'duplicate';
/** `uncredited`: the block's sequencer filled a node nobody is assigned (it closes it, earns nothing). */
export type RevealOutcome = 'timely' | 'late' | 'no-commitment' | 'mismatch' | 'uncredited';

export interface CommitRevealOptions {
  /** False when the caller already checked the signatures (the L1 before logging, simulations). */
  readonly verifySignatures?: boolean;
  /**
   * With an assignment, only keys it gives a node may commit to or reveal that node (and the
   * sequencer may reveal nodes nobody is assigned): an outsider can no longer close a node.
   */
  readonly assignment?: Assignment;
  /** The block's sequencer (lowercase hex): it covers the nodes nobody is assigned. */
  readonly sequencer?: string;
}

/** What the receiver established about a result's data before handing it to the book. */
export interface RevealCheck {
  /** The node's instance identity (hex) as its checked data states it; default: the proof digest. */
  readonly instance?: string;
  /** A merge's children instances (hex), as its checked data folds them: left, right. */
  readonly children?: readonly [string, string];
}

/** The result a node is closed with: what a final proof must contain there. */
export interface PinnedResult {
  readonly node: TreeNode;
  readonly prover: string;
  readonly instance: string;
  /** The pinned result's proof digest (hex): the payload the L1 checked is the one hashing to it. */
  readonly digest: string;
}

const short = (hex: string) => `${hex.slice(0, 16)}…`;
const at = (n: TreeNode) => `(${n.level}, ${n.index})`;

/**
 * The commit–reveal record of one block as one observer saw it, fed in arrival order. Feed it
 * only results whose data checked out. A commitment for a node that has already been revealed is
 * late; a reveal is timely when its prover's commitment for that node arrived before the node's
 * first reveal and matches it. The first timely reveal of a node pins it: a final proof must
 * contain that result there, and it is the one credited. With an assignment, only assigned keys
 * (and the sequencer, for nodes nobody is assigned) are taken, and a merge is taken only when it
 * builds on the pinned results of both children. Signatures are checked unless the caller says
 * it already checked them.
 */
export class CommitRevealBook {
  private readonly commitments = new Map<number, Map<string, Uint8Array>>();
  private readonly revealed = new Set<number>();
  private readonly timely = new Map<number, Set<string>>();
  private readonly pins = new Map<number, PinnedResult>();

  constructor(
    readonly blockCommitment: Uint8Array,
    readonly treeHeight: number,
    private readonly options: CommitRevealOptions = {},
  ) {}

  private id(what: string, block: Uint8Array, node: TreeNode): number {
    if (!equalBytes(block, this.blockCommitment)) throw fail(`${what} is for another block commitment`);
    try {
      assertNode(this.treeHeight, node);
    } catch {
      throw fail(`${what}: node (${node.level}, ${node.index}) is outside a tree of height ${this.treeHeight}`);
    }
    return nodeId(this.treeHeight, node);
  }

  /**
   * May this key post a result commitment (`what` = 'result commitment') or a result ('result')
   * for this node? 'assigned', 'gap-fill' (the sequencer, a node nobody is assigned), or a
   * ResultRefusedError. Cheap: receivers call it before checking the result's data.
   */
  assertAllowed(what: 'result' | 'result commitment', node: TreeNode, key: string): 'assigned' | 'gap-fill' {
    const a = this.options.assignment;
    if (!a || a.isCreditable(node, key)) return 'assigned';
    if (what === 'result' && key === this.options.sequencer && a.creditableProvers(node).length === 0)
      return 'gap-fill';
    throw new ResultRefusedError(
      `${what} for node ${at(node)} refused: ${short(key)} is not assigned that node (only an assigned prover's reveal closes a node)`,
    );
  }

  recordCommitment(c: SignedResultCommitment): CommitOutcome {
    const id = this.id('result commitment', c.blockCommitment, c.node);
    const key = bytesToHex(c.prover);
    this.assertAllowed('result commitment', c.node, key);
    if (this.options.verifySignatures !== false) assertResultCommitment(c);
    if (this.revealed.has(id)) return 'late';
    let byKey = this.commitments.get(id);
    if (!byKey) this.commitments.set(id, (byKey = new Map()));
    if (byKey.has(key)) return 'duplicate'; // the first commitment stands
    byKey.set(key, Uint8Array.from(c.commitment));
    return 'recorded';
  }

  private assertBuildsOnPins(node: TreeNode, children: readonly [string, string]): void {
    const k = this.treeHeight;
    const [left, right] = [
      { level: node.level - 1, index: 2 * node.index },
      { level: node.level - 1, index: 2 * node.index + 1 },
    ];
    for (const [child, instance] of [
      [left, children[0]],
      [right, children[1]],
    ] as const) {
      const pin = this.pins.get(nodeId(k, child));
      if (!pin)
        throw new ResultRefusedError(
          `merge ${at(node)} refused: child ${at(child)} has no timely revealed result to build on yet`,
        );
      if (pin.instance !== instance.toLowerCase())
        throw new ResultRefusedError(
          `merge ${at(node)} refused: it does not build on the timely revealed result of child ${at(child)} (${short(pin.prover)})`,
        );
    }
  }

  recordReveal(r: SignedResult, check: RevealCheck = {}): RevealOutcome {
    const id = this.id('result', r.blockCommitment, r.node);
    const key = bytesToHex(r.prover);
    const role = this.assertAllowed('result', r.node, key);
    if (this.options.verifySignatures !== false) assertResult(r, this.treeHeight);
    else encodeResultBody(r);
    if (r.node.level > 0 && check.children) this.assertBuildsOnPins(r.node, check.children);
    const instance = (check.instance ?? bytesToHex(r.proofDigest)).toLowerCase();
    this.revealed.add(id);
    if (role === 'gap-fill') {
      if (!this.pins.has(id))
        this.pins.set(id, { node: { ...r.node }, prover: key, instance, digest: bytesToHex(r.proofDigest) });
      return 'uncredited';
    }
    const committed = this.commitments.get(id)?.get(key);
    if (!committed) return 'no-commitment';
    if (!equalBytes(committed, resultCommitment(r))) return 'mismatch';
    let set = this.timely.get(id);
    if (!set) this.timely.set(id, (set = new Set()));
    set.add(key);
    if (!this.pins.has(id))
      this.pins.set(id, { node: { ...r.node }, prover: key, instance, digest: bytesToHex(r.proofDigest) });
    return 'timely';
  }

  /** Did this key reveal a result for this node that its earlier commitment covers? */
  isTimely(node: TreeNode, publicKeyHex: string): boolean {
    if (!isNodeInTree(this.treeHeight, node)) return false;
    return this.timely.get(nodeId(this.treeHeight, node))?.has(publicKeyHex) ?? false;
  }

  isRevealed(node: TreeNode): boolean {
    return isNodeInTree(this.treeHeight, node) && this.revealed.has(nodeId(this.treeHeight, node));
  }

  /** The result a node is pinned to (its first timely reveal, or the sequencer's gap fill). */
  pinned(node: TreeNode): PinnedResult | undefined {
    return isNodeInTree(this.treeHeight, node) ? this.pins.get(nodeId(this.treeHeight, node)) : undefined;
  }

  /** Every pinned node, by heap id (root first): what credit is computed from. */
  pinnedResults(): PinnedResult[] {
    return [...this.pins.entries()].sort((a, b) => a[0] - b[0]).map(([, p]) => p);
  }

  /**
   * Keys that took part: at least one timely reveal of a node the assignment gave them, credited
   * or not (the redundant prover under ρ, the second of two colliding paths). Sorted.
   */
  participants(): string[] {
    const keys = new Set<string>();
    for (const set of this.timely.values()) for (const key of set) keys.add(key);
    return [...keys].sort();
  }
}
