/**
 * Crash safety of sending (SPEC §8.4, issue #16): the server process is killed (SIGKILL) while its send job waits
 * for the SMS gateway, which had already taken the message. A new process on the same database fails the job
 * when it expires, retries it, and sends again with the same reference: the phone gets ONE SMS and the message
 * is sent with the provider's id. PostgreSQL only: the test writes the outbox row into the server's database
 * while the server runs, which an embedded PGlite directory does not allow.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DbHandle, openDb } from '../../server/db/client';
import { jobsFor } from '../../server/modules/jobs/queue';
import { createDemoScratchDatabase } from '../helpers/demo-template';
import { type FakeSmsGateway, startFakeSmsGateway } from '../helpers/fake-sms-gateway';
import { insertMessage, insertOutboxCase, messageRow } from '../integration/helpers/outbox-rows';
import { type ProcessServer, startServer } from './helpers/server';

let scratch: Awaited<ReturnType<typeof createDemoScratchDatabase>>;
let gateway: FakeSmsGateway;
let ours: DbHandle;
const servers: ProcessServer[] = [];

beforeAll(async () => {
  // A copy of the run's demo template (today's city, as the first process would seed it into an empty database):
  // the first process starts without migrating and seeding (helpers/demo-template.ts).
  scratch = await createDemoScratchDatabase(process.env.TEST_DATABASE_URL as string, 'doorstep_crash');
  gateway = await startFakeSmsGateway();
}, 60_000);

afterAll(async () => {
  for (const s of servers) await s.stop();
  await ours?.close();
  await gateway?.close();
  await scratch?.drop();
});

/**
 * The send job's expiry here. Shorter than the queue's 60 s, still far longer than the first process holds the job
 * before it is killed (the gateway has the request; the kill follows at once): pg-boss also fails a job in the
 * process working it once its handler outlives the expiry, which would be a retry without any crash.
 */
const EXPIRE_SECONDS = 20;

const serverEnv = () => ({ SMS_GATEWAY_URL: gateway.url, SMS_GATEWAY_SECRET: gateway.secret });

describe('a send job of a killed process', () => {
  it('is retried by the next process and the phone gets one SMS', async () => {
    const first = await startServer({ databaseUrl: scratch.url, env: serverEnv() });
    servers.push(first);
    ours = await openDb({ databaseUrl: scratch.url, dataDir: 'unused' });

    // The gateway takes the message (the SMS goes out) but holds its answer.
    gateway.script('hang');
    const oc = await insertOutboxCase(ours.db);
    const messageId = await insertMessage(ours.db, oc, { text: '我们的外访人员已出发，工号 A-017。' });
    // Sent as the outbox sends it, but expiring after EXPIRE_SECONDS instead of the queue's 60 s (JOB_QUEUES): the
    // same expiry, maintenance and retry, ~40 s sooner (the file took 90–104 s, most of it waiting out the 60 s).
    await jobsFor(ours.db).boss.send('message.send', { messageId }, { expireInSeconds: EXPIRE_SECONDS });
    await gateway.waitForRequests(1, 30_000);
    expect(gateway.handed.filter((h) => h.reference === messageId)).toHaveLength(1);

    await first.crash();
    gateway.release('destroy');
    // The attempt was counted, but the answer never got back: the message is not sent yet.
    expect(await messageRow(ours.db, messageId)).toMatchObject({ status: 'queued', attempts: 1, providerId: null });

    const second = await startServer({ databaseUrl: scratch.url, env: serverEnv() });
    servers.push(second);
    // The job expires (EXPIRE_SECONDS after it started), the live process's maintenance (every 15 s) fails it,
    // and it is retried after 3–6 s.
    const deadline = Date.now() + (EXPIRE_SECONDS + 60) * 1000;
    while ((await messageRow(ours.db, messageId)).status !== 'sent') {
      if (Date.now() > deadline) throw new Error('the message was not sent after the restart');
      await new Promise((r) => setTimeout(r, 1_000));
    }

    const handed = gateway.handed.filter((h) => h.reference === messageId);
    expect(handed).toHaveLength(1);
    expect(gateway.requests.filter((r) => r.reference === messageId).map((r) => r.behaviour)).toEqual(['hang', 'ok']);
    expect(await messageRow(ours.db, messageId)).toMatchObject({
      status: 'sent',
      providerId: handed[0]?.id,
      attempts: 2,
      text: '我们的外访人员已出发，工号 A-017。',
    });
  }, 240_000);
});
