// The proof tree picture: one circle per node in its place, states and "mine" as classes, every
// label escaped, and a small tree labelled while a large one is not.
import { describe, expect, it } from 'vitest';
import { type TreeNodeView, proofTreeSvg } from '../../src/app/proof-tree.js';
import { PoolJobTracker } from '../../src/app/pool-jobs.js';

function tree(k: number, who = (l: number, i: number) => `p${l}${i}`): TreeNodeView[] {
  const out: TreeNodeView[] = [];
  for (let level = 0; level <= k; level++)
    for (let index = 0; index < 2 ** (k - level); index++)
      out.push({ level, index, state: level === 0 ? 'credited' : 'open', mine: index === 0, who: who(level, index) });
  return out;
}

describe('proofTreeSvg', () => {
  it('draws every node of a height-2 tree, root on top, with its state, owner and label', () => {
    const svg = proofTreeSvg({ treeHeight: 2, nodes: tree(2) }, 'Proof tree of block 3');
    expect(svg.match(/<circle /g)).toHaveLength(7);
    expect(svg.match(/<line /g)).toHaveLength(6);
    expect(svg).toContain('aria-label="Proof tree of block 3"');
    expect(svg).toContain('<g class="node state-credited mine" data-node="0/0" data-state="credited">');
    expect(svg).toContain('<g class="node state-open" data-node="1/1" data-state="open">');
    expect(svg).toContain('<title>0/1: credited · p01</title>');
    // The root sits above the leaves, centred over them.
    const cy = (node: string) =>
      Number(new RegExp(`data-node="${node}"[^>]*>.*?<circle cx="([\\d.]+)" cy="([\\d.]+)"`).exec(svg)![2]);
    const cx = (node: string) => Number(new RegExp(`data-node="${node}"[^>]*>.*?<circle cx="([\\d.]+)"`).exec(svg)![1]);
    expect(cy('2/0')).toBeLessThan(cy('1/0'));
    expect(cy('1/0')).toBeLessThan(cy('0/0'));
    expect(cx('2/0')).toBe((cx('0/0') + cx('0/3')) / 2);
  });

  it('escapes every text it is given', () => {
    const svg = proofTreeSvg({ treeHeight: 1, nodes: tree(1, () => '<img src=x onerror=alert(1)>') }, 'a "b" <c>');
    expect(svg).not.toContain('<img');
    expect(svg).toContain('&lt;img src=x');
    expect(svg).toContain('aria-label="a &quot;b&quot; &lt;c&gt;"');
  });

  it('drops text labels on a wide tree but keeps every node and tooltip', () => {
    const svg = proofTreeSvg({ treeHeight: 6, nodes: tree(6) }, 'big');
    expect(svg.match(/<circle /g)).toHaveLength(127);
    expect(svg).not.toContain('class="node-id"');
    expect(svg.match(/<title>/g)).toHaveLength(128);
  });
});

describe('PoolJobTracker', () => {
  it('records jobs, their times and failures, and estimates a running job from earlier ones', async () => {
    let now = 0;
    const changes: number[] = [];
    const t = new PoolJobTracker(
      () => now,
      () => changes.push(now),
    );
    await t.track('proof.merge', async () => {
      now += 10_000;
    });
    await expect(
      t.track('proof.merge', async () => {
        now += 1000;
        throw new Error('worker lost');
      }),
    ).rejects.toThrow('worker lost');
    let finish!: () => void;
    const running = t.track('proof.merge', () => new Promise<void>((r) => (finish = r)));
    now += 4000;
    const [latest, failed, done] = t.jobs;
    expect(done).toMatchObject({ state: 'done', ms: 10_000 });
    expect(failed).toMatchObject({ state: 'failed', ms: 1000, error: 'worker lost' });
    expect(latest!.state).toBe('running');
    expect(t.progress(latest!)).toBe(0.4);
    now += 60_000;
    expect(t.progress(latest!)).toBe(0.95); // capped until it ends
    expect(t.progress({ ...latest!, name: 'proof.base-rollup' })).toBeNull(); // nothing to go by
    finish();
    await running;
    expect(t.progress(latest!)).toBe(1);
    expect(changes.length).toBe(6);
  });
});
