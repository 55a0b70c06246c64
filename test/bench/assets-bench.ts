/**
 * `npm run bench:assets [-- --files]` — what each first route downloads on a cold load, from the client
 * build in dist/client (it builds nothing: run `npm run build` first). Prints per route the JS and CSS, raw,
 * gzip and brotli, in KB; `--files` lists the files of each route too. The JS budget (gzip) is marked.
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ASSET_ROUTES, coldLoad, FIRST_ROUTE_JS_BUDGET_GZIP, readManifest } from './asset-routes';

const { values } = parseArgs({ options: { files: { type: 'boolean', default: false } } });
const clientDir = fileURLToPath(new URL('../../dist/client', import.meta.url));
const manifest = readManifest(clientDir);
const kb = (n: number) => (n / 1024).toFixed(1).padStart(7);

console.log(`cold load per first route, KB (JS budget ${FIRST_ROUTE_JS_BUDGET_GZIP / 1024} KB gzip)\n`);
console.log(
  `${'route'.padEnd(10)} ${'files'.padStart(5)} ${'JS raw'.padStart(7)} ${'JS gz'.padStart(7)} ${'JS br'.padStart(7)}` +
    ` ${'CSS raw'.padStart(7)} ${'CSS gz'.padStart(7)} ${'CSS br'.padStart(7)}`,
);
for (const route of ASSET_ROUTES) {
  const load = coldLoad(clientDir, manifest, route);
  const { js, css } = load.total;
  const over = js.gzip > FIRST_ROUTE_JS_BUDGET_GZIP ? '  OVER BUDGET' : '';
  console.log(
    `${route.name.padEnd(10)} ${String(load.js.length + load.css.length).padStart(5)} ${kb(js.raw)} ${kb(js.gzip)}` +
      ` ${kb(js.brotli)} ${kb(css.raw)} ${kb(css.gzip)} ${kb(css.brotli)}${over}`,
  );
  if (values.files) {
    for (const f of [...load.js, ...load.css].sort((a, b) => b.gzip - a.gzip)) {
      console.log(`    ${f.file.padEnd(52)} ${kb(f.raw)} ${kb(f.gzip)} ${kb(f.brotli)}`);
    }
  }
}
