/// <reference types="vite/client" />
// Loaded by every page: registers the service worker that keeps the app usable offline
// (src/app/sw.ts). Only in a build: the dev server serves files that change under it.
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  const register = () =>
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch((e: unknown) => {
      console.warn('service worker not registered:', e);
    });
  if (document.readyState === 'complete') void register();
  else addEventListener('load', () => void register(), { once: true });
}
