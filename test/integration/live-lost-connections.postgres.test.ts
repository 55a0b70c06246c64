/**
 * PostgreSQL ends every connection of the pool (a restart, a failover, pg_terminate_backend) while a board's stream
 * is open. The pool learns that an idle connection is gone only when its process reads that socket; a process that
 * is busy (a loaded machine) may first run the stream's session re-check timer, whose statement then meets a dead
 * connection. Before the fix that one failed statement ended the stream ("live session re-check failed"): the e2e
 * test live-processes.postgres "keeps serving after PostgreSQL ends every connection" lost its watcher in 1 of 13 to
 * 3 of 16 runs. Now a re-check that meets a lost connection tries again on a new one.
 */
import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../server/db/rows';
import type { LiveEvent } from '../../server/modules/live/live.bus';
import { LIVE_CHANNEL } from '../../server/modules/live/live.bus';
import { createCaller } from '../../server/trpc/root';
import { setUpDemoCity } from './helpers/demo-city';
import type { Tracked } from './helpers/live-stream';
import { signedIn } from './helpers/signed-in';

describe('a live stream while PostgreSQL ends the pool’s connections', () => {
  const demo = setUpDemoCity();
  let observer: pg.Client | undefined;
  afterAll(async () => {
    await observer?.end();
  });

  it('keeps streaming: a session re-check that meets a connection the server ended runs again on a new one', async () => {
    const [row] = rowsOf<{ db: string }>(await demo.handle.db.execute(sql`select current_database() as db`));
    const url = `postgres://postgres:postgres@127.0.0.1:5432/${row?.db}`;
    observer = new pg.Client({ connectionString: url });
    await observer.connect();
    const watcher = observer;
    const announcerPid = Number((await watcher.query('select pg_backend_pid() as pid')).rows[0]?.pid);
    // Events by NOTIFY (DATABASE_URL set), the session re-checked every 250 ms (the timer's floor).
    const ctx = await signedIn(demo.handle, 'admin', { env: { DATABASE_URL: url, LIVE_RECHECK_MS: 0 } });
    const stream = (await createCaller(ctx).live.board({ teamIds: [demo.teamId] })) as AsyncIterable<Tracked>;
    const events = stream[Symbol.asyncIterator]();

    /** Announces a probe, as another process would, until the stream yields it; fails if the stream ends. */
    const hears = async (probe: string) => {
      const event: LiveEvent = { teamId: demo.teamId, action: 'probe', entityType: 'probe', entityId: probe, at: '' };
      const next = events.next();
      let got: IteratorResult<Tracked> | undefined;
      void next.then((r) => {
        got = r;
      });
      for (let i = 0; i < 60 && !got; i++) {
        await watcher.query('select pg_notify($1, $2)', [LIVE_CHANNEL, JSON.stringify(event)]);
        await new Promise((r) => setTimeout(r, 500));
      }
      expect(got?.done).toBe(false);
      expect(got?.value?.[1].entityId).toBe(probe);
    };
    await hears('before');
    // The pool holds idle connections (the re-checks and the audit watch used them).
    await Promise.all(Array.from({ length: 4 }, () => demo.handle.db.execute(sql`select pg_sleep(0.05)`)));

    // Every connection but this test's own announcer, ended by another process while this one is busy, as a process on a loaded machine is: its sockets are not
    // read meanwhile, so when it runs again the re-check's timer (due) comes before the pool hears that its idle
    // connections are gone. (execFileSync blocks this process's event loop until psql is done.)
    const cut = execFileSync(
      'psql',
      [
        url,
        '-Atc',
        `select count(pg_terminate_backend(pid)) from pg_stat_activity
          where datname = current_database() and pid <> pg_backend_pid() and pid <> ${announcerPid}`,
      ],
      { encoding: 'utf8' },
    );
    expect(Number(cut.trim())).toBeGreaterThanOrEqual(2);
    const until = performance.now() + 400;
    while (performance.now() < until) {
      // busy
    }
    await hears('after');
    await events.return?.(undefined);
  }, 90_000);
});
