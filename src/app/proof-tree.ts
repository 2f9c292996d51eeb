// The picture of one block's proof tree: an SVG, root on top, leaves at the bottom. Each node shows
// its state (colour), whether it is this staker's (a thick ring) and who proved it (a short label
// under small trees, a tooltip always). Pure: a string from data, so it is unit-tested and the
// page only inserts it. Every text that reaches the SVG is escaped.

export type NodeState =
  /** Nobody is assigned: the sequencer covers it. */
  | 'open'
  /** Assigned (to me or another member), no result seen yet. */
  | 'assigned'
  | 'proving'
  /** Proven here, not yet revealed on the L1. */
  | 'proved'
  /** A result is pinned on the L1 (the first timely reveal, or the sequencer's cover). */
  | 'pinned'
  /** Credited in the closed, canonical block. */
  | 'credited'
  /** The block closed without this node counting (missed, or proven by someone else for no credit). */
  | 'lost';

export interface TreeNodeView {
  readonly level: number;
  readonly index: number;
  readonly state: NodeState;
  /** This staker's node (assigned to it, or proven by it). */
  readonly mine: boolean;
  /** Who proved it (or is assigned to): "me", "sequencer", "rank 2", a short key. */
  readonly who: string;
}

export interface ProofTreeView {
  readonly treeHeight: number;
  /** Every node of the tree (2^(k+1) − 1), any order. */
  readonly nodes: readonly TreeNodeView[];
}

export const NODE_STATE_LABEL: Record<NodeState, string> = {
  open: 'open (sequencer covers)',
  assigned: 'assigned',
  proving: 'proving',
  proved: 'proved here',
  pinned: 'pinned on L1',
  credited: 'credited',
  lost: 'not counted',
};

const escapeXml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Leaves wider than this get no text labels (the tooltip still names the prover). */
const LABELLED_LEAVES = 16;

/** The tree as an SVG element's markup; `title` names the block for screen readers. */
export function proofTreeSvg(view: ProofTreeView, title: string): string {
  const k = view.treeHeight;
  const leaves = 2 ** k;
  const slot = leaves <= LABELLED_LEAVES ? 64 : Math.max(8, Math.floor(1024 / leaves));
  const r = Math.min(18, slot / 2 - 2);
  const rowHeight = leaves <= LABELLED_LEAVES ? 64 : 36;
  const width = leaves * slot;
  const height = (k + 1) * rowHeight + 8;
  const labels = leaves <= LABELLED_LEAVES;
  const pos = (level: number, index: number) => {
    const span = 2 ** level * slot;
    return { x: index * span + span / 2, y: (k - level) * rowHeight + r + 4 };
  };
  const edges: string[] = [];
  for (let level = 1; level <= k; level++)
    for (let index = 0; index < 2 ** (k - level); index++) {
      const p = pos(level, index);
      for (const c of [2 * index, 2 * index + 1]) {
        const q = pos(level - 1, c);
        edges.push(`<line x1="${p.x}" y1="${p.y}" x2="${q.x}" y2="${q.y}" class="edge"/>`);
      }
    }
  const nodes = [...view.nodes]
    .sort((a, b) => b.level - a.level || a.index - b.index)
    .map((n) => {
      const p = pos(n.level, n.index);
      const tip = `${n.level}/${n.index}: ${NODE_STATE_LABEL[n.state]}${n.who ? ` · ${n.who}` : ''}`;
      const text = labels
        ? `<text x="${p.x}" y="${p.y + 4}" class="node-id">${n.level}/${n.index}</text>` +
          `<text x="${p.x}" y="${p.y + r + 13}" class="node-who">${escapeXml(n.who.slice(0, 10))}</text>`
        : '';
      return (
        `<g class="node state-${n.state}${n.mine ? ' mine' : ''}" data-node="${n.level}/${n.index}" data-state="${n.state}">` +
        `<title>${escapeXml(tip)}</title><circle cx="${p.x}" cy="${p.y}" r="${r}"/>${text}</g>`
      );
    });
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="proof-tree" viewBox="0 0 ${width} ${height}" ` +
    `role="img" aria-label="${escapeXml(title)}"><title>${escapeXml(title)}</title>${edges.join('')}${nodes.join('')}</svg>`
  );
}
