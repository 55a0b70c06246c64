/**
 * The job queue itself (pg-boss on the app's database, PGlite or PostgreSQL): a job sent with a transaction is
 * committed with it or not at all, and a working process runs it; a handler that throws is retried.
 */
import { sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../server/db/client';
import { JOB_SCHEMA, type Jobs, jobsFor, startJobs } from '../../server/modules/jobs/queue';
import { createTestDb } from './helpers/db';

let handle: DbHandle;
let jobs: Jobs;
const seen: Array<{ messageId: string; retryCount: number }> = [];

const until = async (check: () => boolean, ms = 20_000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting for the queue');
    await new Promise((r) => setTimeout(r, 100));
  }
};

beforeAll(async () => {
  handle = await createTestDb();
  jobs = await startJobs(
    handle.db,
    pino({ level: 'silent' }),
    async (j) => {
      await j.work('message.send', async (data, job) => {
        seen.push({ messageId: data.messageId, retryCount: job.retryCount });
        if (data.messageId === 'flaky' && job.retryCount === 0) throw new Error('first attempt fails');
      });
    },
    { pollingIntervalSeconds: 0.5 },
  );
}, 60_000);

afterAll(async () => {
  await jobs?.stop();
  await handle?.close();
});

const stateOf = async (id: string) => {
  const result = (await handle.db.execute(
    sql`select state from ${sql.raw(JOB_SCHEMA)}.job where id = ${id}`,
  )) as unknown as {
    rows: Array<{ state: string }>;
  };
  return result.rows[0]?.state ?? null;
};

describe('job queue', () => {
  it('a job sent in a transaction that rolls back never exists; one that commits is worked', async () => {
    let rolledBackId: string | null = null;
    await handle.db
      .transaction(async (tx) => {
        rolledBackId = await jobsFor(handle.db).send(tx, 'message.send', { messageId: 'rolled-back' });
        throw new Error('roll back');
      })
      .catch(() => {});
    expect(rolledBackId).toBeTypeOf('string');
    expect(await stateOf(rolledBackId as unknown as string)).toBeNull();

    const id = await handle.db.transaction((tx) => jobsFor(handle.db).send(tx, 'message.send', { messageId: 'kept' }));
    await until(() => seen.some((s) => s.messageId === 'kept'));
    expect(seen.filter((s) => s.messageId === 'rolled-back')).toEqual([]);
    expect(id).toBeTypeOf('string');
  });

  it('a handler that throws is retried, and the job completes once', async () => {
    const id = (await jobsFor(handle.db).send(handle.db, 'message.send', { messageId: 'flaky' })) as string;
    await until(() => seen.filter((s) => s.messageId === 'flaky').length >= 2, 40_000);
    const end = Date.now() + 10_000;
    while ((await stateOf(id)) !== 'completed' && Date.now() < end) await new Promise((r) => setTimeout(r, 200));
    expect(await stateOf(id)).toBe('completed');
    expect(seen.filter((s) => s.messageId === 'flaky').map((s) => s.retryCount)).toEqual([0, 1]);
  }, 60_000);
});
