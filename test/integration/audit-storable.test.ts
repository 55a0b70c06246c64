/**
 * Defence in depth behind the input blocks (issue #11 defect 2): text that reaches an audit entry's jsonb with
 * a NUL or a lone surrogate — from a path the blocks do not guard — is stored, not a 500, and the chain
 * still verifies.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../drizzle/schema';
import type { DbHandle } from '../../server/db/client';
import { appendAudit } from '../../server/modules/audit/audit.service';
import { verifyAuditChain } from '../../server/modules/audit/audit-verify';
import { createTestDb } from './helpers/db';

describe('appendAudit stores any text it is given', () => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await createTestDb();
  });
  afterAll(async () => handle?.close());

  it('replaces NUL and lone surrogates by U+FFFD in before/after, keeps pairs, and the chain verifies', async () => {
    const entityId = '00000000-0000-4000-8000-00000000a0d1';
    await handle.db.transaction((tx) =>
      appendAudit(tx, {
        actorUserId: null,
        action: 'test.hostile',
        entityType: 'visit',
        entityId,
        before: { note: 'ab\ud800cd', list: ['x\udc00'] },
        after: { note: 'a\u0000b', emoji: 'ok 😀', nested: { deep: '\ud83d' } },
        at: new Date('2026-05-04T08:00:00Z'),
      }),
    );
    const [row] = await handle.db
      .select({ before: auditLog.before, after: auditLog.after })
      .from(auditLog)
      .where(eq(auditLog.entityId, entityId));
    expect(row?.before).toEqual({ note: 'ab\ufffdcd', list: ['x\ufffd'] });
    expect(row?.after).toEqual({ note: 'a\ufffdb', emoji: 'ok 😀', nested: { deep: '\ufffd' } });
    expect(await verifyAuditChain(handle.db)).toEqual({ checked: 1, firstBroken: null });
  });
});
