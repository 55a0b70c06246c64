/** Saved versions of the message templates (message_templates): the newest of a kind and language is in use. */
import { desc, eq, sql } from 'drizzle-orm';
import { messageTemplates, users } from '../../../drizzle/schema';
import type { DbOrTx, Tx } from '../../db/client';

/**
 * Inserts the next version of a kind's text in a language (the newest + 1), numbered under a lock of the kind
 * and language held until the transaction ends: two admins saving at once get consecutive versions, never the
 * same one (message_templates_version_uq).
 */
export async function insertNextVersion(
  tx: Tx,
  row: { kind: string; locale: string; body: string; createdBy: string; createdAt: Date },
) {
  await tx.execute(
    sql`select pg_advisory_xact_lock(hashtextextended(${`message_templates:${row.kind}:${row.locale}`}, 0))`,
  );
  const next = sql<number>`(select coalesce(max(${messageTemplates.version}), 0) + 1 from ${messageTemplates}
    where ${messageTemplates.kind} = ${row.kind} and ${messageTemplates.locale} = ${row.locale})`;
  const [created] = await tx
    .insert(messageTemplates)
    .values({ ...row, version: next })
    .returning({ id: messageTemplates.id, version: messageTemplates.version });
  if (!created) throw new Error('insertNextVersion: no row returned');
  return created;
}

/** Who saved each kind's and language's newest version, and when (the list shows it next to the text). */
export function findNewestSaves(db: DbOrTx) {
  return db
    .selectDistinctOn([messageTemplates.kind, messageTemplates.locale], {
      kind: messageTemplates.kind,
      locale: messageTemplates.locale,
      version: messageTemplates.version,
      savedAt: messageTemplates.createdAt,
      savedByName: users.displayName,
    })
    .from(messageTemplates)
    .leftJoin(users, eq(users.id, messageTemplates.createdBy))
    .orderBy(messageTemplates.kind, messageTemplates.locale, desc(messageTemplates.version));
}
