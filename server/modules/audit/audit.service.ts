/** The audit module's entry point for every other module: appending to the hash-chained log (SPEC §6). */
import { is } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import { storableText } from '../../../shared/text';
import { type BeforeCommit, deferToCommit } from '../../db/before-commit';
import type { DbOrTx, Tx } from '../../db/client';
import { type AuditEntryRow, writeLinkedEntries } from './audit.repo';
import { canonicalJson, GENESIS_HASH } from './hash-chain';

interface AuditEntryInput {
  actorUserId: string | null;
  teamId?: string | null;
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
  at: Date;
}

/** The fields a link's hash covers (everything but the id and the hash itself). */
export function auditHashContent(e: AuditEntryRow) {
  return {
    at: e.at.toISOString(),
    actorUserId: e.actorUserId,
    teamId: e.teamId,
    action: e.action,
    entityType: e.entityType,
    entityId: e.entityId,
    before: e.before ?? null,
    after: e.after ?? null,
  };
}

/**
 * A value as jsonb will store and return it, so what is hashed is exactly what is stored. jsonb refuses NUL and
 * lone surrogates; the input blocks keep them out, and this keeps a path they miss from failing the change it
 * records (U+FFFD marks where such a character was).
 */
function toJsonb(value: unknown): unknown {
  if (value === undefined) return null;
  return JSON.parse(JSON.stringify(value, (_key, v) => (typeof v === 'string' ? storableText(v) : v)));
}

/** Links entries to the chain and writes them as the transaction's last statements (audit.repo.ts). */
async function writeLinked(tx: Tx, rows: AuditEntryRow[]): Promise<void> {
  const entries = rows.map((row) => ({ ...row, content: canonicalJson(auditHashContent(row)) }));
  await writeLinkedEntries(tx, entries, GENESIS_HASH);
}

/** A transaction's entries, linked and written as the last thing before its COMMIT. */
const auditChain: BeforeCommit<AuditEntryRow> = { run: writeLinked };

/**
 * Records an entry of the hash-chained audit log; call it inside the transaction of the change it records. The
 * entry is written when the transaction's work is done, just before it commits (with the transaction's other
 * entries, in order): the chain's lock serialises every writer of the system, and taken there it is held for
 * the commit only, not for the rest of the transaction (docs/scale.md, session 32). So a read of the log later
 * in the same transaction does not see it yet; an entry of a savepoint that rolls back is never written. On the
 * pool itself (no transaction) the entry is written at once, in a transaction of its own.
 */
export async function appendAudit(tx: DbOrTx, entry: AuditEntryInput): Promise<void> {
  const row: AuditEntryRow = {
    at: new Date(Math.floor(entry.at.getTime())),
    actorUserId: entry.actorUserId,
    teamId: entry.teamId ?? null,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    before: toJsonb(entry.before),
    after: toJsonb(entry.after),
  };
  if (deferToCommit(tx, auditChain, row)) return;
  // A transaction of a database without the hooks (or past them): linked now, the lock held to its commit.
  if (is(tx, PgTransaction)) return writeLinked(tx as Tx, [row]);
  await tx.transaction((own) => writeLinked(own, [row]));
}
