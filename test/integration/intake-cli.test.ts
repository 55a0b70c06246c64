import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../../server/db/client';
import { runMigrations } from '../../server/db/migrate';
import { csvText, goodRow } from '../helpers/intake-files';
import { spawnCli } from '../helpers/spawn-cli';
import { insertTeams } from './helpers/fixture-team';

/**
 * `npm run import:cases`, spawned as a user runs it, on its own PGlite data directory. Each spawn imports the
 * server through tsx: 12–20 s on a loaded CI machine, so the time limits are hang guards sized for that (the
 * first test's 60 s failed under load).
 */
describe('case intake: the command line', () => {
  let dir: string;
  const run = (args: string[]) => {
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dir, LOG_LEVEL: 'info' };
    delete env.DATABASE_URL;
    return spawnCli('server/cli/import-cases.ts', args, env);
  };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'doorstep-import-cli-'));
    const handle = await openDb({ dataDir: dir });
    await runMigrations(handle);
    await insertTeams(handle.db, [{ id: crypto.randomUUID(), name: 'CLI team', code: 'CLI1', city: 'Shanghai' }]);
    await handle.close();
    await writeFile(path.join(dir, 'cases.csv'), csvText([goodRow(1), goodRow(2, { phone: '12' }), goodRow(3)]));
    await writeFile(path.join(dir, 'no-key.csv'), 'name,phone\nx,13800000000\n');
  }, 120_000);
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('prints one JSON summary line on stdout and exits 0 with rejected rows; a dry run and a re-import say what they did', async () => {
    const file = path.join(dir, 'cases.csv');
    const dry = await run([file, '--team', 'cli1', '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({ rows: 3, created: 2, rejected: 1 });
    const first = await run([file, '--team', 'CLI1', '--source', 'core-banking']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(first.stdout)).toEqual({
      rows: 3,
      created: 2,
      updated: 0,
      unchanged: 0,
      rejected: 1,
      needsLocation: 0,
      errors: [
        {
          row: 2,
          column: 'phone',
          code: 'MOBILE_FORMAT',
          message: 'must be a mainland China mobile number: 11 digits starting with 1',
        },
      ],
    });
    // The logs went to stderr.
    expect(first.stderr).toContain('import recorded');
    const again = await run([file, '--team', 'CLI1']);
    expect(JSON.parse(again.stdout)).toMatchObject({ created: 0, unchanged: 2, rejected: 1 });
  }, 180_000);

  it('exits 2 with a message on stderr for an unknown team, a missing or keyless file and bad arguments', async () => {
    const file = path.join(dir, 'cases.csv');
    const cases: Array<[string[], RegExp]> = [
      [[file, '--team', 'NOPE'], /no team with code NOPE/],
      [[path.join(dir, 'missing.csv'), '--team', 'CLI1'], /cannot read/],
      [[path.join(dir, 'no-key.csv'), '--team', 'CLI1'], /loan_ref/],
      [[file], /--team CODE is required/],
      [[file, '--team', 'CLI1', '--colour'], /usage: npm run import:cases/],
    ];
    for (const [args, message] of cases) {
      const out = await run(args);
      expect(out.code, args.join(' ')).toBe(2);
      expect(out.stdout).toBe('');
      expect(out.stderr).toMatch(message);
    }
  }, 240_000);
});
