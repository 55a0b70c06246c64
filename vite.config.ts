import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { precompress } from './scripts/precompress';
import { serviceWorker } from './scripts/service-worker';

export default defineConfig({
  root: fileURLToPath(new URL('./client', import.meta.url)),
  // sw.js is built from client/src/service-worker (scripts/service-worker.ts), not copied from public/.
  plugins: [react(), serviceWorker(), precompress()],
  resolve: { alias: { '@shared': fileURLToPath(new URL('./shared', import.meta.url)) } },
  build: {
    outDir: fileURLToPath(new URL('./dist/client', import.meta.url)),
    emptyOutDir: true,
    sourcemap: false,
    // dist/client/.vite/manifest.json: which files each route needs (npm run bench:assets); never served.
    manifest: true,
    rolldownOptions: {
      output: {
        // The big libraries each in a chunk of their own, loaded only by the routes that draw with them; left to
        // itself the bundler merges them with unrelated code that other routes then download too. Only the
        // libraries themselves, not their React wrappers: a group takes in what its modules import, and a
        // wrapper would drag React into it.
        codeSplitting: {
          groups: [
            { name: 'fullcalendar', test: /node_modules[\\/](@fullcalendar[\\/](?!react[\\/])|preact[\\/])/ },
            { name: 'leaflet', test: /node_modules[\\/]leaflet[\\/]/ },
            { name: 'markercluster', test: /node_modules[\\/]leaflet\.markercluster[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    port: 5173,
    proxy: {
      '/trpc': 'http://localhost:3000',
      '/healthz': 'http://localhost:3000',
      '/readyz': 'http://localhost:3000',
      '/evidence': 'http://localhost:3000',
      '/reports/export': 'http://localhost:3000',
    },
  },
});
