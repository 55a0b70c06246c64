/**
 * Every test file starts from a freshly migrated, empty database, whatever the file before it left behind. On
 * PGlite the worker hands the next file the database a file closed, put back as the migrated snapshot loaded it
 * (test/helpers/pglite-reuse.ts); on PostgreSQL every file gets a new database. Each test here plays two files
 * in a row: the first writes and closes, the second must see what a fresh database holds.
 */
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { DbHandle } from '../../server/db/client';
import { jobsFor } from '../../server/modules/jobs/queue';
import { rows } from '../helpers/db-rows';
import { spareCount } from '../helpers/pglite-reuse';
import { provided } from '../helpers/provided';
import { createTestDb, TEST_DB_KIND } from './helpers/db';
import { seedDemoUsers } from './helpers/demo';

/** How many closed PGlite databases wait for the next file (PostgreSQL: none, every file makes its own). */
const spares = () => {
  const snapshot = provided('pgliteSnapshot');
  return TEST_DB_KIND === 'pglite' && snapshot ? spareCount(snapshot) : 0;
};
/** On PGlite a closed database is kept for the next file (+1), on PostgreSQL it is dropped (+0). */
const kept = TEST_DB_KIND === 'pglite' ? 1 : 0;

/** What a file could see of the files before it: every table's row count, the job queues, the sequences. */
async function visible(handle: DbHandle) {
  const tables = await rows<{ name: string }>(
    handle,
    sql`select format('%I.%I', schemaname, tablename) as name from pg_tables
         where schemaname not in ('pg_catalog', 'information_schema') order by 1`,
  );
  const counts: Record<string, number> = {};
  for (const { name } of tables) {
    const [row] = await rows<{ n: number }>(handle, sql`select count(*)::int as n from ${sql.raw(name)}`);
    counts[name] = row?.n ?? -1;
  }
  return {
    counts,
    queues: await rows(handle, sql`select name, policy, retry_limit from pgboss.queue order by name`),
    sequences: await rows(
      handle,
      sql`select schemaname, sequencename, last_value from pg_sequences order by schemaname, sequencename`,
    ),
    temporary: await rows(handle, sql`select relname from pg_class where relpersistence = 't'`),
    advisoryLocks: await rows(
      handle,
      sql`select objid from pg_locks where locktype = 'advisory'
           and database = (select oid from pg_database where datname = current_database())`,
    ),
  };
}

describe("a test file's database", () => {
  it('holds none of the rows, sequence values, jobs or session state the file before it left', async () => {
    const first = await createTestDb();
    const fresh = await visible(first);
    expect(Object.values(fresh.counts).some((n) => n > 0)).toBe(true); // the migrations' own rows
    expect(fresh.temporary).toEqual([]);

    await seedDemoUsers(first);
    await jobsFor(first.db).send(first.db, 'message.reminders', {});
    await first.db.execute(sql`update pgboss.queue set retry_limit = retry_limit + 1`);
    await first.db.execute(sql`select nextval('audit_log_id_seq')`);
    await first.db.execute(sql`create temporary table left_behind (x int)`);
    await first.db.execute(sql`select pg_advisory_lock(271828)`);
    await first.db.execute(sql`set timezone = 'Pacific/Auckland'`);
    const written = await visible(first);
    expect(written.counts['public.users']).toBeGreaterThan(0);
    expect(written.counts['pgboss.job']).toBe(1);
    expect(written.sequences).not.toEqual(fresh.sequences); // the audit log's ids moved on
    expect(written.queues).not.toEqual(fresh.queues);

    const before = spares();
    await first.close();
    expect(spares()).toBe(before + kept);
    const next = await createTestDb();
    try {
      expect(spares()).toBe(before); // on PGlite: the very database the first file closed
      expect(await visible(next)).toEqual(fresh);
      if (TEST_DB_KIND === 'pglite') {
        // One connection: the setting would still be there had the session not been reset.
        const [zone] = await rows<{ TimeZone: string }>(next, sql`show timezone`);
        expect(zone?.TimeZone).toBe('UTC');
      }
    } finally {
      await next.close();
    }
  });

  it('is never one whose schema the file before it changed', async () => {
    const first = await createTestDb();
    await first.db.execute(sql`create table left_behind (x int)`);
    await first.db.execute(sql`alter table users add column left_behind text`);
    const before = spares();
    await first.close();
    expect(spares()).toBe(before); // not kept: the next file loads the snapshot
    const next = await createTestDb();
    try {
      const found = await rows(
        next,
        sql`select table_name, column_name from information_schema.columns where column_name = 'left_behind'
             or table_name = 'left_behind'`,
      );
      expect(found).toEqual([]);
    } finally {
      await next.close();
    }
  });

  it('is out of reach of a handle the file before it closed (a timer or worker it left running)', async () => {
    const first = await createTestDb();
    await first.close();
    const next = await createTestDb();
    try {
      await expect(first.db.execute(sql`insert into geocode_cache (query) values ('left behind')`)).rejects.toThrow();
      const [row] = await rows<{ n: number }>(next, sql`select count(*)::int as n from geocode_cache`);
      expect(row?.n).toBe(0);
    } finally {
      await next.close();
    }
  });
});
