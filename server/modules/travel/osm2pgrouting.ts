/**
 * The osm2pgrouting command line `npm run roads:import` runs (pure: tested without a database or the tool).
 * osm2pgrouting takes the connection piece by piece, not as a URL, and reads no PGPASSWORD; given no --password,
 * libpq reads the password file PGPASSFILE names. So the password never goes on the command line (where `ps`
 * shows it to every user of the host): it goes in a password-file line the import writes to a private file.
 */

/** The mapconfig the Debian package ships for cars: crews drive, so footways and cycleways are left out. */
export const DEFAULT_MAPCONFIG = '/usr/share/osm2pgrouting/mapconfig_for_cars.xml';

/** The tool's name on PATH. */
export const OSM2PGROUTING = 'osm2pgrouting';

/** A command-line or setting mistake the user can fix (the CLI exits 2). */
export class RoadsImportUsageError extends Error {}

export const ROADS_IMPORT_USAGE = 'usage: npm run roads:import -- FILE.osm [--conf MAPCONFIG.xml]';

/** The import's arguments: one OSM XML file, optionally another osm2pgrouting mapconfig. */
export function parseRoadsImportArgs(argv: readonly string[]): { file: string; conf: string } {
  const positionals: string[] = [];
  let conf = DEFAULT_MAPCONFIG;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--conf') {
      const value = argv[++i];
      if (!value || value.startsWith('--'))
        throw new RoadsImportUsageError(`--conf needs a file\n${ROADS_IMPORT_USAGE}`);
      conf = value;
    } else if (a.startsWith('--')) throw new RoadsImportUsageError(`unknown option ${a}\n${ROADS_IMPORT_USAGE}`);
    else positionals.push(a);
  }
  if (positionals.length !== 1) throw new RoadsImportUsageError(`give exactly one OSM file\n${ROADS_IMPORT_USAGE}`);
  return { file: positionals[0] as string, conf };
}

/** One field of a libpq password file: `:` and `\` escaped with a backslash. */
const pgpassField = (value: string) => value.replace(/[\\:]/g, (c) => `\\${c}`);

/**
 * osm2pgrouting's arguments to load `file` into `schema` of DATABASE_URL's database, replacing what was there, and
 * the libpq password-file line for that connection (null when the URL has no password).
 */
export function osm2pgroutingArgs(opts: { file: string; conf: string; databaseUrl: string; schema: string }): {
  args: string[];
  passfile: string | null;
} {
  let url: URL;
  try {
    url = new URL(opts.databaseUrl);
  } catch {
    throw new RoadsImportUsageError('DATABASE_URL must be a URL such as postgres://user:password@host:5432/doorstep');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:')
    throw new RoadsImportUsageError('DATABASE_URL must be a postgres:// URL');
  const dbname = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!dbname) throw new RoadsImportUsageError('DATABASE_URL names no database (postgres://…/DBNAME)');
  const host = url.hostname ? decodeURIComponent(url.hostname).replace(/^\[(.*)\]$/, '$1') : 'localhost';
  const port = url.port || '5432';
  const user = decodeURIComponent(url.username);
  const args = ['--f', opts.file, '--conf', opts.conf, '--dbname', dbname, '--host', host, '--port', port];
  if (user) args.push('--username', user);
  args.push('--schema', opts.schema, '--clean');
  const passfile = url.password
    ? `${[host, port, dbname, user || '*', decodeURIComponent(url.password)].map(pgpassField).join(':')}\n`
    : null;
  return { args, passfile };
}
