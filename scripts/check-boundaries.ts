/**
 * Module boundaries (docs/architecture.md): fails when
 *  - a file in server/modules/X imports server/modules/Y/*.repo (Y ≠ X): call Y's service instead;
 *  - a repository imports another module, or another repository (orchestration lives in services): it imports
 *    only its own module's helpers, drizzle/, shared/, server/db/ (the client and the shared SQL fragments of
 *    server/db/sql/) and the pure solver's types;
 *  - a shared SQL fragment (server/db/sql/) imports anything but drizzle/, shared/ and other fragments;
 *  - server or shared code imports client code;
 *  - the solver imports the server's database, tRPC, modules or the Drizzle schema;
 *  - a module's service or bus file (`*.service.ts`, `*.bus.ts`) writes SQL (sql`…`, `.select(`, `.execute(`):
 *    its repository holds the query and the service calls it.
 * Run by `npm test` through test/unit/boundaries.test.ts; `npx tsx scripts/check-boundaries.ts` prints the list.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SOURCE = /\.(ts|tsx|mts|mjs)$/;
const IMPORT =
  /(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|import\s+['"]([^'"]+)['"]/g;

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) walk(full, out);
    else if (SOURCE.test(name)) out.push(full);
  }
  return out;
}

/** Import specifiers of a source text, resolved to root-relative paths (bare package names are left out). */
export function importsOf(root: string, file: string, text: string) {
  const found: { spec: string; target: string }[] = [];
  for (const m of text.matchAll(IMPORT)) {
    const spec = m[1] ?? m[2] ?? m[3] ?? '';
    let target: string | null = null;
    if (spec.startsWith('.')) target = path.resolve(path.dirname(file), spec);
    else if (spec.startsWith('@shared/') || spec === '@shared') target = path.join(root, 'shared', spec.slice(8));
    if (target) found.push({ spec, target: path.relative(root, target).split(path.sep).join('/') });
  }
  return found;
}

const moduleOf = (rel: string) => rel.match(/^server\/modules\/([^/]+)\//)?.[1] ?? null;
const isRepo = (rel: string) => /\.repo(\.ts)?$/.test(rel);
// SQL that more than one module's repositories compose lives in server/db/sql/, which belongs to no module.
const REPO_MAY_IMPORT = /^(drizzle|shared|server\/db|server\/solver)\//;
const SQL_FRAGMENT_MAY_IMPORT = /^(drizzle|shared|server\/db\/sql)\//;

/** The rule a root-relative import breaks, or null. */
export function ruleBroken(from: string, to: string): string | null {
  const fromModule = moduleOf(from);
  const toModule = moduleOf(to);
  if ((from.startsWith('server/') || from.startsWith('shared/')) && to.startsWith('client/'))
    return 'server and shared code never import client code';
  if (from.startsWith('server/solver/') && /^(server\/(db|trpc|modules|routing|http|main)|drizzle\/)/.test(to))
    return 'the solver imports nothing from the server, the database or tRPC';
  if (fromModule && toModule && fromModule !== toModule && isRepo(to))
    return `a module calls another module's service, never its repository (${toModule})`;
  if (fromModule && isRepo(from) && toModule && toModule !== fromModule)
    return `a repository never imports another module (${toModule})`;
  if (fromModule && isRepo(from) && isRepo(to)) return 'a repository never calls another repository';
  if (fromModule && isRepo(from) && !toModule && !REPO_MAY_IMPORT.test(to))
    return 'a repository imports only its own module, drizzle/, shared/, server/db/ and the solver';
  if (from.startsWith('server/db/sql/') && !SQL_FRAGMENT_MAY_IMPORT.test(to))
    return 'a shared SQL fragment imports only drizzle/, shared/ and other fragments';
  return null;
}

const SERVICE_OR_BUS = /^server\/modules\/[^/]+\/[^/]+\.(service|bus)\.ts$/;
const SQL_IN_CODE = /\bsql`|\.select\(|\.execute\(/;

/** The rule a file breaks by holding SQL outside a repository, or null. */
export function sqlOutsideRepository(from: string, text: string): string | null {
  if (!SERVICE_OR_BUS.test(from)) return null;
  const line = text.split('\n').findIndex((l) => SQL_IN_CODE.test(l));
  return line < 0 ? null : `line ${line + 1}: SQL belongs in the module's repository, not its service or bus`;
}

/** Every import in server/ and shared/ that breaks a boundary, as `from -> import: rule`, and SQL out of place. */
export function findViolations(root: string): string[] {
  const violations: string[] = [];
  for (const dir of ['server', 'shared']) {
    for (const file of walk(path.join(root, dir))) {
      const from = path.relative(root, file).split(path.sep).join('/');
      const text = readFileSync(file, 'utf8');
      for (const { spec, target } of importsOf(root, file, text)) {
        const rule = ruleBroken(from, target);
        if (rule) violations.push(`${from} -> ${spec}: ${rule}`);
      }
      const sqlRule = sqlOutsideRepository(from, text);
      if (sqlRule) violations.push(`${from}: ${sqlRule}`);
    }
  }
  return violations.sort();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const violations = findViolations(root);
  for (const v of violations) console.log(v);
  console.log(`${violations.length} boundary violation(s)`);
  process.exitCode = violations.length === 0 ? 0 : 1;
}
