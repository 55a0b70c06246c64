/**
 * The service worker, built: client/src/service-worker/sw.js and what it imports (the shell's reads, the list the
 * page batches by: shell-reads.ts) bundled into one classic script, written as dist/client/sw.js by a Vite plugin
 * in vite.config.ts. One file, not a chunk of the app's bundle: a classic worker cannot import, and the name stays
 * `/sw.js` across builds (the browser compares the worker's bytes to update it).
 */
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Plugin } from 'vite';

/** The worker's source: its imports are bundled in. */
export const SERVICE_WORKER_SOURCE = fileURLToPath(new URL('../client/src/service-worker/sw.js', import.meta.url));

/** The worker's text as the build writes it: the source and its imports in one script (an IIFE, not minified). */
export async function buildServiceWorker(): Promise<string> {
  const out = await build({
    entryPoints: [SERVICE_WORKER_SOURCE],
    bundle: true,
    write: false,
    format: 'iife',
    target: 'es2022',
    platform: 'browser',
    legalComments: 'none',
    logLevel: 'silent',
  });
  return out.outputFiles[0]?.text ?? '';
}

/** The Vite plugin: emits `sw.js` at the root of the client build (not under assets/, no content hash). */
export function serviceWorker(): Plugin {
  return {
    name: 'doorstep-service-worker',
    apply: 'build',
    async generateBundle() {
      this.emitFile({ type: 'asset', fileName: 'sw.js', source: await buildServiceWorker() });
    },
  };
}
