/**
 * Service tokens (SPEC §8.3, issue #15): an admin creates one for a lender's nightly job — the secret shown
 * once, stored as its SHA-256 only, scoped to teams, expiring — lists them without secrets, and revokes them.
 */
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import * as s from '../../drizzle/schema';
import { hashToken } from '../../server/modules/intake/tokens.service';
import { appCode, failure, fieldErrorsOf } from './helpers/calls';
import { clientAnswer } from './helpers/client-error';
import { setUpTokenFixture, tokenKey } from './helpers/token-fixture';

const fx = setUpTokenFixture();

describe('service tokens', () => {
  it('create shows the secret once, stores only its hash and prefix, and audits without the secret', async () => {
    const input = {
      idempotencyKey: tokenKey('create'),
      name: 'core banking',
      teamIds: [fx.teams.sh1],
      expiresInDays: 90,
    };
    const at = new Date('2026-11-30T10:00:00Z');
    const created = await fx.asAdmin('en', at).tokens.create(input);
    expect(created.token).toMatch(/^dst_[A-Za-z0-9_-]{43}$/);
    expect(created.prefix).toBe(created.token?.slice(0, 12));
    expect(created.expiresAt).toBe('2027-02-28T10:00:00.000Z');

    const [row] = await fx.handle.db.select().from(s.serviceTokens).where(eq(s.serviceTokens.id, created.id));
    expect(row?.tokenHash).toBe(hashToken(created.token as string));
    expect(row?.teamIds).toEqual([fx.teams.sh1]);
    // The secret is nowhere in the database: not the token row, the idempotency store or the audit log.
    const everywhere = JSON.stringify([
      await fx.handle.db.select().from(s.serviceTokens),
      await fx.handle.db.select().from(s.idempotencyKeys),
      await fx.handle.db.select().from(s.auditLog),
    ]);
    expect(everywhere).not.toContain((created.token as string).slice(4));
    const audit = await fx.handle.db.select().from(s.auditLog).where(eq(s.auditLog.entityId, created.id));
    expect(audit.map((a) => a.action)).toEqual(['serviceToken.create']);
    expect(audit[0]?.after).toMatchObject({ name: 'core banking', prefix: created.prefix, teamIds: [fx.teams.sh1] });

    // A replay (a lost answer, a double click) names the same token but cannot show the secret again.
    const replay = await fx.asAdmin('en', at).tokens.create(input);
    expect(replay).toEqual({ ...created, token: null });
    expect(
      await fx.handle.db.select().from(s.serviceTokens).where(eq(s.serviceTokens.name, 'core banking')),
    ).toHaveLength(1);
    // The same key with another body is refused, in the caller's language.
    const en = await failure(fx.asAdmin('en').tokens.create({ ...input, name: 'another job' }));
    const zh = await failure(fx.asAdmin('zh-CN').tokens.create({ ...input, name: 'another job' }));
    expect(appCode(en)).toBe('IDEMPOTENCY_KEY_BODY_CHANGED');
    expect(en.code).toBe('CONFLICT');
    expect(zh.message).not.toBe(en.message);
    expect(Object.keys(fieldErrorsOf(en))).toEqual(['idempotencyKey']);
  });

  it('list shows name, prefix, teams, creator, dates and last use — never the secret or its hash', async () => {
    const made = await fx.newToken([fx.teams.sh1, fx.teams.bj2]);
    const list = await fx.asAdmin().tokens.list();
    const item = list.find((t) => t.id === made.id);
    expect(item).toMatchObject({
      name: 'nightly sync',
      prefix: made.token.slice(0, 12),
      createdBy: 'token.admin',
      revokedAt: null,
      lastUsedAt: null,
    });
    expect(item?.teams.map((t) => t.code)).toEqual(['BJ2', 'SH1']);
    expect(typeof item?.expiresAt).toBe('string');
    expect(JSON.stringify(list)).not.toContain(made.token);
    expect(JSON.stringify(list)).not.toContain(hashToken(made.token));
  });

  it('revoke stamps the token once, is idempotent and audited; an unknown token is NOT_FOUND', async () => {
    const made = await fx.newToken();
    const k = tokenKey('revoke');
    const first = await fx.asAdmin().tokens.revoke({ id: made.id, idempotencyKey: k });
    expect(await fx.asAdmin().tokens.revoke({ id: made.id, idempotencyKey: k })).toEqual(first);
    // Revoking it again under a new key changes nothing and says when it was revoked.
    expect(await fx.asAdmin().tokens.revoke({ id: made.id, idempotencyKey: tokenKey('again') })).toEqual(first);
    const audit = await fx.handle.db.select().from(s.auditLog).where(eq(s.auditLog.entityId, made.id));
    expect(audit.map((a) => a.action).sort()).toEqual(['serviceToken.create', 'serviceToken.revoke']);
    const [row] = await fx.handle.db.select().from(s.serviceTokens).where(eq(s.serviceTokens.id, made.id));
    expect(row?.revokedBy).toBe(fx.admin.id);

    const missing = { id: '00000000-0000-4000-8000-000000000000', idempotencyKey: tokenKey('missing') };
    const en = await clientAnswer(fx.handle, fx.asAdmin().tokens.revoke(missing), 'en');
    const zh = await clientAnswer(
      fx.handle,
      fx.asAdmin('zh-CN').tokens.revoke({ ...missing, idempotencyKey: tokenKey('m') }),
      'zh-CN',
    );
    expect(en.code).toBe('NOT_FOUND');
    expect(en.message).toBe('Not found: service token.');
    expect(zh.message).toBe('未找到：服务令牌。');
  });

  it('refuses a lifetime outside 1..366 days, no teams, and an unknown team, naming the field in both languages', async () => {
    const base = { name: 'x', teamIds: [fx.teams.sh1], expiresInDays: 30 };
    for (const [change, field] of [
      [{ expiresInDays: 0 }, 'expiresInDays'],
      [{ expiresInDays: 367 }, 'expiresInDays'],
      [{ teamIds: [] as string[] }, 'teamIds'],
      [{ name: '' }, 'name'],
    ] as const) {
      const input = { ...base, ...change };
      const en = await clientAnswer(
        fx.handle,
        fx.asAdmin('en').tokens.create({ ...input, idempotencyKey: tokenKey('v') }),
        'en',
      );
      const zh = await clientAnswer(
        fx.handle,
        fx.asAdmin('zh-CN').tokens.create({ ...input, idempotencyKey: tokenKey('v') }),
        'zh-CN',
      );
      expect(en.code).toBe('BAD_REQUEST');
      expect(Object.keys(en.fieldErrors)).toContain(field);
      expect(zh.fieldErrors[field]).not.toBe(en.fieldErrors[field]);
    }
    const unknown = { ...base, teamIds: ['00000000-0000-4000-8000-000000000001'] };
    const en = await failure(fx.asAdmin('en').tokens.create({ ...unknown, idempotencyKey: tokenKey('u') }));
    expect(appCode(en)).toBe('NOT_FOUND');
    expect(Object.keys(fieldErrorsOf(en))).toEqual(['teamIds']);
  });

  it('is for admins only', async () => {
    const err = await failure(fx.asDispatcher().tokens.list());
    expect(err.code).toBe('FORBIDDEN');
  });
});
