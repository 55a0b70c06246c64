/**
 * `npm run bench:import [-- --rows N]` — how fast case intake takes a lender's whole file. Generates a CSV of N
 * valid rows (100,000 by default: Shanghai borrowers with valid ID numbers, mobiles, addresses in the city's
 * districts and their coordinates, so no geocoder is asked), imports it through `runImport` into a fresh PGlite
 * (temp DATA_DIR) and, when TEST_DATABASE_URL or DATABASE_URL is set, into a fresh PostgreSQL database; then
 * imports the same file again, which must find every row unchanged. Each database runs in its own child process,
 * so its peak RSS (VmHWM) is its own. Goal on PostgreSQL: ≤ 60 s and ≤ 500 MB. Prints; asserts only the counts.
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

/** One database, in this (child) process: import the file twice and print one JSON line of figures. */
async function child(kind: string, file: string, url: string) {
  const dataDir = kind === 'pglite' ? await mkdtemp(path.join(tmpdir(), 'doorstep-import-bench-')) : 'unused';
  const scratch = kind === 'postgres' ? await createScratchDatabase(url, 'doorstep_import_bench') : null;
  const handle = await openDb({ databaseUrl: scratch?.url, dataDir });
  try {
    await runMigrations(handle);
    const teamId = crypto.randomUUID();
    await insertTeams(handle.db, [{ id: teamId, name: 'Bench team', code: 'BENCH', city: 'Shanghai' }]);
    const bytes = readFileSync(file);
    const once = async () => {
      const started = performance.now();
      const summary = await runImport(intakeContext(handle), {
        teamId,
        channel: 'cli',
        file: csvFile(bytes, 'bench.csv'),
        dryRun: false,
        allOrNothing: false,
      });
      return { seconds: (performance.now() - started) / 1000, summary };
    };
    const first = await once();
    const firstPeak = peakRssMb();
    const second = await once();
    const { errors: _e1, runId: _r1, ...c1 } = first.summary;
    const { errors: _e2, runId: _r2, ...c2 } = second.summary;
    process.stdout.write(
      `${JSON.stringify({ kind, first: { seconds: first.seconds, ...c1, peakRssMb: firstPeak }, second: { seconds: second.seconds, ...c2, peakRssMb: peakRssMb() } })}\n`,
    );
  } finally {
    await handle.close();
    await scratch?.drop();
    if (kind === 'pglite') await rm(dataDir, { recursive: true, force: true });
  }
}

function runChild(kind: string, file: string, url: string): Promise<Record<string, never> & { [k: string]: unknown }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', kind, '--file', file, '--url', url],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
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
    for (const kind of kinds) {
      const r = (await runChild(kind, file, url)) as unknown as {
        first: { seconds: number; rows: number; created: number; rejected: number; peakRssMb: number };
        second: { seconds: number; unchanged: number; created: number; updated: number; peakRssMb: number };
      };
      const rate = (n: number, s: number) => Math.round(n / s).toLocaleString('en');
      console.log(
        `${kind.padEnd(8)} import   ${r.first.seconds.toFixed(1)} s, ${rate(r.first.rows, r.first.seconds)} rows/s, ` +
          `created ${r.first.created}, rejected ${r.first.rejected}, peak RSS ${r.first.peakRssMb.toFixed(0)} MB`,
      );
      const allUnchanged = r.second.unchanged === a.rows && r.second.created === 0 && r.second.updated === 0;
      console.log(
        `${kind.padEnd(8)} re-import ${r.second.seconds.toFixed(1)} s, ${rate(a.rows, r.second.seconds)} rows/s, ` +
          `${allUnchanged ? 'all unchanged' : `NOT all unchanged (${JSON.stringify(r.second)})`}, peak RSS ${r.second.peakRssMb.toFixed(0)} MB`,
      );
      if (r.first.created !== a.rows || !allUnchanged) failed = true;
      if (kind === 'postgres') {
        const ok = r.first.seconds <= 60 && r.first.peakRssMb <= 500;
        console.log(`postgres goal (≤ 60 s, ≤ 500 MB): ${ok ? 'met' : 'NOT met'}`);
      }
    }
    if (failed) process.exitCode = 1;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
