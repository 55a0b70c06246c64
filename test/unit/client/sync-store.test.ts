import type { TRPCClient } from '@trpc/client';
import { TRPCClientError } from '@trpc/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clearQueue, readQueue } from '../../../client/src/features/my-route/offline-queue';
import {
  dismiss,
  enqueue,
  flush,
  onSent,
  onSynced,
  retryBackoff,
  type SentResult,
  stopRetrying,
} from '../../../client/src/features/my-route/sync-store';
import type { AppRouter } from '../../../server/trpc/root';
import { installMemoryIndexedDb } from './helpers/memory-indexeddb';

installMemoryIndexedDb();

type Input = Record<string, unknown>;
type Proc = 'enRoute' | 'checkIn' | 'uploadAttachment' | 'recordOutcome';

/** What the phone sent, in order. */
let calls: { proc: Proc; input: Input }[] = [];
/** How the server (or the network) answers the next request. */
let answer: (proc: Proc, input: Input) => unknown;

/** No answer at all, as the HTTP link reports a failed fetch. */
const offline = () => {
  throw new TRPCClientError('fetch failed', { cause: new TypeError('fetch failed') });
};
/** A refusal in the wire shape the server's error formatter produces. */
const refusal = (message: string, appCode: string, fieldErrors: Record<string, string> = {}) =>
  TRPCClientError.from({
    error: { message, code: -32600, data: { code: 'BAD_REQUEST', appCode, details: {}, fieldErrors } },
  });
/** The server's answers when it accepts each kind of request. */
const accepted = (proc: Proc, input: Input) => {
  switch (proc) {
    case 'enRoute':
      return { status: 'en_route', version: 4 };
    case 'checkIn':
      return { status: 'on_site', version: 5, checkInAt: input.at, distanceM: 42, flagged: false };
    case 'uploadAttachment':
      return { id: `server-${input.clientId}` };
    case 'recordOutcome':
      return { visitStatus: 'completed', visitVersion: 6, version: 1 };
  }
};

const procedure = (proc: Proc) => ({
  mutate: async (input: Input) => {
    calls.push({ proc, input });
    return answer(proc, input);
  },
});
const client = {
  field: {
    enRoute: procedure('enRoute'),
    checkIn: procedure('checkIn'),
    uploadAttachment: procedure('uploadAttachment'),
    recordOutcome: procedure('recordOutcome'),
  },
} as unknown as TRPCClient<AppRouter>;

const visitId = 'visit-1';
const enRoute = (clientId: string) => ({ kind: 'enRoute' as const, visitId, input: { visitId, version: 3, clientId } });
const checkIn = (clientId: string) => ({
  kind: 'checkIn' as const,
  visitId,
  input: { visitId, version: 4, clientId, at: '2026-12-01T02:10:00.000Z', lat: 31.2, lng: 121.4 },
});
const photo = (clientId: string) => ({
  kind: 'attachment' as const,
  visitId,
  input: { visitId, clientId, kind: 'photo', mimeType: 'image/png', dataBase64: 'iVBORw0KGgo=' },
});
const outcome = (clientId: string, attachmentClientIds: string[]) => ({
  kind: 'outcome' as const,
  visitId,
  input: { visitId, clientId, code: 'ptp', idShown: true, attachmentClientIds },
});
type Action = Parameters<typeof enqueue>[1];

let sent: { clientId: string; result: SentResult }[] = [];
let syncs = 0;
onSent((item, result) => sent.push({ clientId: item.clientId, result }));
onSynced(() => syncs++);

const queue = async () => (await readQueue()).map((i) => ({ clientId: i.clientId, state: i.state }));

beforeEach(async () => {
  stopRetrying();
  await clearQueue();
  calls = [];
  sent = [];
  syncs = 0;
  answer = accepted;
});

afterEach(() => stopRetrying());

describe("the phone's offline queue (sync-store over the IndexedDB queue)", () => {
  it('online, an action is sent at once, leaves the queue, and the screen hears the answer once', async () => {
    expect(await enqueue(client, enRoute('a') as Action, 'a')).toEqual({ state: 'sent' });
    expect(await queue()).toEqual([]);
    expect(calls.map((c) => c.proc)).toEqual(['enRoute']);
    expect(sent).toEqual([{ clientId: 'a', result: { status: 'en_route', version: 4 } }]);
    expect(syncs).toBe(1);
  });

  it('offline, actions wait in order; back online, a flush sends them in that order and empties the queue', async () => {
    answer = offline;
    expect(await enqueue(client, enRoute('a') as Action, 'a')).toEqual({ state: 'queued' });
    expect(await enqueue(client, checkIn('b') as Action, 'b')).toEqual({ state: 'queued' });
    expect(await queue()).toEqual([
      { clientId: 'a', state: 'pending' },
      { clientId: 'b', state: 'pending' },
    ]);
    // Each attempt stopped at the first item: the second enqueue retried 'a' and never reached 'b'.
    expect(calls.map((c) => c.input.clientId)).toEqual(['a', 'a']);
    expect(sent).toEqual([]);
    expect(syncs).toBe(0);

    answer = accepted;
    calls = [];
    await flush(client);
    expect(calls.map((c) => c.input.clientId)).toEqual(['a', 'b']);
    expect(await queue()).toEqual([]);
    expect(sent.map((s) => s.clientId)).toEqual(['a', 'b']);
    // The check-in's answer is renamed to what the stop shows.
    expect(sent[1]?.result).toMatchObject({
      status: 'on_site',
      version: 5,
      checkInDistanceM: 42,
      checkInFlagged: false,
    });
    expect(syncs).toBe(1);
  });

  it('stops at the first network failure mid-queue and keeps the rest, unsent, for the next flush', async () => {
    answer = offline;
    for (const id of ['a', 'b', 'c']) await enqueue(client, (id === 'b' ? checkIn(id) : enRoute(id)) as Action, id);
    calls = [];
    answer = (proc, input) => (input.clientId === 'b' ? offline() : accepted(proc, input));
    await flush(client);
    expect(calls.map((c) => c.input.clientId)).toEqual(['a', 'b']);
    expect(await queue()).toEqual([
      { clientId: 'b', state: 'pending' },
      { clientId: 'c', state: 'pending' },
    ]);
    expect(syncs).toBe(1);
  });

  it('a refusal is kept as failed with its reason and field errors, is not retried, and goes when dismissed', async () => {
    answer = () => {
      throw refusal('The amount is required', 'VALIDATION', { amount: 'Enter the amount' });
    };
    expect(await enqueue(client, enRoute('a') as Action, 'a')).toEqual({
      state: 'failed',
      error: 'The amount is required',
      fieldErrors: { amount: 'Enter the amount' },
    });
    expect(await queue()).toEqual([{ clientId: 'a', state: 'failed' }]);
    expect(syncs).toBe(0);

    answer = accepted;
    await flush(client);
    expect(calls).toHaveLength(1);
    expect(await queue()).toEqual([{ clientId: 'a', state: 'failed' }]);
    await dismiss('a');
    expect(await queue()).toEqual([]);
  });

  it('an outcome queued offline is sent with the server ids of its photos, and the photos leave the queue with it', async () => {
    answer = offline;
    await enqueue(client, photo('p1') as Action, 'p1');
    await enqueue(client, outcome('o', ['p1']) as Action, 'o');
    answer = accepted;
    calls = [];
    await flush(client);
    expect(calls.map((c) => c.proc)).toEqual(['uploadAttachment', 'recordOutcome']);
    expect(calls[1]?.input).toMatchObject({ attachmentIds: ['server-p1'] });
    expect(calls[1]?.input).not.toHaveProperty('attachmentClientIds');
    expect(sent.map((s) => s.result)).toEqual([
      { resultId: 'server-p1' },
      { status: 'completed', version: 6, outcomeCode: 'ptp', outcomeVersion: 1 },
    ]);
    expect(await queue()).toEqual([]);
  });

  it('a sent photo stays as done while its outcome is still waiting', async () => {
    answer = offline;
    await enqueue(client, photo('p1') as Action, 'p1');
    await enqueue(client, outcome('o', ['p1']) as Action, 'o');
    answer = (proc, input) => (proc === 'recordOutcome' ? offline() : accepted(proc, input));
    await flush(client);
    expect(await queue()).toEqual([
      { clientId: 'p1', state: 'done' },
      { clientId: 'o', state: 'pending' },
    ]);
    expect((await readQueue())[0]?.resultId).toBe('server-p1');
  });

  it('a record the server kept for the dispatcher shows as kept with its sentence, and its photos are let go', async () => {
    answer = offline;
    await enqueue(client, photo('p1') as Action, 'p1');
    answer = (proc, input) => {
      if (proc === 'recordOutcome') throw refusal('Visit V-7 was reassigned; your record is kept', 'FIELD_RECORD_KEPT');
      return accepted(proc, input);
    };
    expect(await enqueue(client, outcome('o', ['p1']) as Action, 'o')).toEqual({ state: 'kept' });
    const left = await readQueue();
    expect(left.map((i) => ({ clientId: i.clientId, state: i.state, error: i.error }))).toEqual([
      { clientId: 'o', state: 'kept', error: 'Visit V-7 was reassigned; your record is kept' },
    ]);
    // Both the photo and the kept record count as delivered: the route is refetched.
    expect(syncs).toBe(1);
  });

  it('a second flush while one runs does not send anything twice', async () => {
    answer = offline;
    await enqueue(client, enRoute('a') as Action, 'a');
    await enqueue(client, checkIn('b') as Action, 'b');
    answer = accepted;
    calls = [];
    await Promise.all([flush(client), flush(client)]);
    expect(calls.map((c) => c.input.clientId)).toEqual(['a', 'b']);
    expect(await queue()).toEqual([]);
    expect(syncs).toBe(1);
  });

  it('a flush asked while one fails on the network runs again after it: the queue does not wait for the next online event', async () => {
    answer = offline;
    await enqueue(client, enRoute('a') as Action, 'a');
    calls = [];
    // The first flush's request fails (the network was still off); the signal comes back while it is on its way,
    // and the page asks for a flush then.
    let second: Promise<void> | undefined;
    answer = () => {
      answer = accepted;
      second = flush(client);
      return offline();
    };
    await flush(client);
    await second;
    expect(calls.map((c) => c.input.clientId)).toEqual(['a', 'a']);
    expect(await queue()).toEqual([]);
    expect(sent.map((s) => s.clientId)).toEqual(['a']);
  });

  it('a send that gets no answer while the phone believes it is online is tried again by itself, backing off', async () => {
    const saved = { ...retryBackoff };
    retryBackoff.firstMs = 30;
    retryBackoff.maxMs = 60;
    stopRetrying();
    try {
      answer = offline;
      calls = [];
      expect(await enqueue(client, enRoute('a') as Action, 'a')).toEqual({ state: 'queued' });
      // Nobody flushes again: the retries come from the queue's own timer (30 ms, then 60 ms, 60 ms, …).
      await expect.poll(() => calls.length, { timeout: 5_000, interval: 5 }).toBeGreaterThanOrEqual(3);
      answer = accepted;
      await expect.poll(queue, { timeout: 5_000, interval: 5 }).toEqual([]);
      expect(sent.map((s) => s.clientId)).toEqual(['a']);
      // Delivered, it stops: no timer keeps sending.
      const after = calls.length;
      await new Promise((r) => setTimeout(r, 200));
      expect(calls.length).toBe(after);
    } finally {
      Object.assign(retryBackoff, saved);
    }
  });

  it('a refusal is not retried by the timer, and stopRetrying cancels a pending retry', async () => {
    const saved = { ...retryBackoff };
    retryBackoff.firstMs = 30;
    stopRetrying();
    try {
      answer = () => {
        throw refusal('The amount is required', 'VALIDATION');
      };
      await enqueue(client, enRoute('a') as Action, 'a');
      answer = offline;
      await enqueue(client, enRoute('b') as Action, 'b');
      const tried = calls.length;
      stopRetrying();
      await new Promise((r) => setTimeout(r, 150));
      expect(calls.length).toBe(tried);
      expect(await queue()).toEqual([
        { clientId: 'a', state: 'failed' },
        { clientId: 'b', state: 'pending' },
      ]);
    } finally {
      Object.assign(retryBackoff, saved);
    }
  });
});
