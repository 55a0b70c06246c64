/**
 * The part of IndexedDB the offline queue uses (open with an upgrade, one object store keyed by a property,
 * getAll / put / delete / clear in a transaction that completes asynchronously), kept in memory, because Node
 * has no IndexedDB and the store under test should run its own reads and writes rather than be stubbed out.
 * Values are structured-cloned in and out, as a browser does.
 */
type Rows = Map<IDBValidKey, unknown>;

function request<T>(run: () => T) {
  const req = { result: undefined as T | undefined, error: null, onsuccess: null as null | (() => void) };
  req.result = run();
  return req;
}

function objectStore(rows: Rows, keyPath: string, done: (req: unknown) => void) {
  const op = <T>(run: () => T) => {
    const req = request(run);
    done(req);
    return req;
  };
  return {
    getAll: () => op(() => [...rows.values()].map((v) => structuredClone(v))),
    put: (value: Record<string, IDBValidKey>) =>
      op(() => {
        rows.set(value[keyPath] as IDBValidKey, structuredClone(value));
        return value[keyPath];
      }),
    delete: (key: IDBValidKey) => op(() => void rows.delete(key)),
    clear: () => op(() => void rows.clear()),
  };
}

/** Installs an empty in-memory `indexedDB` on globalThis. */
export function installMemoryIndexedDb() {
  const databases = new Map<string, Map<string, { keyPath: string; rows: Rows }>>();
  const indexedDB = {
    open(name: string) {
      const isNew = !databases.has(name);
      const stores = databases.get(name) ?? new Map();
      databases.set(name, stores);
      const db = {
        createObjectStore: (store: string, opts: { keyPath: string }) =>
          stores.set(store, { keyPath: opts.keyPath, rows: new Map() }),
        transaction(store: string) {
          const s = stores.get(store);
          if (!s) throw new Error(`no object store ${store}`);
          const tx = {
            oncomplete: null as null | (() => void),
            onerror: null as null | (() => void),
            error: null,
            objectStore: () => objectStore(s.rows, s.keyPath, () => setTimeout(() => tx.oncomplete?.(), 0)),
          };
          return tx;
        },
        close() {},
      };
      const req = {
        result: db,
        error: null,
        onupgradeneeded: null as null | (() => void),
        onsuccess: null as null | (() => void),
        onerror: null,
      };
      setTimeout(() => {
        if (isNew) req.onupgradeneeded?.();
        req.onsuccess?.();
      }, 0);
      return req;
    },
  };
  (globalThis as { indexedDB?: unknown }).indexedDB = indexedDB;
}
