import { spawn } from 'node:child_process';
import { access, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DbOrTx } from '../../db/client';
import { PGROUTING } from '../../routing/matrix/pgrouting';
import {
  discardRoadsImport,
  indexRoadsImport,
  prepareRoadsImport,
  publishRoadsImport,
  ROADS_NEXT_SCHEMA,
} from '../../routing/matrix/pgrouting.repo';
import { OSM2PGROUTING, osm2pgroutingArgs, RoadsImportUsageError } from './osm2pgrouting';
import { forgetTravel } from './travel.service';

/** What an import did: the network's size and how many cached pgRouting pairs were forgotten. */
export interface RoadsImportSummary {
  edges: number;
  vertices: number;
  forgottenPairs: number;
}

/** The last lines osm2pgrouting printed are what a failed import's message shows. */
const TAIL_CHARS = 2000;

/**
 * `npm run roads:import` (and the tests, through the same path): PostGIS + pgRouting in the app's database, the
 * OSM file loaded by osm2pgrouting into a schema of its own and indexed, then put in place of the `roads` schema
 * and every cached pgRouting pair forgotten in one transaction, since the roads they were measured on changed. A
 * failed import (bad file, tool missing) leaves the previous network and cache as they were.
 */
export async function importRoadNetwork(
  deps: { db: DbOrTx; databaseUrl: string; command?: string },
  opts: { file: string; conf: string },
): Promise<RoadsImportSummary> {
  await readable(opts.file, 'the OSM file');
  await readable(opts.conf, "osm2pgrouting's map configuration (install osm2pgrouting, or pass --conf)");
  const { args, passfile } = osm2pgroutingArgs({ ...opts, databaseUrl: deps.databaseUrl, schema: ROADS_NEXT_SCHEMA });
  try {
    await prepareRoadsImport(deps.db);
  } catch (err) {
    const code = (err as { cause?: { code?: string }; code?: string }).cause?.code ?? (err as { code?: string }).code;
    if (code === '42501')
      throw new Error(
        'creating the postgis and pgrouting extensions needs a superuser: run `create extension postgis; create extension pgrouting;` in this database as one, then import again',
      );
    throw err;
  }
  let network: { edges: number; vertices: number };
  try {
    await withPassfile(passfile, (env) => run(deps.command ?? OSM2PGROUTING, args, env));
    network = await indexRoadsImport(deps.db);
    if (network.vertices === 0) throw new RoadsImportUsageError(`${opts.file} holds no roads osm2pgrouting imports`);
  } catch (err) {
    await discardRoadsImport(deps.db);
    throw err;
  }
  // The new roads and an empty cache together: no pair measured on the old roads outlives them.
  return deps.db.transaction(async (tx) => {
    await publishRoadsImport(tx);
    return { ...network, forgottenPairs: await forgetTravel(tx, PGROUTING) };
  });
}

async function readable(file: string, what: string): Promise<void> {
  try {
    await access(file);
  } catch {
    throw new RoadsImportUsageError(`${what} ${file} cannot be read`);
  }
}

/**
 * The password reaches the tool through a libpq password file readable by this user only, in a private folder
 * deleted when the tool is done (failed or not), never through its command line.
 */
async function withPassfile<T>(line: string | null, use: (env: NodeJS.ProcessEnv) => Promise<T>): Promise<T> {
  if (!line) return use(process.env);
  const dir = await mkdtemp(join(tmpdir(), 'doorstep-roads-'));
  try {
    const file = join(dir, 'pgpass');
    await writeFile(file, line, { mode: 0o600 });
    return await use({ ...process.env, PGPASSFILE: file });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Runs the tool; its chatter is kept, and shown only when it fails. */
function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-TAIL_CHARS);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'ENOENT'
          ? new Error(`${command} is not installed or not on PATH (Debian: apt install osm2pgrouting)`)
          : err,
      ),
    );
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`${command} failed (exit code ${code}):\n${output.trim()}`));
    });
  });
}
