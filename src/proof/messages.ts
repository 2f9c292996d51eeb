// The proof system's messages: job inputs for the worker pool, node results, and block proofs.
import { ByteReader, concat, u32 } from '../protocol/bytes.js';
import { PUBLIC_KEY_BYTES } from '../protocol/keys.js';
import type { R1csAssignment } from '../r1cs/types.js';
import {
  type ProofReader,
  ProofWriter,
  MAX_TREE_LEAVES,
  MessageKind,
  readHeader,
  readLeafInstance,
  readMergerKey,
  readRelaxedInstance,
  readRelaxedWitness,
  writeHeader,
  writeLeafInstance,
  writeRelaxedInstance,
  writeRelaxedWitness,
} from './codec.js';
import { ProofEncodingError } from './errors.js';
import { G1_BYTES } from '../kernel/types.js';
import type { FoldProof } from './nifs.js';
import type { LeafInstance, RelaxedInstance, RelaxedWitness } from './relaxed.js';
import type { LeafProof } from './base.js';

/** A relaxed instance with its witness: what a merger takes from each child. */
export interface RelaxedPair {
  readonly instance: RelaxedInstance;
  readonly witness: RelaxedWitness;
}

export interface MergeJob {
  readonly mergerKey: Uint8Array;
  readonly left: RelaxedPair;
  readonly right: RelaxedPair;
}

/** A merge node's result: Com(T), the merger's key, the folded instance and witness. */
export interface MergeProof extends FoldProof {
  readonly instance: RelaxedInstance;
  readonly witness: RelaxedWitness;
}

/**
 * A stage-1 block proof: the 2^k leaf instances in order with each leaf prover's key, the
 * 2^k − 1 fold proofs (Com(T) and merger key) bottom-up, level by level, left to right, and the
 * root's witness for the decider.
 */
export interface BlockProof {
  readonly leaves: readonly LeafInstance[];
  /** The key of each leaf's prover (48-byte BLS12-381 G1); the leaf statement must name it. */
  readonly leafProvers: readonly Uint8Array[];
  readonly folds: readonly FoldProof[];
  readonly rootWitness: RelaxedWitness;
}

export function encodeLeafJob(a: R1csAssignment): Uint8Array {
  return writeHeader(new ProofWriter(), MessageKind.LeafJob).vector(a.witness).fields(a.publicInputs).finish();
}

export function decodeLeafJob(bytes: Uint8Array): R1csAssignment {
  const r = readHeader(bytes, MessageKind.LeafJob);
  const out = { witness: r.vector('witness'), publicInputs: r.fields('publicInputs') };
  r.end();
  return out;
}

export function encodeLeafProof(p: LeafProof): Uint8Array {
  const w = writeHeader(new ProofWriter(), MessageKind.LeafProof);
  writeLeafInstance(w, p.instance);
  return w.vector(p.W).finish();
}

export function decodeLeafProof(bytes: Uint8Array): LeafProof {
  const r = readHeader(bytes, MessageKind.LeafProof);
  const instance = readLeafInstance(r, 'leaf');
  const W = r.vector('leaf.W');
  r.end();
  return { instance, W };
}

function writePair(w: ProofWriter, p: RelaxedPair): void {
  writeRelaxedInstance(w, p.instance);
  writeRelaxedWitness(w, p.witness);
}

function readPair(r: ProofReader, what: string): RelaxedPair {
  return { instance: readRelaxedInstance(r, what), witness: readRelaxedWitness(r, what) };
}

export function encodeMergeJob(job: MergeJob): Uint8Array {
  const w = writeHeader(new ProofWriter(), MessageKind.MergeJob).bytes(checkKey(job.mergerKey));
  writePair(w, job.left);
  writePair(w, job.right);
  return w.finish();
}

export function decodeMergeJob(bytes: Uint8Array): MergeJob {
  const r = readHeader(bytes, MessageKind.MergeJob);
  const mergerKey = readMergerKey(r, 'mergerKey');
  const left = readPair(r, 'left');
  const right = readPair(r, 'right');
  r.end();
  return { mergerKey, left, right };
}

export function encodeMergeProof(p: MergeProof): Uint8Array {
  const w = writeHeader(new ProofWriter(), MessageKind.MergeProof).point(p.comT).bytes(checkKey(p.mergerKey));
  writePair(w, p);
  return w.finish();
}

export function decodeMergeProof(bytes: Uint8Array): MergeProof {
  const r = readHeader(bytes, MessageKind.MergeProof);
  const comT = r.point('comT');
  const mergerKey = readMergerKey(r, 'mergerKey');
  const instance = readRelaxedInstance(r, 'instance');
  const witness = readRelaxedWitness(r, 'witness');
  r.end();
  return { comT, mergerKey, instance, witness };
}

export function encodeBlockProof(p: BlockProof): Uint8Array {
  const w = writeHeader(new ProofWriter(), MessageKind.BlockProof).u32(p.leaves.length);
  for (const leaf of p.leaves) writeLeafInstance(w, leaf);
  w.u32(p.leafProvers.length);
  for (const key of p.leafProvers) w.bytes(checkKey(key));
  w.u32(p.folds.length);
  for (const f of p.folds) w.point(f.comT).bytes(checkKey(f.mergerKey));
  writeRelaxedWitness(w, p.rootWitness);
  return w.finish();
}

export function decodeBlockProof(bytes: Uint8Array): BlockProof {
  const r = readHeader(bytes, MessageKind.BlockProof);
  const nLeaves = r.count('leaves', MAX_TREE_LEAVES, G1_BYTES + 4);
  const leaves: LeafInstance[] = [];
  for (let i = 0; i < nLeaves; i++) leaves.push(readLeafInstance(r, `leaves[${i}]`));
  const nProvers = r.count('leafProvers', MAX_TREE_LEAVES, PUBLIC_KEY_BYTES);
  const leafProvers: Uint8Array[] = [];
  for (let i = 0; i < nProvers; i++) leafProvers.push(readMergerKey(r, `leafProvers[${i}]`));
  const nFolds = r.count('folds', MAX_TREE_LEAVES, G1_BYTES + PUBLIC_KEY_BYTES);
  const folds: FoldProof[] = [];
  for (let i = 0; i < nFolds; i++)
    folds.push({ comT: r.point(`folds[${i}].comT`), mergerKey: readMergerKey(r, `folds[${i}].mergerKey`) });
  const rootWitness = readRelaxedWitness(r, 'rootWitness');
  r.end();
  return { leaves, leafProvers, folds, rootWitness };
}

/** A relaxed instance on its own (what a checker needs of each child). */
export function encodeInstance(U: RelaxedInstance): Uint8Array {
  const w = writeHeader(new ProofWriter(), MessageKind.Instance);
  writeRelaxedInstance(w, U);
  return w.finish();
}

export function decodeInstance(bytes: Uint8Array): RelaxedInstance {
  const r = readHeader(bytes, MessageKind.Instance);
  const U = readRelaxedInstance(r, 'instance');
  r.end();
  return U;
}

function checkKey(key: Uint8Array): Uint8Array {
  if (key.length !== PUBLIC_KEY_BYTES) throw new ProofEncodingError(`merger key must be ${PUBLIC_KEY_BYTES} bytes`);
  return key;
}

/**
 * A merge node's payload: the two children instances it folds and its merge proof (Com(T), key,
 * folded instance and witness), each as `len u32 ‖ bytes`. The same bytes travel to whoever
 * builds on the node and are revealed on the L1, whose verifier re-derives the fold from the
 * children instances; the result's proof digest is their sha256. A leaf's payload is its encoded
 * leaf proof.
 */
export interface MergePayload {
  readonly left: RelaxedInstance;
  readonly right: RelaxedInstance;
  readonly proof: MergeProof;
}

export function encodeMergePayload(p: MergePayload): Uint8Array {
  const parts = [encodeInstance(p.left), encodeInstance(p.right), encodeMergeProof(p.proof)];
  return concat(...parts.flatMap((part) => [u32(part.length), part]));
}

export function decodeMergePayload(bytes: Uint8Array): MergePayload {
  const r = new ByteReader(bytes, (m) => new ProofEncodingError(m), { what: 'merge payload' });
  const part = (field: string) => r.take(r.number(4, `${field} length`), field);
  const left = decodeInstance(part('left'));
  const right = decodeInstance(part('right'));
  const proof = decodeMergeProof(part('proof'));
  r.end();
  return { left, right, proof };
}
