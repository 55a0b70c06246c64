import type { CheckInInput, EnRouteInput, RecordOutcomeInput, UploadAttachmentInput } from '@shared/schemas/field';

/**
 * What the agent did on the phone, kept in IndexedDB until the server has it. Every item carries a
 * client-generated id the server deduplicates on, so sending an item twice (a flaky network, a reload in
 * the middle of a sync) never records it twice.
 */
export type QueuedAction =
  | { kind: 'enRoute'; input: EnRouteInput }
  | { kind: 'checkIn'; input: CheckInInput }
  | { kind: 'attachment'; input: UploadAttachmentInput }
  | {
      kind: 'outcome';
      // Attachments queued offline have no server id yet: the outcome names them by client id.
      input: Omit<RecordOutcomeInput, 'attachmentIds'> & { attachmentClientIds: string[] };
    };

export type QueueItem = QueuedAction & {
  clientId: string;
  visitId: string;
  seq: number;
  queuedAt: string;
  /**
   * pending: waiting to be sent; failed: refused (a rule to fix); done: a sent file an outcome still refers to;
   * kept: the visit had changed under the crew, so the server kept the record for the dispatcher (`error` is its
   * sentence naming the visit and what happened) — shown until the agent has read it.
   */
  state: 'pending' | 'failed' | 'done' | 'kept';
  error?: string;
  fieldErrors?: Record<string, string>;
  /** Server id of a sent attachment, for the outcome that refers to it. */
  resultId?: string;
};

const DB_NAME = 'doorstep-field';
const STORE = 'queue';

function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'clientId' });
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

async function withStore<T>(mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await openDb();
  try {
    return await new Promise<T>((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const req = fn(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(req.result);
      tx.onerror = () => reject(tx.error);
    });
  } finally {
    db.close();
  }
}

export async function readQueue(): Promise<QueueItem[]> {
  const items = await withStore<QueueItem[]>('readonly', (s) => s.getAll() as IDBRequest<QueueItem[]>);
  return items.sort((a, b) => a.seq - b.seq);
}

export function putItem(item: QueueItem): Promise<IDBValidKey> {
  return withStore('readwrite', (s) => s.put(item));
}

export function deleteItem(clientId: string): Promise<undefined> {
  return withStore('readwrite', (s) => s.delete(clientId));
}

/** A new queue item with a fresh client id, ordered after everything queued before it. */
export function newItem(action: QueuedAction & { visitId: string }, clientId: string): QueueItem {
  return { ...action, clientId, seq: Date.now() + Math.random(), queuedAt: new Date().toISOString(), state: 'pending' };
}

/** Empties the queue (sign-out on a shared phone). */
export function clearQueue(): Promise<undefined> {
  return withStore('readwrite', (s) => s.clear());
}
