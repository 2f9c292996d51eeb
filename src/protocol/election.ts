// Roles for one block. Sequencer = highest VRF among active stakers; proving committee = the n
// lowest, never the sequencer. Sorting by (vrf, pk) makes the result independent of input order.
import { bytesToHex, equalBytes } from './bytes.js';
import { ElectionError, ParameterError } from './errors.js';
import { compareVrf, vrf, type VrfEntry, type VrfInput } from './vrf.js';

export interface Election {
  readonly sequencer: VrfEntry;
  /** Ascending by (vrf, pk): index = rank, rank 0 has the lowest VRF. */
  readonly committee: readonly VrfEntry[];
}

/** Every active staker with its VRF output, ascending by (vrf, pk). */
export function rankStakers(publicKeys: readonly Uint8Array[], input: VrfInput): VrfEntry[] {
  const entries = publicKeys.map((publicKey) => ({ publicKey, vrf: vrf(publicKey, input.prevBlockHash, input.slot) }));
  entries.sort(compareVrf);
  // Equal keys have equal outputs, so duplicates end up adjacent after sorting.
  for (let i = 1; i < entries.length; i++) {
    if (compareVrf(entries[i - 1]!, entries[i]!) === 0) {
      throw new ElectionError(`duplicate staker ${bytesToHex(entries[i]!.publicKey).slice(0, 16)}… in the active set`);
    }
  }
  return entries;
}

/**
 * Elects the sequencer and a committee (for the block posted in `input.slot` on `input.prevBlockHash`) of min(n, stakers − 1) members. Throws ElectionError for
 * an empty set or duplicate keys. Keys are not curve-checked here (that happens at registration).
 */
export function elect(publicKeys: readonly Uint8Array[], input: VrfInput, committeeSize: number): Election {
  if (!Number.isSafeInteger(committeeSize) || committeeSize < 0) {
    throw new ParameterError(`committee size must be a non-negative integer, got ${committeeSize}`);
  }
  if (publicKeys.length === 0) throw new ElectionError('no active stakers: nobody can be elected');
  const ranked = rankStakers(publicKeys, input);
  const sequencer = ranked[ranked.length - 1]!;
  const committee = ranked.slice(0, Math.min(committeeSize, ranked.length - 1));
  return { sequencer, committee };
}

/**
 * A devnet with a designated sequencer (an L1 parameter): that key posts every block and the
 * committee is the min(n, others) lowest VRFs among the other active stakers. The committee rule
 * is unchanged; only the sequencer is fixed instead of elected.
 */
export function electWithSequencer(
  publicKeys: readonly Uint8Array[],
  input: VrfInput,
  committeeSize: number,
  sequencer: Uint8Array,
): Election {
  if (!Number.isSafeInteger(committeeSize) || committeeSize < 0) {
    throw new ParameterError(`committee size must be a non-negative integer, got ${committeeSize}`);
  }
  const others = publicKeys.filter((pk) => !equalBytes(pk, sequencer));
  if (others.length === 0) throw new ElectionError('no active stakers besides the designated sequencer');
  const ranked = rankStakers(others, input);
  return {
    sequencer: { publicKey: sequencer, vrf: vrf(sequencer, input.prevBlockHash, input.slot) },
    committee: ranked.slice(0, Math.min(committeeSize, ranked.length)),
  };
}

/** The committee rank of a key, or -1 when it is not a member. */
export function committeeRank(election: Election, publicKey: Uint8Array): number {
  const id = bytesToHex(publicKey);
  return election.committee.findIndex((m) => bytesToHex(m.publicKey) === id);
}
