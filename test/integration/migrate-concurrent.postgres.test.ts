import { afterAll, describe, expect, it } from 'vitest';
import { type DbHandle, openDb } from '../../server/db/client';
import { pendingMigrations, runMigrations } from '../../server/db/migrate';
import { createScratchDatabase } from '../helpers/scratch-database';

// PostgreSQL only: several app instances starting at once against one new database.
describe('migrations when several instances start at once', () => {
  const handles: DbHandle[] = [];
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>> | undefined;
  afterAll(async () => {
    for (const h of handles) await h.close();
    await scratch?.drop();
  });

  it('applies them once: every instance starts, none dies on a duplicate schema or table', async () => {
    scratch = await createScratchDatabase(process.env.TEST_DATABASE_URL as string, 'doorstep_migrate');
    for (let i = 0; i < 3; i++) handles.push(await openDb({ databaseUrl: scratch.url, dataDir: 'unused' }));
    const results = await Promise.allSettled(handles.map((h) => runMigrations(h)));
    expect(results.map((r) => (r.status === 'rejected' ? String(r.reason) : 'ok'))).toEqual(['ok', 'ok', 'ok']);
    expect(await pendingMigrations(handles[0]?.db as DbHandle['db'])).toEqual([]);
    // And a later start finds nothing to do.
    await runMigrations(handles[1] as DbHandle);
  }, 120_000);
});
