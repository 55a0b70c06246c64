/**
 * `npm run bench:import [-- --rows N]` — how fast case intake takes a lender's whole file. Generates a CSV of N
 * valid rows (100,000 by default: Shanghai borrowers with valid ID numbers, mobiles, addresses in the city's
 * districts and their coordinates, so no geocoder is asked), imports it through `runImport` into a fresh PGlite
 * (temp DATA_DIR) and, when TEST_DATABASE_URL or DATABASE_URL is set, into a fresh PostgreSQL database; then
 * imports the same file again, which must find every row unchanged. Each import runs in its own child process, as
 * one `npm run import:cases` would, so its peak RSS (VmHWM) is its own. Goal on PostgreSQL: ≤ 60 s and ≤ 500 MB.
 * Prints; exits 1 only when the counts are wrong.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { openDb } from '../../server/db/client';
import { runMigrations } from '../../server/db/migrate';
import { findTeamIdByCode } from '../../server/modules/intake/intake.repo';
import { runImport } from '../../server/modules/intake/intake.service';
import { csvFile, csvText, goodRow, intakeContext } from '../helpers/intake-files';
import { createScratchDatabase } from '../helpers/scratch-database';
import { insertTeams } from '../integration/helpers/fixture-team';

/** Districts of Shanghai with a point near their centre: rows are spread around them. */
const DISTRICTS: Array<[string, string, number, number]> = [
  ['徐汇区', '漕溪北路', 31.188, 121.437],
  ['静安区', '南京西路', 31.229, 121.448],
  ['黄浦区', '淮海中路', 31.222, 121.476],
  ['浦东新区', '世纪大道', 31.221, 121.544],
  ['长宁区', '天山路', 31.213, 121.4],
  ['普陀区', '曹杨路', 31.25, 121.397],
  ['虹口区', '四川北路', 31.264, 121.485],
  ['杨浦区', '五角场', 31.3, 121.514],
  ['闵行区', '莘庄', 31.112, 121.385],
];

function args(argv: string[]) {
  const out = { rows: 100_000, child: '', file: '', url: '' };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--rows') out.rows = Number(argv[++i]);
    else if (argv[i] === '--child') out.child = argv[++i] ?? '';
    else if (argv[i] === '--file') out.file = argv[++i] ?? '';
    else if (argv[i] === '--url') out.url = argv[++i] ?? '';
  }
  return out;
}

function generate(rows: number): string {
  return csvText(
    Array.from({ length: rows }, (_, i) => {
      const [district, street, lat, lng] = DISTRICTS[i % DISTRICTS.length] as (typeof DISTRICTS)[number];
      const jitter = ((i * 7919) % 1000) / 50_000;
      return goodRow(i + 1, {
        loan_ref: `SH-2026-${String(i + 1).padStart(7, '0')}`,
        address: `${street}${1 + (i % 980)}号${1 + (i % 30)}室`,
        district,
        lat: (lat + jitter).toFixed(6),
        lng: (lng - jitter).toFixed(6),
      });
    }),
  );
}

/** The process's peak resident set so far (VmHWM), in MB. */
function peakRssMb(): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) / 1024 : process.memoryUsage().rss / 1024 / 1024;
}

/** One import in this (child) process, as one `npm run import:cases` would be: prints one JSON line of figures. */
async function child(kind: string, file: string, target: string) {
  const handle = await openDb(kind === 'postgres' ? { databaseUrl: target, dataDir: 'unused' } : { dataDir: target });
  try {
    await runMigrations(handle);
    const teamId = (await findTeamIdByCode(handle.db, 'BENCH')) ?? crypto.randomUUID();
    if (!(await findTeamIdByCode(handle.db, 'BENCH'))) {
      await insertTeams(handle.db, [{ id: teamId, name: 'Bench team', code: 'BENCH', city: 'Shanghai' }]);
    }
    const started = performance.now();
    const {
      errors: _errors,
      runId: _runId,
      ...counts
    } = await runImport(intakeContext(handle), {
      teamId,
      channel: 'cli',
      file: csvFile(readFileSync(file), 'bench.csv'),
      dryRun: false,
      allOrNothing: false,
    });
    const seconds = (performance.now() - started) / 1000;
    process.stdout.write(`${JSON.stringify({ seconds, ...counts, peakRssMb: peakRssMb() })}\n`);
  } finally {
    await handle.close();
  }
}

interface Figures {
  seconds: number;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  peakRssMb: number;
}

function runChild(kind: string, file: string, target: string): Promise<Figures> {
  return new Promise((resolve, reject) => {
    const args = ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', kind, '--file', file, '--url', target];
    const proc = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    proc.stdout.on('data', (d) => {
      out += d;
    });
    proc.on('close', (code) =>
      code === 0
        ? resolve(JSON.parse(out.trim().split('\n').at(-1) ?? '{}'))
        : reject(new Error(`${kind} bench exited ${code}`)),
    );
  });
}

/** Imports the file twice into a fresh database of `kind`, each import its own process; prints the figures. */
async function benchOne(kind: string, file: string, rows: number, url: string): Promise<boolean> {
  const scratch = kind === 'postgres' ? await createScratchDatabase(url, 'doorstep_import_bench') : null;
  const dataDir = kind === 'pglite' ? await mkdtemp(path.join(tmpdir(), 'doorstep-import-bench-')) : '';
  try {
    const target = scratch?.url ?? dataDir;
    const first = await runChild(kind, file, target);
    const second = await runChild(kind, file, target);
    const rate = (s: number) => Math.round(rows / s).toLocaleString('en');
    console.log(
      `${kind.padEnd(8)} import    ${first.seconds.toFixed(1)} s, ${rate(first.seconds)} rows/s, ` +
        `created ${first.created}, rejected ${first.rejected}, peak RSS ${first.peakRssMb.toFixed(0)} MB`,
    );
    const allUnchanged = second.unchanged === rows && second.created === 0 && second.updated === 0;
    console.log(
      `${kind.padEnd(8)} re-import ${second.seconds.toFixed(1)} s, ${rate(second.seconds)} rows/s, ` +
        `${allUnchanged ? 'all unchanged' : `NOT all unchanged (${JSON.stringify(second)})`}, peak RSS ${second.peakRssMb.toFixed(0)} MB`,
    );
    if (kind === 'postgres') {
      const ok = Math.max(first.seconds, second.seconds) <= 60 && Math.max(first.peakRssMb, second.peakRssMb) <= 500;
      console.log(`postgres goal (≤ 60 s, ≤ 500 MB RSS): ${ok ? 'met' : 'NOT met'}`);
    }
    return first.created === rows && allUnchanged;
  } finally {
    await scratch?.drop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }
}

async function main() {
  const a = args(process.argv.slice(2));
  if (a.child) return child(a.child, a.file, a.url);
  const dir = await mkdtemp(path.join(tmpdir(), 'doorstep-import-file-'));
  const file = path.join(dir, 'cases.csv');
  try {
    const text = generate(a.rows);
    await writeFile(file, text);
    console.log(`Generated ${a.rows.toLocaleString('en')} rows (${(text.length / 1024 / 1024).toFixed(1)} MB of CSV)`);
    const url = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? '';
    const kinds = url ? ['pglite', 'postgres'] : ['pglite'];
    let failed = false;
    for (const kind of kinds) if (!(await benchOne(kind, file, a.rows, url))) failed = true;
    if (failed) process.exitCode = 1;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
