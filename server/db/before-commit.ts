/**
 * Work a transaction defers to its end: run once, after the transaction's work succeeded and just before its
 * COMMIT, with everything deferred to it in the order it was deferred. For work that takes a lock every writer
 * shares (the audit chain's): taken at the end, the lock is held for the commit only, not for the rest of the
 * transaction's statements (docs/scale.md, session 32). The db layer knows no module: a module names its hook.
 *
 * Savepoints (tx.transaction) keep what they deferred when they are released and drop it when they roll back.
 * A transaction run again (retryCollidingTransactions) starts with nothing deferred. An error of a hook fails
 * the transaction: it rolls back whole. Only transactions of a database `runBeforeCommit` was installed on defer;
 * `deferToCommit` says whether the handle is one.
 */
import type { Db, DbOrTx, Tx } from './client';

export interface BeforeCommit<T> {
  /** Runs in the transaction, before its COMMIT, once per round with the items deferred to this hook. */
  run(tx: Tx, items: T[]): Promise<void>;
}

/** A transaction or one of its savepoints; what was deferred in it is dropped when it or an enclosing one rolled back. */
interface Scope {
  parent: Scope | null;
  rolledBack: boolean;
}

interface Deferred {
  hook: BeforeCommit<unknown>;
  item: unknown;
  scope: Scope;
}

/** One outer transaction's queue, shared by its savepoints; `closed` once its hooks have run. */
interface Queue {
  items: Deferred[];
  closed: boolean;
}

type Open = WeakMap<object, { queue: Queue; scope: Scope }>;
/**
 * The open transactions, one registry per process even when modules are loaded twice (a test's second "process",
 * vi.resetModules): a transaction wrapped by one copy is found by the other's deferToCommit.
 */
const REGISTRY = Symbol.for('doorstep.db.before-commit');
const registry = globalThis as { [REGISTRY]?: Open };
const open: Open = registry[REGISTRY] ?? new WeakMap();
registry[REGISTRY] = open;

/**
 * Defers `item` to `hook` at the end of the transaction `tx` belongs to. False when `tx` is not an open
 * transaction of a database with runBeforeCommit (the pool itself, or a transaction whose hooks already ran):
 * the caller then does the work itself.
 */
export function deferToCommit<T>(tx: DbOrTx, hook: BeforeCommit<T>, item: T): boolean {
  const at = open.get(tx);
  if (!at || at.queue.closed) return false;
  at.queue.items.push({ hook: hook as BeforeCommit<unknown>, item, scope: at.scope });
  return true;
}

function kept(scope: Scope): boolean {
  for (let s: Scope | null = scope; s; s = s.parent) if (s.rolledBack) return false;
  return true;
}

/** Registers `tx` with its scope and makes its savepoints register theirs. */
function track(tx: Tx, queue: Queue, parent: Scope | null): void {
  const scope: Scope = { parent, rolledBack: false };
  open.set(tx, { queue, scope });
  const savepoint = tx.transaction.bind(tx);
  tx.transaction = (async (work: (sub: Tx) => Promise<unknown>) => {
    let inner: Tx | undefined;
    try {
      return await savepoint((sub) => {
        inner = sub;
        track(sub, queue, scope);
        return work(sub);
      });
    } catch (err) {
      const at = inner && open.get(inner);
      if (at) at.scope.rolledBack = true;
      throw err;
    }
  }) as Tx['transaction'];
}

/** Runs the hooks of what is deferred, each once per round in the order first deferred to; hooks may defer more. */
async function runDeferred(tx: Tx, queue: Queue): Promise<void> {
  while (queue.items.length > 0) {
    const byHook = new Map<BeforeCommit<unknown>, unknown[]>();
    for (const d of queue.items.splice(0)) {
      if (!kept(d.scope)) continue;
      const items = byHook.get(d.hook);
      if (items) items.push(d.item);
      else byHook.set(d.hook, [d.item]);
    }
    for (const [hook, items] of byHook) await hook.run(tx, items);
  }
  queue.closed = true;
}

/** Makes every transaction of `db` run what was deferred to its end before it commits (install once per db). */
export function runBeforeCommit(db: Db): void {
  const run = db.transaction.bind(db);
  db.transaction = ((work: (tx: Tx) => Promise<unknown>, config?: Parameters<Db['transaction']>[1]) =>
    run(async (tx) => {
      const queue: Queue = { items: [], closed: false };
      track(tx, queue, null);
      const result = await work(tx);
      await runDeferred(tx, queue);
      return result;
    }, config)) as Db['transaction'];
}
