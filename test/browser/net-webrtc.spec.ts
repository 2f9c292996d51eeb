// Chromium joins the network: the probe page (browser node factory through NetTransport) reaches a
// headless Node peer through a Node relay, opens a direct WebRTC connection and fetches one
// transcript chunk, whose inclusion proof it checks against the root. Relay and peer are separate
// processes started here and killed after.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { expect, test } from '@playwright/test';
import { PeerProcess, type RelayProcess, killAll, startRelayProcess, waitFor } from '../net/cluster.js';
import { CHAIN_ID, syntheticTranscript } from '../net/fixture.js';
import type { PeerInfo } from '../net/types.js';

const spec = { seed: 5, count: 9, chunkBytes: 32 * 1024 };
const { transcript, commitment } = syntheticTranscript(spec);
let relay: RelayProcess;
let server: PeerProcess;

test.beforeAll(async () => {
  relay = await startRelayProcess({ seedHex: bytesToHex(sha256(new TextEncoder().encode('browser-relay'))) });
  server = await PeerProcess.start({
    relay: relay.address,
    index: 41,
    mode: 'honest',
    transcript: spec,
    payloadBytes: 1024,
  });
  await waitFor('server circuit address', async () => (await server.call<PeerInfo>({ op: 'info' })).webrtc.length > 0);
});

test.afterAll(killAll);

test('a page fetches a transcript chunk from a Node peer over direct WebRTC and checks its proof', async ({ page }) => {
  await page.goto('/src/app/net-probe.html');
  await expect(page.locator('#status')).toHaveText('Ready.');
  const index = 6;
  const result = await page.evaluate((args) => (globalThis as any).fernetNet.fetchChunk(args), {
    relay: relay.address,
    chainId: CHAIN_ID,
    peer: server.peerId,
    commitment: bytesToHex(commitment),
    root: bytesToHex(transcript.root),
    index,
  });
  expect(result.from).toBe(server.peerId);
  expect(result.chunkSha256).toBe(bytesToHex(sha256(transcript.chunks[index]!)));
  expect(result.proofSiblings).toBe(4);
  // Direct: a WebRTC connection without relay limits.
  expect(result.limits).toBeNull();
  expect(result.remoteAddr).toMatch(new RegExp(`/webrtc/p2p/${server.peerId}$`));
  await expect(page.locator('#status')).toHaveText(new RegExp(`^Chunk ${index} verified from ${server.peerId}`));
  // The Node side had checked the page's peer link (it serves linked peers only).
  const seen = await server.call<PeerInfo>({ op: 'info' });
  expect(seen.linked).toContain(result.peerId);
});
