import { defineConfig } from 'vite';

// Cross-origin isolation (COOP + COEP) enables SharedArrayBuffer for the worker pool.
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  server: { headers: isolationHeaders },
  preview: { headers: isolationHeaders },
  worker: { format: 'es' },
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
