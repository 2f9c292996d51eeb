// The service worker: keeps the app shell, the kernel wasm and the worker chunks in a cache so the
// app opens offline, and adds the cross-origin isolation headers (COOP/COEP/CORP) to every
// same-origin response it serves, because a response a service worker hands to the page carries
// only the headers the worker gives it: without them an offline reload would lose
// SharedArrayBuffer. vite-plugin-pwa (injectManifest) replaces `self.__WB_MANIFEST` with the
// build's file list. Cross-origin requests (the L1's /health) are left alone.
export {};

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Array<{ url: string; revision: string | null }> };

const MANIFEST = self.__WB_MANIFEST;
const PREFIX = 'fernet-shell-';

/** One cache per build: its name hashes the file list (hashed names and revisions). */
function cacheName(): string {
  let h = 0x811c9dc5;
  for (const ch of JSON.stringify(MANIFEST)) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return `${PREFIX}${h.toString(16)}`;
}
const CACHE = cacheName();

const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
} as const;

function isolated(response: Response): Response {
  if (response.type === 'opaque' || response.type === 'error' || response.status === 0) return response;
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(ISOLATION_HEADERS)) headers.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

/** The cache key of a same-origin URL: a page's path without its query, `/` → `/index.html`. */
function keyOf(url: URL, navigation: boolean): string {
  if (!navigation) return url.origin + url.pathname;
  const path = url.pathname.endsWith('/') ? `${url.pathname}index.html` : url.pathname;
  return url.origin + path;
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      // The plugin lists the icons and the manifest twice (as files and as manifest entries).
      const urls = [...new Set(MANIFEST.map((e) => new URL(e.url, self.location.href).href))];
      await cache.addAll(urls.map((url) => new Request(url, { cache: 'reload' })));
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
      await self.clients.claim();
    })(),
  );
});

async function serve(request: Request): Promise<Response> {
  const url = new URL(request.url);
  const navigation = request.mode === 'navigate';
  const cache = await caches.open(CACHE);
  const cached = await cache.match(keyOf(url, navigation));
  // Pages: the network first (a new build shows at once), the cached shell when offline.
  // Files with hashed names and the rest of the shell: the cache first.
  if (navigation || !cached) {
    try {
      return isolated(await fetch(request));
    } catch (err) {
      if (cached) return isolated(cached);
      throw err;
    }
  }
  return isolated(cached);
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(serve(request));
});
