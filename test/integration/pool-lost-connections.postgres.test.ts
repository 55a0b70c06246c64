/**
 * PostgreSQL ends the pool's connections (a restart, a failover, pg_terminate_backend) while the process is busy, as a
 * process on a loaded machine is: it reads its sockets only after it has handed the dead idle connections to new
 * statements (server/db/lost-connections.ts). Before: a read failed, a transaction's BEGIN failed and its connection
 * was never given back, and the process then exited on an unhandled 'error' event of that connection; a connection
 * ended inside a transaction did the same.
 */
import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { isReadOnlyStatement } from '../../server/db/lost-connections';
import { rowsOf } from '../../server/db/rows';
import { isDatabaseUnavailable } from '../../server/db/unavailable';
import { scratchDbForFile } from '../helpers/scratch-database';

const MAIN_POOL = 10;

describe('the pool when PostgreSQL ends its connections (PostgreSQL)', () => {
  const lost: Error[] = [];
  const scratch = scratchDbForFile('doorstep_lost', { onConnectionLost: (e) => lost.push(e) }, (handle) =>
    handle.db.execute(sql`create table written (n int)`),
  );

  /** Every pool connection open and idle, then ended by another process while this one is blocked and busy. */
  const endIdleConnectionsWhileBusy = async () => {
    await Promise.all(Array.from({ length: MAIN_POOL }, () => scratch.handle.db.execute(sql`select pg_sleep(0.05)`)));
    const ended = execFileSync(
      'psql',
      [
        scratch.url,
        '-Atc',
        `select count(pg_terminate_backend(pid)) from pg_stat_activity
          where datname = current_database() and pid <> pg_backend_pid()`,
      ],
      { encoding: 'utf8' },
    );
    expect(Number(ended.trim())).toBeGreaterThanOrEqual(MAIN_POOL);
    const until = performance.now() + 300;
    while (performance.now() < until) {
      // busy: the sockets' news waits behind what this test sends next
    }
  };
  const value = async (q: ReturnType<typeof sql>) => rowsOf<{ v: number }>(await scratch.handle.db.execute(q))[0]?.v;

  it('answers reads outside a transaction on new connections', async () => {
    await endIdleConnectionsWhileBusy();
    const answers = await Promise.all(Array.from({ length: 3 }, (_, i) => value(sql`select ${i}::int as v`)));
    expect(answers).toEqual([0, 1, 2]);
  });

  it('begins transactions anew on new connections and gives every broken one back to the pool', async () => {
    await endIdleConnectionsWhileBusy();
    const inTx = () =>
      scratch.handle.db.transaction(async (tx) => rowsOf<{ v: number }>(await tx.execute(sql`select 7 as v`)));
    expect(await Promise.all(Array.from({ length: 3 }, inTx))).toEqual([[{ v: 7 }], [{ v: 7 }], [{ v: 7 }]]);
    // Had a broken connection been kept checked out, fewer than MAIN_POOL could run at once: this would wait forever.
    const held = await Promise.all(
      Array.from({ length: MAIN_POOL }, () =>
        scratch.handle.db.transaction(async (tx) => {
          await tx.execute(sql`select pg_sleep(0.1)`);
          return 1;
        }),
      ),
    );
    expect(held).toHaveLength(MAIN_POOL);
  });

  it('never runs a write outside a transaction twice: it fails, and runs once when asked again', async () => {
    await endIdleConnectionsWhileBusy();
    const first = await scratch.handle.db.execute(sql`insert into written values (1)`).then(
      () => null,
      (err: unknown) => err,
    );
    expect(isDatabaseUnavailable(first)).toBe(true);
    // Once the process has read its sockets, the pool has dropped the other ended connections.
    await new Promise((r) => setTimeout(r, 100));
    await scratch.handle.db.execute(sql`insert into written values (2)`);
    expect(await value(sql`select count(*)::int as v from written`)).toBe(1);
  });

  it('fails a transaction whose connection ends under it, and the process goes on', async () => {
    let started: (pid: number) => void = () => undefined;
    const pidOf = new Promise<number>((resolve) => {
      started = resolve;
    });
    const running = scratch.handle.db.transaction(async (tx) => {
      started(rowsOf<{ pid: number }>(await tx.execute(sql`select pg_backend_pid() as pid`))[0]?.pid ?? 0);
      await tx.execute(sql`insert into written values (3)`);
      await tx.execute(sql`select pg_sleep(5)`);
    });
    const outcome = running.then(
      () => null,
      (err: unknown) => err,
    );
    const pid = await pidOf;
    await new Promise((r) => setTimeout(r, 200));
    execFileSync('psql', [scratch.url, '-Atc', `select pg_terminate_backend(${pid})`]);
    expect(isDatabaseUnavailable(await outcome)).toBe(true);
    expect(await value(sql`select count(*)::int as v from written where n = 3`)).toBe(0);
    expect(
      await scratch.handle.db.transaction(async (tx) => rowsOf<{ v: number }>(await tx.execute(sql`select 8 as v`))),
    ).toEqual([{ v: 8 }]);
  });

  it('takes as read-only only a single SELECT without effects', () => {
    expect(isReadOnlyStatement('select "id" from "users" where "id" = $1')).toBe(true);
    expect(isReadOnlyStatement(' SELECT 1')).toBe(true);
    for (const text of [
      'insert into t values (1)',
      'with d as (delete from t returning *) select * from d',
      'select pg_notify($1, $2)',
      'select pg_advisory_xact_lock(1)',
      "select set_config('x', '1', false)",
      "select nextval('s')",
      'select * from t for update',
      'select * from t for no key update',
      'update t set n = 1',
      undefined,
    ]) {
      expect(isReadOnlyStatement(text), String(text)).toBe(false);
    }
  });
});
