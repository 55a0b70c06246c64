/**
 * Sending through the SMS gateway (SPEC §8.4, docs/messages.md): the real queue worker (pg-boss, polling every
 * 0.5 s) sends outbox messages to a local fake provider over real HTTP. A gateway that fails is retried with
 * backoff and the message is sent once; a refusal fails it at once; whatever is replayed or duplicated, the
 * phone gets one SMS.
 */
import { and, eq, sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, contactOptOuts, policySettings } from '../../drizzle/schema';
import type { DbHandle } from '../../server/db/client';
import { type Env, loadEnv } from '../../server/env';
import { JOB_QUEUES } from '../../server/modules/jobs/jobs.types';
import { JOB_SCHEMA, type Jobs, jobsFor, startJobs } from '../../server/modules/jobs/queue';
import { sendMessageJob } from '../../server/modules/messages/messages.send';
import { registerMessageWorkers } from '../../server/modules/messages/messages.workers';
import { gatewayConfig, signatureOf } from '../../server/modules/messages/sms-gateway';
import { formatErrorMessage } from '../../shared/errors';
import { type FakeSmsGateway, startFakeSmsGateway } from '../helpers/fake-sms-gateway';
import { createTestDb } from './helpers/db';
import { insertMessage, insertOutboxCase, messageRow, type OutboxCase } from './helpers/outbox-rows';

let handle: DbHandle;
let jobs: Jobs;
let gateway: FakeSmsGateway;
let oc: OutboxCase;
let env: Env;
const log = pino({ level: 'silent' });
const TIMEOUT_MS = 1_000;

beforeAll(async () => {
  handle = await createTestDb();
  gateway = await startFakeSmsGateway();
  oc = await insertOutboxCase(handle.db);
  env = loadEnv({
    DATA_DIR: '/tmp/doorstep-test',
    LOG_LEVEL: 'silent',
    SMS_GATEWAY_URL: gateway.url,
    SMS_GATEWAY_SECRET: gateway.secret,
  } as NodeJS.ProcessEnv);
  jobs = await startJobs(
    handle.db,
    log,
    (j) =>
      registerMessageWorkers(
        { db: handle.db, env, log, jobs: j, now: () => new Date() },
        { gatewayTimeoutMs: TIMEOUT_MS },
      ),
    { pollingIntervalSeconds: 0.5 },
  );
}, 120_000);

afterAll(async () => {
  await jobs?.stop();
  await gateway?.close();
  await handle?.close();
});

interface JobRow {
  state: string;
  retry_count: number;
}
async function jobRow(id: string): Promise<JobRow | null> {
  const r = (await handle.db.execute(
    sql`select state, retry_count from ${sql.raw(JOB_SCHEMA)}.job where id = ${id}`,
  )) as unknown as { rows: JobRow[] };
  return r.rows[0] ?? null;
}

/** Waits until the job has ended (completed or failed for good). */
async function jobEnded(id: string, ms = 90_000): Promise<JobRow> {
  const end = Date.now() + ms;
  for (;;) {
    const row = await jobRow(id);
    if (row && ['completed', 'failed', 'cancelled'].includes(row.state)) return row;
    if (Date.now() > end) throw new Error(`job ${id} still ${row?.state} after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** A queued message and its send job, as the outbox writes them (one transaction). */
async function queueOne(text?: string) {
  const messageId = await insertMessage(handle.db, oc, text ? { text } : {});
  const jobId = (await handle.db.transaction((tx) =>
    jobsFor(handle.db).send(tx, 'message.send', { messageId }),
  )) as string;
  return { messageId, jobId };
}

/** The audit entries of a message (its timeline). */
const auditOf = (messageId: string) =>
  handle.db
    .select({ action: auditLog.action, after: auditLog.after })
    .from(auditLog)
    .where(and(eq(auditLog.entityType, 'message'), eq(auditLog.entityId, messageId)));

const smsFor = (messageId: string) => gateway.handed.filter((h) => h.reference === messageId);
const requestsFor = (messageId: string) => gateway.requests.filter((r) => r.reference === messageId);

describe('sending through the SMS gateway', () => {
  it('sends a queued message once, signed, with the message id as its reference', async () => {
    const { messageId, jobId } = await queueOne('您好，明天 10:00–12:00 上门。');
    expect((await jobEnded(jobId)).state).toBe('completed');
    const [req] = requestsFor(messageId);
    expect(req).toMatchObject({ to: '13900001111', text: '您好，明天 10:00–12:00 上门。', signatureOk: true });
    expect(smsFor(messageId)).toHaveLength(1);
    const row = await messageRow(handle.db, messageId);
    expect(row).toMatchObject({ status: 'sent', providerId: smsFor(messageId)[0]?.id, attempts: 1, lastError: null });
    expect(row.sentAt).toBeInstanceOf(Date);
    expect(await auditOf(messageId)).toEqual([
      { action: 'message.sent', after: { status: 'sent', providerId: row.providerId, attempts: 1 } },
    ]);
  });

  it('retries a gateway answering 5xx with backoff, then sends once', async () => {
    gateway.script('error5xx', 'sent5xx');
    const { messageId, jobId } = await queueOne();
    const job = await jobEnded(jobId);
    expect(job).toMatchObject({ state: 'completed', retry_count: 2 });
    expect(requestsFor(messageId).map((r) => r.behaviour)).toEqual(['error5xx', 'sent5xx', 'ok']);
    // The 502 came after the provider took it: the retry with the same reference is the same SMS.
    expect(smsFor(messageId)).toHaveLength(1);
    expect(await messageRow(handle.db, messageId)).toMatchObject({
      status: 'sent',
      providerId: smsFor(messageId)[0]?.id,
      attempts: 3,
      lastError: null,
    });
  }, 90_000);

  it('retries a gateway that does not answer in time, or answers garbage, and sends once', async () => {
    gateway.script('hang', 'garbage');
    const { messageId, jobId } = await queueOne();
    expect(await jobEnded(jobId)).toMatchObject({ state: 'completed', retry_count: 2 });
    expect(requestsFor(messageId).map((r) => r.behaviour)).toEqual(['hang', 'garbage', 'ok']);
    // Both took the message without a usable answer: the phone still gets it once.
    expect(smsFor(messageId)).toHaveLength(1);
    const row = await messageRow(handle.db, messageId);
    expect(row).toMatchObject({ status: 'sent', providerId: smsFor(messageId)[0]?.id, attempts: 3 });
    gateway.release('destroy');
  }, 90_000);

  it('retries a gateway answering 429 (too many requests)', async () => {
    gateway.script('throttle');
    const { messageId, jobId } = await queueOne();
    expect(await jobEnded(jobId)).toMatchObject({ state: 'completed', retry_count: 1 });
    expect(requestsFor(messageId).map((r) => r.behaviour)).toEqual(['throttle', 'ok']);
    expect(await messageRow(handle.db, messageId)).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('fails a message the gateway refuses (4xx) at once, without retrying', async () => {
    gateway.script('refuse4xx');
    const { messageId, jobId } = await queueOne();
    expect(await jobEnded(jobId)).toMatchObject({ state: 'completed', retry_count: 0 });
    expect(requestsFor(messageId)).toHaveLength(1);
    expect(smsFor(messageId)).toHaveLength(0);
    const row = await messageRow(handle.db, messageId);
    expect(row).toMatchObject({ status: 'failed', statusReason: 'SMS_GATEWAY_REFUSED', attempts: 1 });
    expect(row.lastError).toBe('400: number not reachable by SMS');
    expect(row.failedAt).toBeInstanceOf(Date);
    expect(await auditOf(messageId)).toEqual([
      {
        action: 'message.failed',
        after: { status: 'failed', reason: 'SMS_GATEWAY_REFUSED', error: row.lastError, attempts: 1 },
      },
    ]);
    expect(formatErrorMessage('SMS_GATEWAY_REFUSED', 'zh-CN', {})).not.toBe(
      formatErrorMessage('SMS_GATEWAY_REFUSED', 'en', {}),
    );
  });

  it('a job for a message already sent sends nothing again', async () => {
    const { messageId, jobId } = await queueOne();
    await jobEnded(jobId);
    expect(smsFor(messageId)).toHaveLength(1);
    const replay = (await jobsFor(handle.db).send(handle.db, 'message.send', { messageId })) as string;
    expect((await jobEnded(replay)).state).toBe('completed');
    expect(requestsFor(messageId)).toHaveLength(1);
    expect(smsFor(messageId)).toHaveLength(1);
    expect((await messageRow(handle.db, messageId)).attempts).toBe(1);
  });

  it('two jobs for one message worked at the same time hand one SMS to the phone', async () => {
    gateway.delayMs = 500;
    try {
      const messageId = await insertMessage(handle.db, oc);
      const ids = await handle.db.transaction(async (tx) => [
        (await jobsFor(handle.db).send(tx, 'message.send', { messageId })) as string,
        (await jobsFor(handle.db).send(tx, 'message.send', { messageId })) as string,
      ]);
      for (const id of ids) expect((await jobEnded(id)).state).toBe('completed');
      expect(smsFor(messageId)).toHaveLength(1);
      expect(requestsFor(messageId).length).toBeGreaterThanOrEqual(1);
      expect(requestsFor(messageId).length).toBeLessThanOrEqual(2);
      expect(await messageRow(handle.db, messageId)).toMatchObject({
        status: 'sent',
        providerId: smsFor(messageId)[0]?.id,
      });
    } finally {
      gateway.delayMs = 0;
    }
  });

  it('after the last retry the message is failed (SMS_GATEWAY_UNAVAILABLE) with the error kept', async () => {
    const messageId = await insertMessage(handle.db, oc);
    gateway.script('error5xx');
    const deps = {
      db: handle.db,
      log,
      jobs,
      now: () => new Date(),
      gateway: gatewayConfig(env),
      fallbackZone: 'Asia/Shanghai',
    };
    const last = { id: 'last-try', name: 'message.send' as const, retryCount: JOB_QUEUES['message.send'].retryLimit };
    await expect(sendMessageJob(deps, { messageId }, last)).rejects.toThrow('503: try again later');
    const row = await messageRow(handle.db, messageId);
    expect(row).toMatchObject({
      status: 'failed',
      statusReason: 'SMS_GATEWAY_UNAVAILABLE',
      lastError: '503: try again later',
      attempts: 1,
    });
    expect(smsFor(messageId)).toHaveLength(0);
  });

  it('outside the borrower’s allowed hours the job holds the message and queues itself for the opening', async () => {
    const closed = await insertOutboxCase(handle.db);
    // Around noon in the team's zone: hours of 14:00–16:00 are not open yet, they open today at 14:00.
    await handle.db
      .update(policySettings)
      .set({ allowedStart: '14:00', allowedEnd: '16:00' })
      .where(eq(policySettings.teamId, closed.teamId));
    const messageId = await insertMessage(handle.db, closed);
    const jobId = (await jobsFor(handle.db).send(handle.db, 'message.send', { messageId })) as string;
    expect((await jobEnded(jobId)).state).toBe('completed');
    const row = await messageRow(handle.db, messageId);
    expect(row).toMatchObject({ status: 'held', attempts: 0 });
    expect(row.notBefore.getTime()).toBeGreaterThan(Date.now());
    const next = (await handle.db.execute(
      sql`select state, start_after from ${sql.raw(JOB_SCHEMA)}.job
          where name = 'message.send' and data->>'messageId' = ${messageId} and id <> ${jobId}`,
    )) as unknown as { rows: Array<{ state: string; start_after: Date | string }> };
    expect(next.rows).toHaveLength(1);
    expect(next.rows[0]?.state).toBe('created');
    expect(new Date(next.rows[0]?.start_after as string).getTime()).toBe(row.notBefore.getTime());
    expect(requestsFor(messageId)).toHaveLength(0);
  });

  it('a borrower who opted out after the message was written gets nothing (unsent, OPTED_OUT)', async () => {
    const optedOut = await insertOutboxCase(handle.db);
    const messageId = await insertMessage(handle.db, optedOut);
    await handle.db.insert(contactOptOuts).values({
      borrowerId: optedOut.borrowerId,
      channel: 'sms',
      reason: 'asked on the phone',
      recordedAt: new Date(),
    });
    const jobId = (await jobsFor(handle.db).send(handle.db, 'message.send', { messageId })) as string;
    expect((await jobEnded(jobId)).state).toBe('completed');
    expect(await messageRow(handle.db, messageId)).toMatchObject({
      status: 'unsent',
      statusReason: 'OPTED_OUT',
      attempts: 0,
    });
    expect(requestsFor(messageId)).toHaveLength(0);
  });

  it('without a gateway the message stays queued (NO_GATEWAY) and nothing is sent', async () => {
    const messageId = await insertMessage(handle.db, oc);
    const deps = { db: handle.db, log, jobs, now: () => new Date(), gateway: null, fallbackZone: 'Asia/Shanghai' };
    await sendMessageJob(deps, { messageId }, { id: 'no-gateway', name: 'message.send', retryCount: 0 });
    expect(await messageRow(handle.db, messageId)).toMatchObject({
      status: 'queued',
      statusReason: 'NO_GATEWAY',
      attempts: 0,
      providerId: null,
    });
    expect(requestsFor(messageId)).toHaveLength(0);
  });

  it('signs "timestamp.body" with HMAC-SHA256 under the secret (the documented contract)', () => {
    // Fixed inputs and the digest an independent HMAC implementation gives (openssl dgst -sha256 -hmac).
    expect(signatureOf('fake-gateway-secret-0123456789', '1764547200', '{"to":"1","text":"t","reference":"r"}')).toBe(
      'sha256=4de21362dc3bbb0d71ca21596b64b01f622d8809c907c41de8dbd3ec375791dc',
    );
  });

  it('the day-before reminders are scheduled once a day in the default zone, and a reminders job runs', async () => {
    const r = (await handle.db.execute(
      sql`select cron, timezone from ${sql.raw(JOB_SCHEMA)}.schedule where name = 'message.reminders'`,
    )) as unknown as { rows: Array<{ cron: string; timezone: string }> };
    expect(r.rows).toEqual([{ cron: '0 18 * * *', timezone: env.TZ_DEFAULT }]);
    const id = (await jobs.send(handle.db, 'message.reminders', {})) as string;
    expect((await jobEnded(id)).state).toBe('completed');
  });
});
