import type { TRPCClient } from '@trpc/client';
import { TRPCClientError } from '@trpc/client';
import { useSyncExternalStore } from 'react';
import type { AppRouter } from '../../../../server/trpc/root';
import { deleteItem, newItem, putItem, type QueuedAction, type QueueItem, readQueue } from './offline-queue';

type Client = TRPCClient<AppRouter>;

let items: QueueItem[] = [];
let syncing = false;
/** A flush was asked for while one ran (a reconnect during the reload's own flush): it runs again when that one ends. */
let askedAgain = false;
/**
 * How long the queue waits before trying again by itself after a request got no answer while items still wait: the
 * first delay, doubled each time up to the last. A phone's "online" is a guess (weak signal, a captive portal, the
 * network coming up a moment after the page is told), and an outcome must not wait for the next online event.
 */
export const retryBackoff = { firstMs: 2_000, maxMs: 60_000 };
let retryTimer: ReturnType<typeof setTimeout> | undefined;
let retryDelay = retryBackoff.firstMs;
const listeners = new Set<() => void>();
const afterSync = new Set<() => void>();
const sentListeners = new Set<(item: QueueItem, result: SentResult) => void>();

/** Runs `f` with each item the server accepted and its answer. */
export function onSent(f: (item: QueueItem, result: SentResult) => void): () => void {
  sentListeners.add(f);
  return () => sentListeners.delete(f);
}

function emit() {
  for (const l of listeners) l();
}

async function reload() {
  items = await readQueue();
  emit();
}

/** A fresh client id (crypto.randomUUID needs a secure context; fall back for plain-HTTP test servers). */
export function newClientId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

/** The server kept the record as a conflict for the dispatcher (the visit changed while the phone was offline). */
function wasKept(err: unknown): boolean {
  return (
    err instanceof TRPCClientError && (err.data as { appCode?: string } | undefined)?.appCode === 'FIELD_RECORD_KEPT'
  );
}

/** An outcome's files belong to it once the server has it (recorded or kept): their entries are done with. */
async function dropOutcomeFiles(item: QueueItem) {
  if (item.kind === 'outcome') for (const id of item.input.attachmentClientIds) await deleteItem(id);
}

/** True when the request never got an answer from the server (offline, timeout): keep the item and retry. */
function isNetworkFailure(err: unknown): boolean {
  return !(err instanceof TRPCClientError) || !err.data;
}

/** What the server answered for a sent item: the visit's new status and version when it changed one. */
export type SentResult = {
  resultId?: string;
  status?: string;
  version?: number;
  checkInAt?: string;
  checkInDistanceM?: number;
  checkInFlagged?: boolean;
  outcomeCode?: string;
  outcomeVersion?: number;
};

async function send(client: Client, item: QueueItem): Promise<SentResult> {
  switch (item.kind) {
    case 'enRoute':
      return client.field.enRoute.mutate(item.input);
    case 'checkIn': {
      const res = await client.field.checkIn.mutate(item.input);
      return { ...res, checkInDistanceM: res.distanceM, checkInFlagged: res.flagged };
    }
    case 'attachment':
      return { resultId: (await client.field.uploadAttachment.mutate(item.input)).id };
    case 'outcome': {
      const { attachmentClientIds, ...rest } = item.input;
      const attachmentIds = attachmentClientIds.map((id) => {
        const sent = items.find((i) => i.clientId === id);
        if (!sent?.resultId) throw new Error('attachment not sent yet');
        return sent.resultId;
      });
      const res = await client.field.recordOutcome.mutate({ ...rest, attachmentIds });
      await dropOutcomeFiles(item);
      return {
        status: res.visitStatus,
        version: res.visitVersion,
        outcomeCode: rest.code,
        outcomeVersion: res.version,
      };
    }
  }
}

/** Tries the queue again after the current delay, then doubles it; none while the browser knows it is offline. */
function retryLater(client: Client) {
  if (retryTimer !== undefined || (typeof navigator !== 'undefined' && navigator.onLine === false)) return;
  retryTimer = setTimeout(() => {
    retryTimer = undefined;
    void flush(client);
  }, retryDelay);
  retryDelay = Math.min(retryDelay * 2, retryBackoff.maxMs);
}

/** Cancels a pending retry and starts the next backoff from its first delay (offline again, or the page left). */
export function stopRetrying(): void {
  clearTimeout(retryTimer);
  retryTimer = undefined;
  retryDelay = retryBackoff.firstMs;
}

/**
 * Sends every pending item in order; stops at the first network failure and keeps the rest for later. Asked while
 * a flush runs, it runs once more after it: the running one may have failed on the network this call reports back,
 * and dropping the call would leave the queue waiting for the next `online` event. Stopped by a network failure, it
 * tries again by itself later (`retryBackoff`); a flush that reached the server starts the backoff over.
 */
export async function flush(client: Client): Promise<void> {
  if (syncing) {
    askedAgain = true;
    return;
  }
  syncing = true;
  emit();
  let sent = 0;
  let unanswered = false;
  try {
    for (const item of await readQueue()) {
      if (item.state !== 'pending') continue;
      try {
        const result = await send(client, item);
        // Hand the answer to the screen before the item leaves the queue, so the stop never flips back.
        for (const f of sentListeners) f(item, result);
        if (item.kind === 'attachment') await putItem({ ...item, state: 'done', resultId: result.resultId });
        else await deleteItem(item.clientId);
        sent++;
      } catch (err) {
        if (isNetworkFailure(err)) {
          unanswered = true;
          break;
        }
        if (wasKept(err)) {
          // Nothing is lost: the server holds the record for the dispatcher; the phone says which visit and why.
          await dropOutcomeFiles(item);
          await putItem({ ...item, state: 'kept', error: err instanceof Error ? err.message : String(err) });
          sent++;
          await reload();
          continue;
        }
        // The server refused it (a rule): show why instead of retrying forever.
        const fieldErrors =
          err instanceof TRPCClientError ? (err.data?.fieldErrors as Record<string, string>) : undefined;
        await putItem({
          ...item,
          state: 'failed',
          error: err instanceof Error ? err.message : String(err),
          fieldErrors,
        });
      }
      await reload();
    }
  } finally {
    syncing = false;
    await reload();
    if (sent > 0) for (const f of afterSync) f();
  }
  if (askedAgain) {
    askedAgain = false;
    await flush(client);
  } else if (unanswered) retryLater(client);
  else stopRetrying();
}

/**
 * Queues an action and tries to send it right away. Answers 'sent', 'queued' (no network: it waits), 'kept'
 * (the server kept it for the dispatcher; the sync panel says why) or the server's reason when it refused it.
 */
export async function enqueue(
  client: Client,
  action: QueuedAction & { visitId: string },
  clientId = newClientId(),
): Promise<
  { state: 'sent' | 'queued' | 'kept' } | { state: 'failed'; error: string; fieldErrors: Record<string, string> }
> {
  await putItem(newItem(action, clientId));
  await reload();
  await flush(client);
  const left = items.find((i) => i.clientId === clientId);
  if (!left || left.state === 'done') return { state: 'sent' };
  if (left.state === 'kept') return { state: 'kept' };
  if (left.state === 'failed') return { state: 'failed', error: left.error ?? '', fieldErrors: left.fieldErrors ?? {} };
  return { state: 'queued' };
}

export async function dismiss(clientId: string) {
  await deleteItem(clientId);
  await reload();
}

/** Runs `f` after a sync delivered something (e.g. refetch the route). */
export function onSynced(f: () => void): () => void {
  afterSync.add(f);
  return () => afterSync.delete(f);
}

function subscribe(l: () => void) {
  listeners.add(l);
  if (listeners.size === 1) void reload();
  return () => listeners.delete(l);
}

let snapshot = { items, syncing };
function getSnapshot() {
  if (snapshot.items !== items || snapshot.syncing !== syncing) snapshot = { items, syncing };
  return snapshot;
}

/** The queue as React state: what is waiting, what failed, whether a sync is running. */
export function useQueue() {
  return useSyncExternalStore(subscribe, getSnapshot);
}
