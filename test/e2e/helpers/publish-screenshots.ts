/**
 * Copies the screenshots of the last e2e run (test-results/screenshots, git-ignored) to docs/screenshots.
 * The e2e run itself never writes into docs/, so a test run leaves the tree clean; publishing is a deliberate step
 * taken when a change is meant to show in the docs, and its diff shows which pictures changed.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { SHOTS } from './browser';

const DOCS = 'docs/screenshots';

if (!existsSync(SHOTS)) {
  console.error(`No screenshots in ${SHOTS}: run the e2e tests first (npm run test:e2e).`);
  process.exit(1);
}
mkdirSync(DOCS, { recursive: true });
const pngs = readdirSync(SHOTS).filter((f) => f.endsWith('.png'));
for (const f of pngs) copyFileSync(join(SHOTS, f), join(DOCS, f));
console.log(`Copied ${pngs.length} screenshots from ${SHOTS} to ${DOCS}.`);
