// The home page: what this is, how this device compares with the proving target, whether the L1
// answers, and the way to the device and conformance pages. The rules live in home-*.ts; this
// file only reads the platform, talks to the L1 and writes the DOM.
// biome-ignore lint/correctness/useImportExtensions: a stylesheet Vite bundles, not a module with a .js twin
import './style.css';
// biome-ignore lint/correctness/useImportExtensions: a stylesheet Vite bundles, not a module with a .js twin
import './dashboard.css';
import { browserAdapter } from '../pool/browser-adapter.js';
import { assessDevice } from '../pool/device.js';
import { $ } from './dom.js';
import { describeDevice, type DeviceView } from './home-device.js';
import { L1_URL_STORAGE_KEY, chooseL1Url, describeL1Status } from './home-l1.js';
import { probeL1 } from './home-l1-probe.js';
import { fetchNetworkConfig } from './devnet-config.js';
import { startStaker, threadsFromQuery } from './staker.js';

const REFRESH_MS = 3000;

function renderDevice(view: DeviceView): void {
  const verdict = $('device-verdict');
  verdict.textContent = view.headline;
  verdict.dataset.tone = view.tone;
  $('device-advice').textContent = view.advice;
  $('device-facts').replaceChildren(
    ...view.rows.map((r) => {
      const tr = document.createElement('tr');
      const th = document.createElement('th');
      th.scope = 'row';
      th.textContent = r.label;
      const value = document.createElement('td');
      value.textContent = r.value;
      value.dataset.tone = r.tone;
      const note = document.createElement('td');
      note.textContent = r.note;
      tr.append(th, value, note);
      return tr;
    }),
  );
}

/** localStorage may be disabled or full; the page works without it. */
function readStored(): string | null {
  try {
    return localStorage.getItem(L1_URL_STORAGE_KEY);
  } catch {
    return null;
  }
}

function store(url: string): boolean {
  try {
    localStorage.setItem(L1_URL_STORAGE_KEY, url);
    return true;
  } catch {
    return false; // not remembered; the ?l1= link still works
  }
}

async function watchL1(url: string): Promise<void> {
  const status = describeL1Status(await probeL1(url), url);
  const state = $('l1-state');
  // Only the up/down word is a live region: announcing every slot would drown a screen reader.
  if (state.textContent !== status.state) state.textContent = status.state;
  state.dataset.tone = status.tone;
  $('l1-slot').textContent = status.slot === null ? '—' : String(status.slot);
  $('l1-chain').textContent = status.chainId === null ? '—' : String(status.chainId);
  $('l1-detail').textContent = status.detail;
  $('l1-checked').textContent = new Date().toLocaleTimeString();
}

async function main(): Promise<void> {
  const facts = browserAdapter.facts();
  // The staker's pool on this page: ?threads=N workers, else one per hardware thread.
  const poolSize = threadsFromQuery(location.search) ?? facts.hardwareThreads;
  renderDevice(describeDevice(assessDevice(facts, { poolSize, sharedMemory: facts.sharedMemoryAvailable })));

  // The devnet whose server serves this page names its own L1 (whatever port it runs on).
  const served = await fetchNetworkConfig();
  const choice = chooseL1Url(location.search, readStored(), served.state === 'served' ? served.config.l1Url : null);
  const remembered = choice.store !== undefined && store(choice.store);
  $('l1-url').textContent = choice.url;
  $('l1-source').textContent = {
    query: remembered ? '(from ?l1=, remembered)' : '(from ?l1=; storage unavailable, not remembered)',
    served: '(from the devnet serving this page)',
    stored: '(remembered)',
    default: '(devnet default)',
  }[choice.source];
  (document.getElementById('l1-input') as HTMLInputElement).value = choice.url;
  const warning = $('l1-warning');
  const warnings = [...choice.warnings];
  if (served.state === 'bad') warnings.push(`Ignored the page server's devnet config: ${served.reason}.`);
  warning.textContent = warnings.join(' ');
  warning.hidden = warnings.length === 0;

  // One check at a time; none while the tab is hidden, and one at once when it shows again.
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running = false;
  const check = async () => {
    if (running) return; // the check in flight schedules the next one
    running = true;
    clearTimeout(timer);
    try {
      if (!document.hidden) await watchL1(choice.url);
    } finally {
      running = false;
      if (!document.hidden) timer = setTimeout(check, REFRESH_MS);
    }
  };
  document.addEventListener('visibilitychange', () => {
    if (!document.hidden) void check();
  });
  void check();

  // The staker: key first run or unlock, then the participant and its dashboard.
  const devnet = served.state === 'served' ? served.config : null;
  await startStaker({
    l1Url: choice.url,
    chainId: devnet?.chainId ?? null,
    relays: devnet?.relays ?? [],
    stake: devnet?.stake ?? null,
  });
}

void main();
