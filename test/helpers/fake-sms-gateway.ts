/**
 * A small local SMS provider speaking Doorstep's gateway contract (docs/messages.md), for the tests: it checks
 * each request's signature, hands a message to the "phone" once per reference (a real provider's idempotency:
 * the same reference again answers the same id and sends nothing), and can misbehave on demand — slow answers,
 * 5xx, hanging, garbage JSON, 4xx — and post signed delivery receipts back to Doorstep.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkSignature, signedHeaders } from '../../server/modules/messages/sms-gateway';

/** How the gateway answers one request (taken in turn from the script; then 'ok'). */
export type GatewayBehaviour =
  | 'ok'
  /** 503 "try later", without taking the message. */
  | 'error5xx'
  /** Takes the message (it reaches the phone) but answers 502: the sender cannot know it went out. */
  | 'sent5xx'
  /** Never answers (the request stays open until the test calls release() or close()). */
  | 'hang'
  /** Takes the message and answers 200 with a body that is not JSON. */
  | 'garbage'
  /** 400 with a reason: the number is not one it can send to. */
  | 'refuse4xx'
  /** 429: too many requests. */
  | 'throttle';

export interface GatewayRequest {
  reference: string;
  to: string;
  text: string;
  signatureOk: boolean;
  behaviour: GatewayBehaviour;
}

/** An SMS handed to a phone: one per reference. */
export interface HandedSms {
  id: string;
  reference: string;
  to: string;
  text: string;
}

export interface FakeSmsGateway {
  url: string;
  secret: string;
  /** Every request, in order, whatever was answered. */
  requests: GatewayRequest[];
  /** The SMS handed to phones (one per reference, however often it was sent). */
  handed: HandedSms[];
  /** Behaviours for the next requests, taken one per request. */
  script: (...behaviours: GatewayBehaviour[]) => void;
  /** Waits this long before each answer (ms). */
  delayMs: number;
  /** Resolves when `count` requests have come in. */
  waitForRequests: (count: number, timeoutMs?: number) => Promise<void>;
  /** Answers the hanging requests now (as 'ok': the message went out), or with `destroy` drops them. */
  release: (how?: 'answer' | 'destroy') => void;
  /** Posts a delivery receipt for `sms` to `receiptsUrl`, signed (or as `sign` says); the response. */
  sendReceipt: (
    receiptsUrl: string,
    sms: HandedSms,
    opts?: {
      status?: 'delivered' | 'failed';
      receiptId?: string;
      error?: string;
      sign?: 'ok' | 'none' | 'wrong-secret' | 'stale';
      body?: string;
    },
  ) => Promise<{ status: number; body: { code?: string; message?: string; recorded?: boolean } }>;
  close: () => Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startFakeSmsGateway(secret = 'fake-gateway-secret-0123456789'): Promise<FakeSmsGateway> {
  const script: GatewayBehaviour[] = [];
  const requests: GatewayRequest[] = [];
  const handed: HandedSms[] = [];
  const hanging = new Set<{ res: ServerResponse; reference: string }>();
  const waiters = new Set<() => void>();
  const fake = { delayMs: 0 } as FakeSmsGateway;

  /** The provider sends the SMS: once per reference, the same id for every request with that reference. */
  const hand = (reference: string, to: string, text: string): HandedSms => {
    const known = handed.find((h) => h.reference === reference);
    if (known) return known;
    const sms = { id: `fake-${randomUUID()}`, reference, to, text };
    handed.push(sms);
    return sms;
  };
  const json = (res: ServerResponse, status: number, body: unknown) =>
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

  const server: Server = createServer(async (req, res) => {
    const raw = await readBody(req);
    const signatureOk =
      checkSignature(
        secret,
        raw,
        { timestamp: req.headers['x-doorstep-timestamp'], signature: req.headers['x-doorstep-signature'] },
        new Date(),
      ) === 'ok';
    let payload: { to?: string; text?: string; reference?: string } = {};
    try {
      payload = JSON.parse(raw);
    } catch {
      // An unreadable request is refused below.
    }
    const behaviour = script.shift() ?? 'ok';
    const reference = String(payload.reference ?? '');
    requests.push({
      reference,
      to: String(payload.to ?? ''),
      text: String(payload.text ?? ''),
      signatureOk,
      behaviour,
    });
    for (const wake of waiters) wake();
    if (!signatureOk) return json(res, 401, { error: 'bad signature' });
    if (!payload.reference || !payload.to || !payload.text) return json(res, 400, { error: 'to, text, reference' });
    const answer = () => {
      switch (behaviour) {
        case 'error5xx':
          return res.writeHead(503, { 'content-type': 'text/plain' }).end('try again later');
        case 'sent5xx':
          hand(reference, String(payload.to), String(payload.text));
          return res.writeHead(502, { 'content-type': 'text/plain' }).end('bad gateway');
        case 'hang':
          // A real provider that took the request sends the SMS whether or not its answer gets back.
          hand(reference, String(payload.to), String(payload.text));
          hanging.add({ res, reference });
          return;
        case 'garbage':
          hand(reference, String(payload.to), String(payload.text));
          return res.writeHead(200, { 'content-type': 'application/json' }).end('{"id": oops');
        case 'refuse4xx':
          return json(res, 400, { error: 'number not reachable by SMS' });
        case 'throttle':
          return json(res, 429, { error: 'slow down' });
        default:
          return json(res, 200, { id: hand(reference, String(payload.to), String(payload.text)).id });
      }
    };
    if (fake.delayMs > 0) setTimeout(answer, fake.delayMs);
    else answer();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  fake.url = `http://127.0.0.1:${port}/send`;
  fake.secret = secret;
  fake.requests = requests;
  fake.handed = handed;
  fake.script = (...behaviours) => {
    script.push(...behaviours);
  };
  fake.waitForRequests = (count, timeoutMs = 60_000) =>
    new Promise<void>((resolve, reject) => {
      if (requests.length >= count) return resolve();
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`the gateway had ${requests.length} of ${count} requests after ${timeoutMs} ms`));
      }, timeoutMs);
      const check = () => {
        if (requests.length < count) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve();
      };
      waiters.add(check);
    });
  fake.release = (how = 'answer') => {
    for (const h of hanging) {
      if (how === 'destroy') h.res.destroy();
      else {
        const sms = handed.find((s) => s.reference === h.reference);
        if (!h.res.destroyed) json(h.res, 200, { id: sms?.id });
      }
    }
    hanging.clear();
  };
  fake.sendReceipt = async (receiptsUrl, sms, opts = {}) => {
    const body =
      opts.body ??
      JSON.stringify({
        receiptId: opts.receiptId ?? `rcpt-${randomUUID()}`,
        id: sms.id,
        status: opts.status ?? 'delivered',
        ...(opts.error ? { error: opts.error } : {}),
        at: new Date().toISOString(),
      });
    const sign = opts.sign ?? 'ok';
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (sign === 'ok') Object.assign(headers, signedHeaders(secret, body, new Date()));
    if (sign === 'wrong-secret') Object.assign(headers, signedHeaders(`${secret}-not`, body, new Date()));
    if (sign === 'stale') Object.assign(headers, signedHeaders(secret, body, new Date(Date.now() - 10 * 60_000)));
    const res = await fetch(receiptsUrl, { method: 'POST', headers, body });
    return { status: res.status, body: (await res.json()) as { code?: string; message?: string } };
  };
  fake.close = async () => {
    fake.release('destroy');
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return fake;
}
