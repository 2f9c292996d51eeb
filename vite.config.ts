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
    // The device page (pool self-check and benchmark) is a second entry next to the app.
    rollupOptions: { input: { main: 'index.html', device: 'src/app/device.html', conformance: 'src/app/conformance.html' } },
  },
});
