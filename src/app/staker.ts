// The staker's part of the home page: first run (create or import a staking key, sealed under a
// passphrase in this browser's IndexedDB key vault), unlock on later visits, then the browser
// participant (session.ts) and its dashboard. `globalThis.fernetTab` exposes the session and the
// store to the browser console (and the browser tests, which count the store's jobs).
import type { NetworkConfig } from '../participant/network-config.js';
import { encodeSecretKey, generateStakingKey, decodeSecretKey } from '../protocol/index.js';
import { IdbGeneratorCache, IdbStore, KeyVault, WrongPassphraseError } from '../store/index.js';
import { renderDashboard } from './dashboard-view.js';
import { $, describeError } from './dom.js';
import { StakerSession } from './session.js';
import { browserAdapter } from '../pool/browser-adapter.js';

export const MIN_PASSPHRASE = 8;

export class PassphraseError extends Error {
  override name = 'PassphraseError';
}

/** A new passphrase as the forms accept it; throws PassphraseError with the reason. */
export function checkNewPassphrase(passphrase: string, confirm?: string): string {
  if ([...passphrase].length < MIN_PASSPHRASE)
    throw new PassphraseError(`the passphrase needs at least ${MIN_PASSPHRASE} characters`);
  if (confirm !== undefined && confirm !== passphrase) throw new PassphraseError('the two passphrases differ');
  return passphrase;
}

/** What the fixed-base table plan needs to know of this device (table-plan.ts). */
function deviceForTables() {
  const f = browserAdapter.facts();
  return { memoryGiB: f.memoryGiB, hardwareThreads: f.hardwareThreads, sharedMemory: f.sharedMemoryAvailable };
}

/** Pool size from `?threads=N` (1–64), else one worker per hardware thread. */
export function threadsFromQuery(search: string): number | undefined {
  const raw = new URLSearchParams(search).get('threads');
  const n = Number(raw);
  return raw !== null && Number.isInteger(n) && n >= 1 && n <= 64 ? n : undefined;
}

const input = (id: string) => document.getElementById(id) as HTMLInputElement;

function showError(e: unknown): void {
  const box = $('key-error');
  box.textContent =
    e instanceof WrongPassphraseError
      ? 'Wrong passphrase: it does not open the key stored here.'
      : e instanceof PassphraseError
        ? `Not accepted: ${e.message}.`
        : describeError(e);
  box.hidden = false;
}

function busy(form: HTMLFormElement, on: boolean): void {
  for (const b of form.querySelectorAll('button')) b.disabled = on;
}

/** Runs the key flow, then the session; `config` is the network the page found. */
export async function startStaker(config: NetworkConfig): Promise<void> {
  let store: IdbStore;
  try {
    store = await IdbStore.open();
  } catch (e) {
    $('key-status').textContent = `This browser's storage is not available, so no key can be kept: ${describeError(e)}`;
    return;
  }
  const vault = new KeyVault(store);
  (globalThis as { fernetTab?: unknown }).fernetTab = { store, vault };
  const secret = await new Promise<Uint8Array>((resolve) => void askForKey(vault, resolve));
  $('key-error').hidden = true;
  $('key-status').textContent = 'Key unlocked; it stays encrypted at rest in this browser.';
  for (const id of ['key-unlock', 'key-new']) $(id).hidden = true;
  const backup = $('key-backup');
  $('key-backup-text').textContent = encodeSecretKey(secret);
  backup.hidden = false;
  $('dashboard').hidden = false;

  let session: StakerSession | undefined;
  let drawQueued = false;
  const draw = () => {
    drawQueued = false;
    if (session && !document.hidden)
      renderDashboard({
        state: session.state,
        tracker: session.tracker,
        kernelSpeed: session.kernelSpeed,
        poolSize: session.pool?.size ?? 0,
      });
  };
  // Coalesced: the participant's polls change the state several times a second.
  const onChange = () => {
    if (drawQueued) return;
    drawQueued = true;
    setTimeout(draw, 200);
  };
  document.addEventListener('visibilitychange', () => {
    if (!document.hidden) draw();
  });
  const generators = await IdbGeneratorCache.open();
  session = new StakerSession({
    config,
    secretKey: secret,
    store,
    generators,
    threads: threadsFromQuery(location.search),
    device: deviceForTables(),
    onChange,
  });
  (globalThis as { fernetTab?: unknown }).fernetTab = { store, vault, session };
  wireControls(session);
  draw();
  await session.start().catch((e: unknown) => {
    session.state.log.unshift({
      at: Date.now(),
      tone: 'bad',
      text: `The participant did not start: ${describeError(e)}`,
    });
    onChange();
  });
}

function wireControls(session: StakerSession): void {
  const button = $('proving-switch') as HTMLButtonElement;
  button.addEventListener('click', () => session.setProving(!session.state.proving));
  const claim = $('claim') as HTMLButtonElement;
  claim.addEventListener('click', async () => {
    claim.disabled = true;
    $('claim-status').textContent = 'Claiming…';
    try {
      const amount = await session.claim();
      $('claim-status').textContent = amount > 0n ? `Claimed ${amount}.` : 'Nothing to claim.';
    } catch (e) {
      $('claim-status').textContent = `Claim failed: ${describeError(e)}`;
    }
  });
}

/** Shows the unlock form (a key is stored) or the create/import forms (first run). */
async function askForKey(vault: KeyVault, resolve: (secret: Uint8Array) => void): Promise<void> {
  const status = $('key-status');
  if (await vault.exists()) {
    status.textContent = 'A staking key is stored in this browser. Unlock it to start proving.';
    const form = $('key-unlock') as HTMLFormElement;
    form.hidden = false;
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      busy(form, true);
      try {
        const secret = await vault.unlock(input('unlock-passphrase').value);
        if (secret) resolve(secret);
      } catch (e) {
        showError(e);
      } finally {
        busy(form, false);
      }
    });
    return;
  }
  status.textContent = 'First run: no staking key in this browser yet. Create one, or import yours.';
  $('key-new').hidden = false;
  const create = $('key-create') as HTMLFormElement;
  create.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    busy(create, true);
    try {
      const passphrase = checkNewPassphrase(input('create-passphrase').value, input('create-confirm').value);
      const { secretKey } = generateStakingKey();
      status.textContent = 'Sealing the new key under your passphrase…';
      await vault.save(secretKey, passphrase);
      resolve(secretKey);
    } catch (e) {
      showError(e);
    } finally {
      busy(create, false);
    }
  });
  const importForm = $('key-import') as HTMLFormElement;
  importForm.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    busy(importForm, true);
    try {
      const { secretKey } = decodeSecretKey(input('import-secret').value.trim());
      const passphrase = checkNewPassphrase(input('import-passphrase').value);
      status.textContent = 'Sealing the imported key under your passphrase…';
      await vault.save(secretKey, passphrase);
      resolve(secretKey);
    } catch (e) {
      showError(e);
    } finally {
      busy(importForm, false);
    }
  });
}
