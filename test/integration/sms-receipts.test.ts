/**
 * Delivery receipts (POST /api/v1/sms/receipts, docs/messages.md) over real HTTP from the fake provider: a signed
 * receipt moves its message to delivered or failed (audited); a replayed, unsigned, badly signed, stale or
 * malformed receipt, or one for a message we never sent, is refused with its code and changes nothing.
 */
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, smsReceipts } from '../../drizzle/schema';
import type { DbHandle } from '../../server/db/client';
import { loadEnv } from '../../server/env';
import { signedHeaders } from '../../server/modules/messages/sms-gateway';
import { type FakeSmsGateway, type HandedSms, startFakeSmsGateway } from '../helpers/fake-sms-gateway';
import { createTestDb } from './helpers/db';
import { httpApp } from './helpers/http-app';
import { insertMessage, insertOutboxCase, messageRow, type OutboxCase } from './helpers/outbox-rows';

let handle: DbHandle;
let app: FastifyInstance;
let gateway: FakeSmsGateway;
let oc: OutboxCase;
let receiptsUrl: string;

beforeAll(async () => {
  handle = await createTestDb();
  gateway = await startFakeSmsGateway();
  oc = await insertOutboxCase(handle.db);
  const env = loadEnv({
    DATA_DIR: '/tmp/doorstep-test',
    LOG_LEVEL: 'silent',
    SMS_GATEWAY_URL: gateway.url,
    SMS_GATEWAY_SECRET: gateway.secret,
  } as NodeJS.ProcessEnv);
  app = await httpApp(handle, { env });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  receiptsUrl = `${address}/api/v1/sms/receipts`;
}, 120_000);

afterAll(async () => {
  await app?.close();
  await gateway?.close();
  await handle?.close();
});

/** A message the gateway took (status sent, its provider id). */
async function sentMessage(): Promise<{ messageId: string; sms: HandedSms }> {
  const providerId = `fake-${randomUUID()}`;
  const messageId = await insertMessage(handle.db, oc, { status: 'sent', providerId });
  return { messageId, sms: { id: providerId, reference: messageId, to: '13900001111', text: 'x' } };
}

const receiptsOf = async (providerId: string) =>
  handle.db.select().from(smsReceipts).where(eq(smsReceipts.providerId, providerId));

/** A POST of `body` as the gateway would sign it, in `lang`. */
async function postSigned(body: string, lang: string) {
  const res = await fetch(receiptsUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'accept-language': lang,
      ...signedHeaders(gateway.secret, body, new Date()),
    },
    body,
  });
  return { status: res.status, body: (await res.json()) as { code: string; message: string } };
}

/** The same refusal in English and Chinese: its status, its code, and a message in each language. */
async function refusedInBoth(body: string, status: number, code: string) {
  const en = await postSigned(body, 'en');
  const zh = await postSigned(body, 'zh-CN');
  expect(en).toMatchObject({ status, body: { code } });
  expect(zh).toMatchObject({ status, body: { code } });
  expect(zh.body.message).not.toBe(en.body.message);
  return en.body.message;
}

describe('delivery receipts', () => {
  it('a delivered receipt marks the message delivered at the receipt’s time, audited', async () => {
    const { messageId, sms } = await sentMessage();
    const res = await gateway.sendReceipt(receiptsUrl, sms, { status: 'delivered', receiptId: 'r-delivered-1' });
    expect(res).toMatchObject({ status: 200, body: { recorded: true } });
    const row = await messageRow(handle.db, messageId);
    expect(row.status).toBe('delivered');
    expect(row.deliveredAt).toBeInstanceOf(Date);
    const audit = await handle.db
      .select({ action: auditLog.action, after: auditLog.after })
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'message'), eq(auditLog.entityId, messageId)));
    expect(audit).toEqual([
      {
        action: 'message.delivered',
        after: expect.objectContaining({ status: 'delivered', receiptId: 'r-delivered-1' }),
      },
    ]);
  });

  it('a failed receipt marks the message failed with the provider’s error', async () => {
    const { messageId, sms } = await sentMessage();
    const res = await gateway.sendReceipt(receiptsUrl, sms, { status: 'failed', error: 'handset unreachable' });
    expect(res.status).toBe(200);
    expect(await messageRow(handle.db, messageId)).toMatchObject({
      status: 'failed',
      statusReason: 'SMS_NOT_DELIVERED',
      lastError: 'handset unreachable',
    });
  });

  it('a replayed receipt is refused (409) and changes nothing a second time', async () => {
    const { messageId, sms } = await sentMessage();
    const first = await gateway.sendReceipt(receiptsUrl, sms, { receiptId: 'r-replayed' });
    expect(first.status).toBe(200);
    const deliveredAt = (await messageRow(handle.db, messageId)).deliveredAt;
    const body = JSON.stringify({
      receiptId: 'r-replayed',
      id: sms.id,
      status: 'failed',
      at: new Date().toISOString(),
    });
    await refusedInBoth(body, 409, 'SMS_RECEIPT_REPLAYED');
    expect(await messageRow(handle.db, messageId)).toMatchObject({ status: 'delivered', deliveredAt });
    expect(await receiptsOf(sms.id)).toHaveLength(1);
  });

  it('a second receipt for a delivered message (another id) is recorded but does not undo the delivery', async () => {
    const { messageId, sms } = await sentMessage();
    expect((await gateway.sendReceipt(receiptsUrl, sms, { status: 'delivered' })).status).toBe(200);
    expect((await gateway.sendReceipt(receiptsUrl, sms, { status: 'delivered' })).status).toBe(200);
    expect((await gateway.sendReceipt(receiptsUrl, sms, { status: 'failed', error: 'late' })).status).toBe(200);
    expect(await messageRow(handle.db, messageId)).toMatchObject({ status: 'delivered', lastError: null });
    expect(await receiptsOf(sms.id)).toHaveLength(3);
    const audit = await handle.db.select().from(auditLog).where(eq(auditLog.entityId, messageId));
    expect(audit).toHaveLength(1);
  });

  it('unsigned, badly signed, tampered or stale receipts are refused (401) and change nothing', async () => {
    const { messageId, sms } = await sentMessage();
    const unsigned = await gateway.sendReceipt(receiptsUrl, sms, { sign: 'none' });
    expect(unsigned).toMatchObject({ status: 401, body: { code: 'SMS_RECEIPT_SIGNATURE_INVALID' } });
    const wrong = await gateway.sendReceipt(receiptsUrl, sms, { sign: 'wrong-secret' });
    expect(wrong).toMatchObject({ status: 401, body: { code: 'SMS_RECEIPT_SIGNATURE_INVALID' } });
    const stale = await gateway.sendReceipt(receiptsUrl, sms, { sign: 'stale' });
    expect(stale).toMatchObject({ status: 401, body: { code: 'SMS_RECEIPT_STALE' } });
    expect(stale.body.message).toContain('300');

    // A body changed after signing: the signature was over the other bytes.
    const signedBody = JSON.stringify({ receiptId: 'r-t', id: sms.id, status: 'failed', at: new Date().toISOString() });
    const res = await fetch(receiptsUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signedHeaders(gateway.secret, signedBody, new Date()) },
      body: signedBody.replace('failed', 'delivered'),
    });
    expect(res.status).toBe(401);

    // Each refusal in the caller's language.
    const zh = await fetch(receiptsUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept-language': 'zh-CN' },
      body: signedBody,
    });
    const zhBody = (await zh.json()) as { code: string; message: string };
    expect(zhBody.code).toBe('SMS_RECEIPT_SIGNATURE_INVALID');
    expect(zhBody.message).not.toBe(unsigned.body.message);
    expect(await messageRow(handle.db, messageId)).toMatchObject({ status: 'sent' });
    expect(await receiptsOf(sms.id)).toHaveLength(0);
  });

  it('a receipt for a provider id we never sent is refused (404)', async () => {
    const body = JSON.stringify({
      receiptId: 'r-unknown',
      id: 'fake-nobody',
      status: 'delivered',
      at: new Date().toISOString(),
    });
    await refusedInBoth(body, 404, 'SMS_RECEIPT_UNKNOWN_MESSAGE');
    expect(await receiptsOf('fake-nobody')).toHaveLength(0);
  });

  it('a malformed receipt is refused (400) naming the field', async () => {
    const { messageId, sms } = await sentMessage();
    const at = new Date().toISOString();
    const cases: Array<[string, string]> = [
      ['{"receiptId": oops', 'body'],
      ['[]', 'body'],
      [JSON.stringify({ receiptId: 'r-1', id: sms.id, status: 'read', at }), 'status'],
      [JSON.stringify({ id: sms.id, status: 'delivered', at }), 'receiptId'],
      [JSON.stringify({ receiptId: 'r 1', id: sms.id, status: 'delivered', at }), 'receiptId'],
      [JSON.stringify({ receiptId: 'r-1', id: { $ne: '' }, status: 'delivered', at }), 'id'],
      [JSON.stringify({ receiptId: 'r-1', id: sms.id, status: 'delivered', at: 'yesterday' }), 'at'],
      [JSON.stringify({ receiptId: 'r-1', id: sms.id, status: 'failed', error: 'x'.repeat(501), at }), 'error'],
      [JSON.stringify({ receiptId: 'r-1', id: sms.id, status: 'delivered', at, pad: 'x'.repeat(20_000) }), 'body'],
    ];
    for (const [body, field] of cases) {
      const message = await refusedInBoth(body, 400, 'SMS_RECEIPT_INVALID');
      expect(message, body.slice(0, 60)).toContain(`“${field}”`);
    }
    expect(await messageRow(handle.db, messageId)).toMatchObject({ status: 'sent' });
    expect(await receiptsOf(sms.id)).toHaveLength(0);
  });

  it('without a gateway secret receipts are not taken (404)', async () => {
    const bare = await httpApp(handle);
    try {
      const res = await bare.inject({ method: 'POST', url: '/api/v1/sms/receipts', payload: { receiptId: 'r' } });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({ code: 'SMS_RECEIPTS_NOT_CONFIGURED' });
    } finally {
      await bare.close();
    }
  });
});
