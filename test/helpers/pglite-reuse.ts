import { readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import * as schema from '../../drizzle/schema';
import { runBeforeCommit } from '../../server/db/before-commit';
import type { Db, DbHandle } from '../../server/db/client';

/**
 * In-memory PGlite databases started from a migrated snapshot (migrated-snapshot.ts), reused by the test files of
 * one worker: closing a handle puts its database back as it was freshly loaded from the snapshot, and the next
 * file gets it instead of loading the snapshot again (≈2.5 s of CPU per file, most of a small file's time).
 *
 * Freshly loaded means, checked after every reset against the first database loaded from the snapshot:
 * - the same schema: every user object of the catalogs (tables, columns, indexes, constraints, defaults,
 *   functions, types, triggers, views, schemas, extensions, roles), by oid — a test that ran DDL fails the check;
 * - the same rows: every table the migrations left empty is truncated (its identity sequences restarted) and is
 *   empty, and the few rows the migrations wrote (drizzle's journal, pg-boss's version and queues) are put back
 *   when they changed, compared row by row;
 * - the same sequences (every one's last value) and the same session: `discard all` (settings, prepared
 *   statements, cursors, temporary tables, advisory locks, LISTEN), then every setting as loaded.
 * A database that fails the check, or whose reset throws (a transaction left open), is closed and the next file
 * loads the snapshot as before. The handle a file closed is fenced: a query through it (a timer or job worker
 * the file left running) throws as on a closed PGlite and never reaches the next file's rows.
 */

interface Baseline {
  /** Truncates every table the migrations left empty. */
  truncate: string;
  /** The tables the migrations wrote rows into, with those rows as JSON. */
  seeded: Array<{ table: string; rows: string }>;
  /** The fingerprint query and its answer on a database just loaded from the snapshot. */
  fingerprint: string;
  expected: string;
}

const free = new Map<string, PGlite[]>();
const baselines = new Map<string, Promise<Baseline>>();

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
// User objects have oids from FirstNormalObjectId up; a session's temporary schemas stay once made (emptied by
// discard all), so they are left out.
const USER = 16384;
const NOT_TEMP = `(select oid from pg_namespace where nspname like 'pg\\_temp\\_%' or nspname like 'pg\\_toast\\_temp\\_%')`;

/** The catalogs' user rows, sequences, settings, locks and the tables' row counts or rows, as one text. */
function fingerprintQuery(tables: string[], seeded: string[]): string {
  const parts = [
    `select string_agg(concat_ws(',', oid, nspname, nspacl), ';' order by oid) from pg_namespace where oid >= ${USER} and oid not in ${NOT_TEMP}`,
    `select string_agg(concat_ws(',', oid, relname, relnamespace, relkind, relpersistence, reltype, relowner, relacl, reloptions, relispartition, relrowsecurity), ';' order by oid) from pg_class where oid >= ${USER} and relnamespace not in ${NOT_TEMP}`,
    `select string_agg(a::text, ';' order by attrelid, attnum) from pg_attribute a where attrelid >= ${USER} and attrelid not in (select oid from pg_class where relnamespace in ${NOT_TEMP})`,
    `select string_agg(concat_ws(',', indexrelid, indrelid, indkey, indisunique, indisprimary, indexprs, indpred), ';' order by indexrelid) from pg_index where indexrelid >= ${USER}`,
    `select string_agg(concat_ws(',', oid, conname, contype, conrelid, pg_get_constraintdef(oid)), ';' order by oid) from pg_constraint where oid >= ${USER}`,
    `select string_agg(concat_ws(',', oid, adrelid, adnum, pg_get_expr(adbin, adrelid)), ';' order by oid) from pg_attrdef where oid >= ${USER}`,
    `select string_agg(concat_ws(',', oid, proname, pronamespace, md5(prosrc)), ';' order by oid) from pg_proc where oid >= ${USER}`,
    `select string_agg(concat_ws(',', oid, typname, typnamespace), ';' order by oid) from pg_type where oid >= ${USER} and typnamespace not in ${NOT_TEMP}`,
    `select string_agg(concat_ws(',', oid, tgname, tgrelid, tgenabled), ';' order by oid) from pg_trigger where oid >= ${USER}`,
    `select string_agg(concat_ws(',', oid, rulename, ev_class), ';' order by oid) from pg_rewrite where oid >= ${USER}`,
    `select string_agg(concat_ws(',', oid, enumtypid, enumlabel), ';' order by oid) from pg_enum where oid >= ${USER}`,
    `select string_agg(concat_ws(',', oid, polname, polrelid), ';' order by oid) from pg_policy where oid >= ${USER}`,
    `select string_agg(concat_ws(',', extname, extversion), ';' order by extname) from pg_extension`,
    `select string_agg(concat_ws(',', rolname, rolsuper), ';' order by rolname) from pg_roles`,
    `select string_agg(datname, ';' order by datname) from pg_database`,
    `select string_agg(concat_ws(',', schemaname, sequencename, last_value), ';' order by schemaname, sequencename) from pg_sequences`,
    `select string_agg(concat_ws('=', name, setting), ';' order by name) from pg_settings`,
    `select concat_ws(',', (select count(*) from pg_locks where locktype = 'advisory'), (select count(*) from pg_prepared_statements), (select count(*) from pg_cursors), (select count(*) from pg_listening_channels()))`,
    `select concat_ws(',', ${tables.map((t) => `(select count(*) from ${t})`).join(', ')})`,
    ...seeded.map((t) => `select md5(coalesce(string_agg(r::text, ';' order by r::text), '')) from ${t} r`),
  ];
  return `select md5(concat_ws('|', ${parts.map((p) => `(${p})`).join(',\n')})) as fingerprint`;
}

async function fingerprintOf(client: PGlite, query: string): Promise<string> {
  const { rows } = await client.query<{ fingerprint: string }>(query);
  return rows[0]?.fingerprint ?? '';
}

/** Reads what a database just loaded from the snapshot holds: which tables have rows, and its fingerprint. */
async function readBaseline(client: PGlite): Promise<Baseline> {
  // PL/pgSQL defines its settings (plpgsql.*) in pg_settings when a session first runs it, as the visit triggers
  // (migration 0028) do on the first write of visits: loaded before the fingerprint, so a used database still matches.
  await client.exec('do $$ begin end $$');
  const { rows } = await client.query<{ s: string; t: string }>(
    `select schemaname as s, tablename as t from pg_tables
      where schemaname not in ('pg_catalog', 'information_schema') order by 1, 2`,
  );
  const empty: string[] = [];
  const seeded: Baseline['seeded'] = [];
  for (const { s, t } of rows) {
    const table = `${quote(s)}.${quote(t)}`;
    const { rows: json } = await client.query<{ rows: string | null }>(
      `select json_agg(r)::text as rows from ${table} r`,
    );
    const seededRows = json[0]?.rows;
    if (seededRows) seeded.push({ table, rows: seededRows });
    else empty.push(table);
  }
  const fingerprint = fingerprintQuery(
    [...empty, ...seeded.map((s) => s.table)],
    seeded.map((s) => s.table),
  );
  return {
    truncate: empty.length ? `truncate ${empty.join(', ')} restart identity` : '',
    seeded,
    fingerprint,
    expected: await fingerprintOf(client, fingerprint),
  };
}

/** Puts a used database back as the snapshot loaded it; false when that cannot be shown (then it is closed). */
async function reset(client: PGlite, baseline: Baseline): Promise<boolean> {
  try {
    // Alone: a text of several statements is one transaction, and discard all runs outside any.
    await client.exec('discard all');
    await client.exec(baseline.truncate);
    for (const { table, rows } of baseline.seeded) {
      const same = await client.query<{ same: boolean }>(
        `select coalesce((select json_agg(r)::text from ${table} r), '') = $1 as same`,
        [rows],
      );
      if (same.rows[0]?.same) continue;
      await client.transaction(async (tx) => {
        await tx.query(`delete from ${table}`);
        await tx.query(`insert into ${table} select * from json_populate_recordset(null::${table}, $1::json)`, [rows]);
      });
    }
    // Writes the pages of this file's rows out and lets the WAL they filled go, so it does not pile up file after file.
    await client.exec('checkpoint');
    return (await fingerprintOf(client, baseline.fingerprint)) === baseline.expected;
  } catch {
    return false;
  }
}

/** A PGlite as its user sees it until the handle is closed; afterwards every call throws, as on a closed one. */
function fenced(client: PGlite, release: () => Promise<void>): { client: PGlite; closed: () => boolean } {
  let open = true;
  const proxy = new Proxy(client, {
    get(target, prop) {
      if (prop === 'closed') return !open || target.closed;
      if (prop === 'close') {
        return async () => {
          if (!open) return;
          open = false;
          await release();
        };
      }
      const value = Reflect.get(target, prop, target) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (!open) throw new Error('PGlite is closed');
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { client: proxy, closed: () => !open };
}

/**
 * A freshly migrated in-memory database from the snapshot `file`: a database a previous file of this worker
 * closed, put back as the snapshot loaded it, or the snapshot loaded anew.
 */
export async function openReusedPglite(file: string): Promise<DbHandle> {
  const spare = free.get(file);
  let client = spare?.pop();
  if (!client) {
    client = await PGlite.create({ loadDataDir: new Blob([readFileSync(file)]) });
    if (!baselines.has(file)) baselines.set(file, readBaseline(client));
  }
  const baseline = await (baselines.get(file) as Promise<Baseline>);
  const own = client;
  const release = async () => {
    if (await reset(own, baseline)) {
      const list = free.get(file) ?? [];
      list.push(own);
      free.set(file, list);
    } else {
      await own.close();
    }
  };
  const view = fenced(own, release);
  const db = drizzle(view.client, { schema }) as unknown as Db;
  // As openDb sets up its PGlite database: what a transaction defers to its end (the audit chain) runs there.
  runBeforeCommit(db);
  return { db, reportsDb: db, kind: 'pglite', connections: 1, reportsConnections: 1, close: () => view.client.close() };
}

/** How many databases of `file` wait for the next file (for the test of the reuse itself). */
export function spareCount(file: string): number {
  return free.get(file)?.length ?? 0;
}
