import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MAPCONFIG,
  osm2pgroutingArgs,
  parseRoadsImportArgs,
  RoadsImportUsageError,
} from '../../../server/modules/travel/osm2pgrouting';

describe('npm run roads:import: arguments and the osm2pgrouting command line', () => {
  it('takes one OSM file, and the cars mapconfig unless --conf names another', () => {
    expect(parseRoadsImportArgs(['city.osm'])).toEqual({ file: 'city.osm', conf: DEFAULT_MAPCONFIG });
    expect(parseRoadsImportArgs(['--conf', 'my.xml', 'city.osm'])).toEqual({ file: 'city.osm', conf: 'my.xml' });
  });

  it('refuses no file, two files, an unknown option and --conf without a file, with the usage', () => {
    for (const argv of [
      [],
      ['a.osm', 'b.osm'],
      ['a.osm', '--colour'],
      ['a.osm', '--conf'],
      ['--conf', '--x', 'a.osm'],
    ]) {
      expect(() => parseRoadsImportArgs(argv)).toThrow(RoadsImportUsageError);
      expect(() => parseRoadsImportArgs(argv)).toThrow(/usage: npm run roads:import -- FILE\.osm/);
    }
  });

  it('spells DATABASE_URL out piece by piece, decoded, into the given schema, replacing what was there; the password only in a password-file line', () => {
    const { args, passfile } = osm2pgroutingArgs({
      file: 'city.osm',
      conf: DEFAULT_MAPCONFIG,
      databaseUrl: 'postgres://door%40step:p%3Ass%2Fw@db.example:6543/doorstep_prod?sslmode=require',
      schema: 'roads_next',
    });
    expect(args).toEqual([
      '--f',
      'city.osm',
      '--conf',
      DEFAULT_MAPCONFIG,
      '--dbname',
      'doorstep_prod',
      '--host',
      'db.example',
      '--port',
      '6543',
      '--username',
      'door@step',
      '--schema',
      'roads_next',
      '--clean',
    ]);
    expect(args.join(' ')).not.toContain('ss/w');
    // libpq's format: host:port:database:user:password, with ':' and '\\' escaped.
    expect(passfile).toBe('db.example:6543:doorstep_prod:door@step:p\\:ss/w\n');
    const odd = osm2pgroutingArgs({ file: 'f', conf: 'c', databaseUrl: 'postgres://u:a%5Cb%3A@h/d', schema: 's' });
    expect(odd.passfile).toBe('h:5432:d:u:a\\\\b\\:\n');
  });

  it('defaults the port, leaves out a missing user and password, and unwraps an IPv6 host', () => {
    const { args, passfile } = osm2pgroutingArgs({
      file: 'f',
      conf: 'c',
      databaseUrl: 'postgresql://[::1]/d',
      schema: 's',
    });
    expect(passfile).toBeNull();
    expect(args).toEqual([
      '--f',
      'f',
      '--conf',
      'c',
      '--dbname',
      'd',
      '--host',
      '::1',
      '--port',
      '5432',
      '--schema',
      's',
      '--clean',
    ]);
  });

  it('refuses a URL that is not PostgreSQL or names no database', () => {
    const build = (databaseUrl: string) => () => osm2pgroutingArgs({ file: 'f', conf: 'c', databaseUrl, schema: 's' });
    expect(build('not a url')).toThrow(/DATABASE_URL must be a URL/);
    expect(build('mysql://u@h/d')).toThrow(/postgres:\/\/ URL/);
    expect(build('postgres://u:p@h:5432/')).toThrow(/names no database/);
  });
});
