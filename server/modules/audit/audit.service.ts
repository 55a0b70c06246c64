/** The audit module's entry point for every other module: appending to the hash-chained log (SPEC §6). */
import { storableText } from '../../../shared/text';
import type { DbOrTx } from '../../db/client';
import { findLastAuditHash, insertAuditEntry, lockAuditChain } from './audit.repo';
import { chainHash, GENESIS_HASH } from './hash-chain';

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
export function auditHashContent(e: {
  at: Date;
  actorUserId: string | null;
  teamId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
}) {
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

/** Appends an entry to the hash-chained audit log; call it inside the transaction of the change it records. */
export async function appendAudit(tx: DbOrTx, entry: AuditEntryInput): Promise<void> {
  await lockAuditChain(tx);
  const prevHash = (await findLastAuditHash(tx)) ?? GENESIS_HASH;
  const before = toJsonb(entry.before);
  const after = toJsonb(entry.after);
  const at = new Date(Math.floor(entry.at.getTime()));
  const row = {
    at,
    actorUserId: entry.actorUserId,
    teamId: entry.teamId ?? null,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    before,
    after,
  };
  await insertAuditEntry(tx, { ...row, prevHash, hash: chainHash(prevHash, auditHashContent(row)) });
}
