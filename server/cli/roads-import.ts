/**
 * `npm run roads:import -- FILE.osm [--conf MAPCONFIG.xml]`: loads a city's OpenStreetMap extract with
 * osm2pgrouting into the `roads` schema of DATABASE_URL's PostgreSQL, for ROUTING=pgrouting (docs/roads.md).
 * Prints one JSON summary line on stdout. Exit 0 when imported, 2 on bad arguments, no DATABASE_URL or an
 * unreadable file, 1 on anything else (osm2pgrouting missing or failing, no superuser for the extensions).
 */
import { openDb } from '../db/client';
import { runMigrations } from '../db/migrate';
import { parseRoadsImportArgs, RoadsImportUsageError } from '../modules/travel/osm2pgrouting';
import { importRoadNetwork } from '../modules/travel/travel.roads-import';
import { exitWith } from './exit';

async function main(): Promise<number> {
  const args = parseRoadsImportArgs(process.argv.slice(2));
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl)
    throw new RoadsImportUsageError(
      'DATABASE_URL is not set: pgRouting runs on PostgreSQL (postgres://user:password@host:5432/doorstep)',
    );
  const handle = await openDb({ databaseUrl, dataDir: 'unused' });
  try {
    // The travel cache it clears is an app table.
    await runMigrations(handle);
    const summary = await importRoadNetwork({ db: handle.db, databaseUrl }, args);
    process.stdout.write(`${JSON.stringify(summary)}\n`);
    return 0;
  } finally {
    await handle.close();
  }
}

exitWith(main, (err) => err instanceof RoadsImportUsageError, 'roads:import: ');
