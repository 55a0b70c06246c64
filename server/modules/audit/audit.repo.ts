import type { Tx } from '../../db/client';
import { runInOneMessage, sqlLiteral } from '../../db/one-message';

// Any constant works; it only serialises writers of the chain.
const AUDIT_CHAIN_LOCK = 7_204_611;

// Entries per message: a transaction of an import records thousands.
const ENTRIES_PER_MESSAGE = 100;

/** An entry as stored, before it is linked (the fields its link hash covers). */
export interface AuditEntryRow {
  at: Date;
  actorUserId: string | null;
  teamId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
}

/** An entry ready to link: its columns, and `content`, the canonical JSON its link hash covers (hash-chain.ts). */
type UnlinkedEntry = AuditEntryRow & { content: string };

const jsonb = (value: unknown) =>
  `${sqlLiteral(value === null || value === undefined ? null : JSON.stringify(value))}::jsonb`;

/**
 * One entry's insert, linked by PostgreSQL to the newest entry it sees: prev_hash is that entry's hash (the genesis
 * hash on an empty log), hash is SHA-256 of prev_hash, a line break and `content` — what chainHash computes.
 */
function linkedInsert(e: UnlinkedEntry, genesis: string): string {
  return `insert into audit_log (at, actor_user_id, team_id, action, entity_type, entity_id, before, after, prev_hash, hash)
select ${sqlLiteral(e.at.toISOString())}::timestamptz, ${sqlLiteral(e.actorUserId)}::uuid, ${sqlLiteral(e.teamId)}::uuid,
  ${sqlLiteral(e.action)}, ${sqlLiteral(e.entityType)}, ${sqlLiteral(e.entityId)}, ${jsonb(e.before)}, ${jsonb(e.after)},
  p.h, encode(sha256(convert_to(p.h || E'\\n' || ${sqlLiteral(e.content)}, 'UTF8')), 'hex')
from (select coalesce((select hash from audit_log order by id desc limit 1), ${sqlLiteral(genesis)}) as h) p`;
}

/**
 * Takes the chain's writer lock (held until the transaction ends, so two writers never link to the same entry) and
 * writes the entries linked in order, ids in chain order — in one message to the server (runInOneMessage): each
 * insert, a statement of its own after the lock's, reads the newest entry with a snapshot taken once the lock is
 * held, and the app takes no step while the lock is held but the COMMIT.
 */
export async function writeLinkedEntries(tx: Tx, entries: UnlinkedEntry[], genesis: string): Promise<void> {
  for (let i = 0; i < entries.length; i += ENTRIES_PER_MESSAGE) {
    const inserts = entries.slice(i, i + ENTRIES_PER_MESSAGE).map((e) => linkedInsert(e, genesis));
    await runInOneMessage(tx, i === 0 ? [`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`, ...inserts] : inserts);
  }
}
