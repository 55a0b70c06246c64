import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The server bundled from this checkout's sources by the e2e run's global setup. */
    serverBundle?: string;
  }
}

/** The server's sources as one plain-JavaScript file the e2e servers run with `node` (helpers/server.ts). */
export interface ServerBundle {
  /** The bundled server/main.ts. */
  main: string;
  remove: () => void;
}

/**
 * Bundles server/main.ts, and the solver's worker beside it, from this checkout's sources, once per e2e run (the
 * global setup), into a new directory removed at the end of the run: a bundle can never be older than the sources
 * it runs. Measured 2026-12-02 (a restart on a seeded PostgreSQL database, to the "listening" line, interleaved
 * ×3, load 4–7): `tsx server/main.ts` 4.5–5.5 s of CPU (two processes: tsx's and the server's, which transpiles and
 * resolves ~400 modules through tsx's loader) and 6–13 s wall, this bundle 1.6–1.8 s of CPU and 3–7 s wall; a
 * solver worker's start 0.5 s of CPU through tsx, 0.09 s bundled. The build itself takes ≈1 s (esbuild). Six e2e
 * files that start servers of their own (13 tests), interleaved tsx/bundle ×2 at load 13–18: the run's CPU (user +
 * sys of vitest's tree, Chromium not in it) 116.2/93.3 s → 59.4/63.3 s. Bundling the packages too (all but argon2
 * and PGlite) saved another 0.45 s of CPU a start but took 7 s to build 8 MB: not kept.
 *
 * Packages stay imports of node_modules (`packages: 'external'`), so the bundle lives inside the checkout (under
 * dist/, which is not committed) where Node finds them. What the server finds relative to its own module
 * (`new URL('../../drizzle/migrations', import.meta.url)`, the client in dist/client) is found from the source
 * file it was written in: each module's `import.meta.url` is its source file's URL — except run-solver.ts's,
 * which chooses its worker by where it runs (`./bootstrap.mjs` and tsx beside a .ts, `./solver-worker.js` beside
 * a build): in the bundle it is the bundle's, and the worker is built beside it.
 */
export async function buildServerBundle(root = process.cwd()): Promise<ServerBundle> {
  mkdirSync(join(root, 'dist'), { recursive: true });
  const dir = mkdtempSync(join(root, 'dist', 'e2e-server-'));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  try {
    await build({
      absWorkingDir: root,
      entryPoints: { main: 'server/main.ts', 'solver-worker': 'server/routing/worker/solver-worker.ts' },
      outdir: dir,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      // Two modules' top-level names that collide are renamed in a bundle: their classes and functions keep
      // their own .name, as from sources.
      keepNames: true,
      logLevel: 'error',
      plugins: [
        {
          name: 'source-import-meta-url',
          setup(b) {
            b.onLoad({ filter: /\.ts$/ }, async ({ path }) => {
              const source = await readFile(path, 'utf8');
              const contents = path.endsWith('/run-solver.ts')
                ? source
                : source.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(path).href));
              return { contents, loader: 'ts' };
            });
          },
        },
      ],
    });
  } catch (err) {
    remove();
    throw err;
  }
  return { main: join(dir, 'main.js'), remove };
}

/**
 * The bundle the e2e run's global setup built; nothing outside vitest (the benches start servers too) or with
 * E2E_SERVER=tsx (the global setup then builds none, and cannot inject()).
 */
export function bundleOfTheRun(): string | undefined {
  return process.env.VITEST && process.env.E2E_SERVER !== 'tsx' ? inject('serverBundle') : undefined;
}
