import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { narrowImports } from './build-plugins/narrow-imports.ts';
import { precompress } from './build-plugins/precompress.ts';

// `npm run dev -w @voucher/portal`: Vite with the gateway behind /api (GATEWAY_URL, default the local platform)
const gateway = process.env.GATEWAY_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [narrowImports(), react(), precompress()],
  server: { proxy: { '/api': gateway } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    // the first page's code in one file beside its entry, not in the eight shared pieces the splitting made of it
    // (some of 49 and 313 bytes): over HTTP/1.1 each took one of the browser's six connections to the host, and
    // the last waited for the first (issue 20 item 6)
    rolldownOptions: { output: { codeSplitting: { groups: [{ name: 'first-page', tags: ['$initial'] }] } } },
  },
});
