import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { devnetConfigPlugin } from './src/node/devnet-config.js';

// Cross-origin isolation (COOP + COEP) enables SharedArrayBuffer for the worker pool. The dev and
// preview servers send these; under the service worker, src/app/sw.ts adds them itself.
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  server: { headers: isolationHeaders },
  preview: { headers: isolationHeaders },
  worker: { format: 'es' },
  plugins: [
    // GET /devnet.json: the devnet's L1 and relay for the page (src/node/devnet-config.ts).
    devnetConfigPlugin(),
    VitePWA({
      // Our own worker (src/app/sw.ts): the generated one cannot add response headers.
      strategies: 'injectManifest',
      srcDir: 'src/app',
      filename: 'sw.ts',
      injectRegister: false,
      manifestFilename: 'manifest.webmanifest',
      manifest: {
        name: 'Fernet prover',
        short_name: 'Fernet',
        description: 'Prove your share of Fernet rollup blocks from this browser tab.',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        background_color: '#101418',
        theme_color: '#101418',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      injectManifest: {
        // The shell: every page, script chunk (the prover worker's included), style, the kernel
        // wasm and the icons.
        globPatterns: ['**/*.{html,js,css,wasm,png,webmanifest}'],
        maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
      },
    }),
  ],
  build: {
    target: 'es2022',
    outDir: 'dist',
    // Pages next to the app: device (pool self-check and benchmark), conformance (kernel checks),
    // net (the network probe: a direct WebRTC chunk fetch).
    rollupOptions: {
      input: {
        main: 'index.html',
        device: 'src/app/device.html',
        conformance: 'src/app/conformance.html',
        net: 'src/app/net-probe.html',
      },
    },
  },
});
