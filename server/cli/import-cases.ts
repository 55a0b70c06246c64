/**
 * `npm run import:cases -- FILE --team CODE [--dry-run] [--source NAME] [--all-or-nothing]`: imports a lender's
 * file of overdue loans into a team on the configured database (PGlite at DATA_DIR, or DATABASE_URL), as the
 * browser and the API do. Prints one JSON summary line on stdout; logs go to stderr. Exit 0 when the import ran
 * (rejected rows included), 2 on bad arguments, an unreadable file or an unknown team, 1 on anything else.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { AppError } from '../../shared/errors';
import { openDb } from '../db/client';
import { runMigrations } from '../db/migrate';
import { loadEnv } from '../env';
import { findTeamIdByCode } from '../modules/intake/intake.repo';
import { runImport } from '../modules/intake/intake.service';
import { exitWith } from './exit';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** The codes that mean the file itself cannot be imported (exit 2, like a missing file): the parser's and a missing key. */
const isFileProblem = (err: unknown) =>
  err instanceof AppError && /^IMPORT_(FILE_|HEADER_|NO_LOAN_REF_COLUMN)/.test(err.code);

class UsageError extends Error {}

function args() {
  try {
    const { values, positionals } = parseArgs({
      allowPositionals: true,
      options: {
        team: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        'all-or-nothing': { type: 'boolean', default: false },
        source: { type: 'string' },
      },
    });
    if (positionals.length !== 1) throw new UsageError('give exactly one FILE');
    if (!values.team) throw new UsageError('--team CODE is required');
    return { file: positionals[0] as string, ...values, team: values.team };
  } catch (err) {
    throw new UsageError(
      `${(err as Error).message}\nusage: npm run import:cases -- FILE --team CODE [--dry-run] [--source NAME] [--all-or-nothing]`,
    );
  }
}

async function main(): Promise<number> {
  const a = args();
  let bytes: Buffer;
  try {
    bytes = await readFile(a.file);
  } catch (err) {
    throw new UsageError(`cannot read ${a.file}: ${(err as Error).message}`);
  }
  const env = loadEnv();
  // stdout carries only the summary: every log line goes to stderr.
  const log = pino({ level: env.LOG_LEVEL }, pino.destination(2));
  const handle = await openDb({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR });
  try {
    await runMigrations(handle);
    const teamId = await findTeamIdByCode(handle.db, a.team);
    if (!teamId) throw new UsageError(`no team with code ${a.team}`);
    const fileName = path.basename(a.file);
    const summary = await runImport(
      {
        db: handle.db,
        log,
        locale: 'en',
        now: () => new Date(),
        actor: { userId: null, tokenId: null },
        geocoderUrl: env.GEOCODER_URL ?? null,
        env,
      },
      {
        teamId,
        channel: 'cli',
        file: { bytes, fileName, contentType: fileName.toLowerCase().endsWith('.xlsx') ? XLSX_TYPE : 'text/csv' },
        source: a.source ?? null,
        mapping: null,
        dryRun: a['dry-run'],
        allOrNothing: a['all-or-nothing'],
      },
    );
    const { runId, ...out } = summary;
    log.info({ runId }, 'import recorded');
    process.stdout.write(`${JSON.stringify(out)}\n`);
    return 0;
  } finally {
    await handle.close();
  }
}

exitWith(main, (err) => err instanceof UsageError || isFileProblem(err));
