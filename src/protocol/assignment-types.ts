// The common face of both assignment options (binary path, sorted rounds): which (node, key)
// pairs can be credited. Crediting, rewards and the sequencer's gap filling use only this
// interface; its own module so the options implement it without importing their dispatcher.
import type { TreeNode } from './tree.js';
import type { VrfEntry } from './vrf.js';

export interface CreditableCounts {
  readonly base: number;
  readonly merge: number;
}

export interface Assignment {
  readonly mode: 'binary-path' | 'sorted-rounds';
  readonly treeHeight: number;
  /** The committee, ascending by (vrf, pk). */
  readonly committee: readonly VrfEntry[];
  /** May this key (lowercase hex) be credited for this node? */
  isCreditable(node: TreeNode, publicKeyHex: string): boolean;
  /** Every key (lowercase hex) that may be credited for this node, in committee rank order. */
  creditableProvers(node: TreeNode): string[];
  /** Every node this key may be credited for (empty for a non-member). */
  memberNodes(publicKeyHex: string): TreeNode[];
  /** How many base and merge nodes at least one member may be credited for. */
  creditableCounts(): CreditableCounts;
  /** Nodes no member may be credited for: the sequencer (or the timeout fallback) covers them. */
  uncreditableNodes(): TreeNode[];
}
