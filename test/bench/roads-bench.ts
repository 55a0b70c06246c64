/**
 * `npm run bench:roads [-- --grid N] [--places 20,60,120] [--runs R] [--url postgres://…]` — how long pgRouting takes
 * for a team-day's travel table on a city-sized network. Writes a grid town of N × N junctions 150 m apart (two-way
 * residential streets; N = 200: 40,000 junctions, ~80,000 edges, 30 km × 30 km), imports it with
 * `npm run roads:import`'s code into a scratch database on the --url (or TEST_DATABASE_URL) server, then times
 * PgRoutingProvider.matrix — the query the travel cache asks for its missing pairs — for each number of places
 * (random, fixed seed). Prints the import's time and p50/p95 per size; asserts nothing about time.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openDb } from '../../server/db/client';
import { runMigrations } from '../../server/db/migrate';
import { DEFAULT_MAPCONFIG } from '../../server/modules/travel/osm2pgrouting';
import { importRoadNetwork } from '../../server/modules/travel/travel.roads-import';
import { PgRoutingProvider } from '../../server/routing/matrix/pgrouting';
import type { LatLng } from '../../shared/geo';
import { createScratchDatabase } from '../helpers/scratch-database';
import { timeRuns } from './timing';

function args(argv: string[]) {
  const out = { grid: 200, places: [20, 60, 120], runs: 5, url: process.env.TEST_DATABASE_URL ?? '', keep: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--grid') out.grid = Number(argv[++i]);
    else if (argv[i] === '--places') out.places = (argv[++i] ?? '').split(',').map(Number);
    else if (argv[i] === '--runs') out.runs = Number(argv[++i]);
    else if (argv[i] === '--url') out.url = argv[++i] ?? '';
    // Keep the scratch database with its network (its URL is printed) to look at the queries by hand.
    else if (argv[i] === '--keep') out.keep = true;
  }
  return out;
}

const SPACING_M = 150;
const at = (x: number, y: number): LatLng => ({
  lat: 31.1 + (y * SPACING_M) / 111_320,
  lng: 121.3 + (x * SPACING_M) / 95_160,
});

/** OSM XML of an n × n grid: one way per row and per column through every junction. */
function gridOsm(n: number): string {
  const id = (x: number, y: number) => y * n + x + 1;
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', '<osm version="0.6" generator="doorstep-bench">'];
  for (let y = 0; y < n; y++)
    for (let x = 0; x < n; x++) {
      const p = at(x, y);
      out.push(`<node id="${id(x, y)}" version="1" lat="${p.lat.toFixed(7)}" lon="${p.lng.toFixed(7)}"/>`);
    }
  let way = n * n + 1;
  const street = (refs: number[]) => {
    out.push(`<way id="${way++}" version="1">`, ...refs.map((r) => `<nd ref="${r}"/>`));
    out.push('<tag k="highway" v="residential"/>', '</way>');
  };
  const line = Array.from({ length: n }, (_, k) => k);
  for (let y = 0; y < n; y++) street(line.map((x) => id(x, y)));
  for (let x = 0; x < n; x++) street(line.map((y) => id(x, y)));
  out.push('</osm>');
  return out.join('\n');
}

/** A small seeded generator: the same places every run, in a square of `span` junctions at the grid's centre. */
function places(count: number, n: number, seed: number, span = n): LatLng[] {
  let s = seed;
  const next = () => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    return s / 2_147_483_648;
  };
  const side = Math.min(span, n) - 1;
  const from = (n - 1 - side) / 2;
  return Array.from({ length: count }, () => at(from + next() * side, from + next() * side));
}

async function main() {
  const a = args(process.argv.slice(2));
  if (!a.url)
    throw new Error(
      'give --url postgres://… or set TEST_DATABASE_URL (a server where the bench may create a database)',
    );
  const dir = await mkdtemp(path.join(tmpdir(), 'doorstep-roads-bench-'));
  const scratch = await createScratchDatabase(a.url, 'doorstep_roads_bench');
  const handle = await openDb({ databaseUrl: scratch.url, dataDir: 'unused' });
  try {
    await runMigrations(handle);
    const file = path.join(dir, 'grid.osm');
    await writeFile(file, gridOsm(a.grid));
    const t0 = performance.now();
    const network = await importRoadNetwork(
      { db: handle.db, databaseUrl: scratch.url },
      { file, conf: DEFAULT_MAPCONFIG },
    );
    const km = ((a.grid - 1) * SPACING_M) / 1000;
    console.log(
      `grid ${a.grid} × ${a.grid} (${km.toFixed(1)} km square): ${network.edges} edges, ${network.vertices} junctions, import ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
    const provider = new PgRoutingProvider(handle.db, { timeoutMs: 600_000 });
    // A team works a district: its places within 5 km, and (the worst case) over the whole grid.
    const district = Math.round(5000 / SPACING_M);
    for (const [label, span] of [
      ['in a 5 km district', district],
      ['over the whole grid', a.grid],
    ] as const)
      for (const count of a.places) {
        const ps = places(count, a.grid, count, span);
        const timing = await timeRuns(a.runs, () => provider.matrix(ps), 1);
        console.log(`  ${String(count).padStart(4)} places ${label} (${count * (count - 1)} pairs): ${timing}`);
      }
  } finally {
    await handle.close();
    if (a.keep) console.log(`kept ${scratch.url}`);
    else await scratch.drop();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
