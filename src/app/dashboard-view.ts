// Draws the dashboard's state (dashboard-model.ts) into index.html. Text goes in as text; the only
// markup inserted is the proof tree's SVG, built from our own data with every label escaped.
import { PROVING_TARGET } from '../pool/device.js';
import {
  type BlockCard,
  type DashboardState,
  capacity,
  name,
  rewards,
  shortKey,
  treeView,
  warnings,
} from './dashboard-model.js';
import { $ } from './dom.js';
import type { PoolJobTracker } from './pool-jobs.js';
import { NODE_STATE_LABEL, type NodeState, proofTreeSvg } from './proof-tree.js';
import type { KernelSpeed } from './session.js';

const LINK_WORDS = { connecting: 'Connecting', up: 'Connected', down: 'Unreachable' } as const;
const LINK_TONE = { connecting: 'warn', up: 'good', down: 'bad' } as const;
const LOG_SHOWN = 60;

export interface DashboardInputs {
  state: DashboardState;
  tracker: PoolJobTracker;
  kernelSpeed: KernelSpeed | null;
  poolSize: number;
}

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  text?: string,
  attrs: Record<string, string> = {},
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
}

const time = (ms: number) => new Date(ms).toLocaleTimeString();
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export function renderDashboard(d: DashboardInputs): void {
  const s = d.state;
  $('dash-key').textContent = shortKey(s.publicKey);
  $('dash-key').title = s.publicKey;
  const st = s.staker;
  $('dash-stake').textContent = st ? st.stake : 'not registered yet';
  $('dash-staker-state').textContent = !st
    ? 'registering…'
    : st.ejected
      ? 'ejected'
      : st.active
        ? `active${st.missStreak ? ` · ${st.missStreak} missed in a row` : ''}`
        : `registered, active from epoch ${st.activeFromEpoch}`;
  for (const [id, link] of [
    ['l1', s.l1],
    ['relay', s.relay],
  ] as const) {
    const state = $(`dash-${id}-state`);
    const words = LINK_WORDS[link.state];
    if (state.textContent !== words) state.textContent = words;
    state.dataset.tone = LINK_TONE[link.state];
    $(`dash-${id}-detail`).textContent = link.detail;
  }
  $('dash-peers').textContent =
    `${s.peers.length} direct (WebRTC) · ${s.linkedPeers} stakers linked` +
    (s.l1.slot === null ? '' : ` · slot ${s.l1.slot}`);

  const button = $('proving-switch') as HTMLButtonElement;
  button.setAttribute('aria-pressed', String(s.proving));
  button.textContent = s.proving ? 'Proving: on' : 'Proving: off';
  button.dataset.tone = s.proving ? 'good' : 'warn';

  $('dash-warnings').replaceChildren(...warnings(s).map((w) => el('li', w)));
  renderBlock(s, s.blocks[0]);
  renderJobs(d);
  const r = rewards(s);
  $('dash-earned').textContent = r.earned.toString();
  $('dash-claimable').textContent = r.claimable.toString();
  $('dash-claimed').textContent = r.claimed.toString();
  ($('claim') as HTMLButtonElement).disabled = r.claimable === 0n;
  renderHistory(s);
  renderLog(s);
  renderSpeed(d);
}

/** What a box last showed: a box is redrawn only when its content changed (stable for readers and screenshots). */
const shown = new WeakMap<HTMLElement, string>();
function unchanged(box: HTMLElement, signature: string): boolean {
  if (shown.get(box) === signature) return true;
  shown.set(box, signature);
  return false;
}

const bigintJson = (_k: string, v: unknown) => (typeof v === 'bigint' ? v.toString() : v);

function renderBlock(s: DashboardState, card: BlockCard | undefined): void {
  if (!card) return;
  const box = $('dash-block');
  if (unchanged(box, JSON.stringify(card, bigintJson))) return;
  box.replaceChildren(...blockCard(s, card));
}

function blockCard(s: DashboardState, card: BlockCard): HTMLElement[] {
  const facts = el('dl', undefined, { class: 'dash-facts' });
  const fact = (label: string, value: string, attrs: Record<string, string> = {}) =>
    facts.append(el('dt', label), el('dd', value, attrs));
  fact('Block', `${card.number} · ${card.status}`, { 'data-field': 'block' });
  fact('My VRF', `0x${card.myVrf.slice(0, 16)}…`, { title: `0x${card.myVrf}`, 'data-field': 'vrf' });
  fact('My role', card.role === 'committee' ? `committee, rank ${card.rank} of ${card.committee.length}` : card.role, {
    'data-field': 'role',
  });
  fact('Assignment', card.assigned.length ? card.assigned.join(', ') : 'none', { 'data-field': 'assignment' });
  if (card.rank >= 0)
    fact(
      'Transcript',
      `${card.chunks.fetched} of ${card.chunks.needed} chunks checked${card.signedOff ? ' · signed off' : ''}`,
      { 'data-field': 'chunks' },
    );
  const view = treeView(s, card);
  const figure = el('figure', undefined, { class: 'tree-figure' });
  figure.innerHTML = proofTreeSvg(view, `Proof tree of block ${card.number}`);
  const used = new Set<NodeState>(view.nodes.map((n) => n.state));
  const legend = el('ul', undefined, { class: 'tree-legend' });
  for (const state of Object.keys(NODE_STATE_LABEL) as NodeState[])
    if (used.has(state))
      legend.append(el('li', NODE_STATE_LABEL[state], { class: `state-${state}`, 'data-state': state }));
  legend.append(el('li', 'mine (ring)', { class: 'legend-mine' }));
  const caption = el('figcaption');
  caption.append(legend);
  figure.append(caption);
  return [facts, figure];
}

function renderJobs(d: DashboardInputs): void {
  const box = $('dash-jobs');
  const jobs = d.tracker.jobs;
  const rows = jobs.slice(0, 12).map((job) => {
    const tr = el('tr', undefined, { 'data-state': job.state });
    const p = d.tracker.progress(job);
    const bar = el('progress', undefined, { max: '1' });
    if (p !== null) bar.value = p;
    tr.append(
      el('td', job.name),
      el('td', job.state === 'failed' ? `failed: ${job.error ?? ''}` : job.state),
      el('td', job.ms === null ? seconds(Date.now() - job.startedAt) : seconds(job.ms)),
      el('td'),
    );
    tr.lastElementChild!.append(bar);
    return tr;
  });
  const stored = d.state.jobs;
  const count = (state: string) => stored.filter((j) => j.state === state).length;
  const summary = el(
    'p',
    `Pool of ${d.poolSize} worker${d.poolSize === 1 ? '' : 's'}: ${jobs.filter((j) => j.state === 'running').length} running, ` +
      `${jobs.filter((j) => j.state === 'done').length} done in this session.` +
      (stored.length
        ? ` Stored duties: ${count('queued')} queued, ${count('running')} running, ${count('done')} done, ${count('failed')} failed.`
        : ''),
    { class: 'muted', id: 'jobs-summary' },
  );
  if (rows.length === 0) {
    box.replaceChildren(summary);
    return;
  }
  const table = el('table', undefined, { class: 'jobs' });
  const head = el('tr');
  for (const h of ['Job', 'State', 'Time', 'Progress']) head.append(el('th', h, { scope: 'col' }));
  table.append(el('thead'), el('tbody'));
  table.tHead!.append(head);
  table.tBodies[0]!.append(...rows);
  box.replaceChildren(summary, table);
}

function renderHistory(s: DashboardState): void {
  const closed = s.blocks.filter((b) => b.status !== 'open');
  if (closed.length === 0) return;
  const box = $('dash-history');
  if (unchanged(box, JSON.stringify(closed, bigintJson))) return;
  const table = el('table', undefined, { class: 'history' });
  const head = el('tr');
  for (const h of ['Block', 'Role', 'Mine', 'Result', 'Earned']) head.append(el('th', h, { scope: 'col' }));
  table.append(el('thead'), el('tbody'));
  table.tHead!.append(head);
  for (const b of closed) {
    const credited = Object.entries(b.provedBy)
      .filter(([, who]) => who === s.publicKey)
      .map(([node]) => node);
    const tr = el('tr', undefined, { 'data-block': String(b.number) });
    tr.append(
      el('td', String(b.number)),
      el('td', b.role === 'committee' ? `rank ${b.rank}` : b.role),
      el(
        'td',
        b.assigned.length ? `${credited.length} of ${b.assigned.length} credited (${credited.join(', ') || '—'})` : '—',
      ),
      el('td', b.status === 'missed' ? `missed${b.missReason ? `: ${b.missReason}` : ''}` : 'canonical'),
      el('td', b.earned.toString()),
    );
    table.tBodies[0]!.append(tr);
  }
  // The latest closed block's tree (credited nodes and who proved them) and the same in words.
  const last = closed[0]!;
  const who = Object.entries(last.provedBy)
    .sort()
    .map(([node, prover]) => `${node} ${name(s, last, prover)}`)
    .join(' · ');
  const heading = el('h3', `Block ${last.number}, ${last.status}`);
  box.replaceChildren(
    table,
    heading,
    ...blockCard(s, last).slice(1),
    el('p', `Proved by: ${who || 'no node credited'}.`, { class: 'muted' }),
  );
}

function renderLog(s: DashboardState): void {
  $('dash-log').replaceChildren(
    ...s.log.slice(0, LOG_SHOWN).map((e) => {
      const li = el('li', undefined, { 'data-tone': e.tone });
      li.append(el('time', time(e.at)), document.createTextNode(` ${e.text}`));
      return li;
    }),
  );
}

function renderSpeed(d: DashboardInputs): void {
  const rows: Array<[string, string, string]> = [];
  const k = d.kernelSpeed;
  rows.push([
    'Kernel speed',
    k
      ? `${k.points}-point MSM: ${k.oneWorkerMs.toFixed(1)} ms on 1 worker` +
        (k.workers > 1 ? `, ${k.allWorkersMs.toFixed(1)} ms split over ${k.workers}` : '')
      : 'measuring…',
    k ? `${Math.round((k.points / k.oneWorkerMs) * 1000).toLocaleString()} points/s per worker` : '',
  ]);
  const c = capacity(d.state, { poolSize: d.poolSize, targetThreads: PROVING_TARGET.threads });
  rows.push(['Share of a block', c.share === null ? 'not measured yet' : `${Math.round(c.share * 100)} %`, c.words]);
  $('device-speed').replaceChildren(
    ...rows.map(([label, value, note]) => {
      const tr = el('tr');
      tr.append(el('th', label, { scope: 'row' }), el('td', value), el('td', note));
      return tr;
    }),
  );
}
