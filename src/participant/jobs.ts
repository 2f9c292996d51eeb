// A participant's proof jobs as the store keeps them: one job per node of its duty, so a restart
// (a reloaded tab, a restarted process) resumes the block where it stopped. The id names the
// block and node; the input repeats them (adding the same job again is then a no-op); the output
// is the node's payload with the child digests a merge folded (what its announcement carries).
import { bytesToHex, ByteReader, ByteWriter } from '../protocol/bytes.js';
import type { TreeNode } from '../protocol/index.js';
import { kindOf } from './duties.js';
import { ParticipantError } from './errors.js';

/** A stored job output that does not decode (the store checked its bytes, so a bug wrote it). */
export class StoredJobError extends ParticipantError {
  override name = 'StoredJobError';
}

/** Attempts a node's proof gets across restarts before it is given up (a proof that keeps crashing the tab). */
export const NODE_JOB_ATTEMPTS = 5;

export const nodeJobId = (commitment: Uint8Array, node: TreeNode): string =>
  `${bytesToHex(commitment)}/${node.level}/${node.index}`;

export function nodeJobSpec(commitment: Uint8Array, node: TreeNode) {
  return {
    id: nodeJobId(commitment, node),
    kind: kindOf(node),
    input: new ByteWriter().bytes(commitment).u8(node.level).u32(node.index).finish(),
    maxAttempts: NODE_JOB_ATTEMPTS,
  };
}

export interface NodeJobOutput {
  readonly payload: Uint8Array;
  readonly children?: readonly [Uint8Array, Uint8Array];
}

/** u8 hasChildren | (left digest 32 | right digest 32) | payload */
export function encodeNodeJobOutput(o: NodeJobOutput): Uint8Array {
  const w = new ByteWriter().u8(o.children ? 1 : 0);
  if (o.children) w.bytes(o.children[0]).bytes(o.children[1]);
  return w.bytes(o.payload).finish();
}

export function decodeNodeJobOutput(bytes: Uint8Array): NodeJobOutput {
  const r = new ByteReader(bytes, (m) => new StoredJobError(m), { what: 'node job output' });
  const flag = r.u8('hasChildren');
  if (flag > 1) throw new StoredJobError(`node job output: hasChildren is ${flag}`);
  const children = flag === 1 ? ([r.take(32, 'left digest'), r.take(32, 'right digest')] as const) : undefined;
  return { payload: r.take(r.remaining, 'payload'), children };
}
