/**
 * The machine API's door (issue #15, docs/import/api.md), through the real HTTP app: who may post a file where,
 * and every refusal with its status, its code and its message in the caller's language — decided before the
 * import runs (the imports themselves: intake-api-import.test.ts).
 */
import { eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import * as s from '../../drizzle/schema';
import { hashPassword } from '../../server/modules/auth/password';
import { onceAcross } from '../../server/modules/idempotency/idempotency.service';
import { MAX_IMPORT_BYTES } from '../../server/modules/intake/intake.parse';
import { AppError, formatErrorMessage } from '../../shared/errors';
import { signInOver } from './helpers/http-app';
import { setUpTokenFixture, tokenKey } from './helpers/token-fixture';

const fx = setUpTokenFixture({ http: true });
const CSV = 'loan_ref,borrower_name\nL-1,Wang\n';
let address = 0;

/** One POST from its own client address (so the per-address limit counts only what a test means it to). */
function post(opts: {
  token?: string | null;
  query?: string;
  type?: string;
  body?: string | Buffer;
  locale?: string;
  headers?: Record<string, string>;
  ip?: string;
}) {
  const headers: Record<string, string> = { 'content-type': opts.type ?? 'text/csv', ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.locale) headers['accept-language'] = opts.locale;
  return fx.app.inject({
    method: 'POST',
    url: `/api/v1/cases/import${opts.query ?? '?team=SH1'}`,
    headers,
    payload: opts.body ?? CSV,
    remoteAddress: opts.ip ?? `10.9.${(++address >> 8) & 255}.${address & 255}`,
  });
}

/** The refusal in English and in Chinese: the same status and code, a translated message. */
async function refusedBoth(send: (locale: string) => Promise<LightMyRequestResponse>, status: number, code: string) {
  const en = await send('en-US,en;q=0.9');
  const zh = await send('zh-CN,zh;q=0.9');
  for (const res of [en, zh]) {
    expect(res.statusCode).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.json().code).toBe(code);
  }
  expect(zh.json().message).not.toBe(en.json().message);
  expect(zh.json().message).toMatch(/[\u4e00-\u9fff]/);
  return { en: en.json() as { code: string; message: string }, zh: zh.json() as { code: string; message: string } };
}

describe('POST /api/v1/cases/import: who may post', () => {
  it('401 for a missing, malformed, unknown, revoked or expired token — the same message for each', async () => {
    const revoked = await fx.newToken();
    await fx.asAdmin().tokens.revoke({ id: revoked.id, idempotencyKey: tokenKey('revoke') });
    // Created 31 days ago for 30 days: expired a day ago.
    const expired = await fx.newToken([fx.teams.sh1], 30, new Date(Date.now() - 31 * 86_400_000));
    const messages = new Set<string>();
    for (const token of [null, 'not-a-token', `dst_${'A'.repeat(43)}`, revoked.token, expired.token]) {
      const { en } = await refusedBoth((locale) => post({ token, locale }), 401, 'API_TOKEN_INVALID');
      messages.add(en.message);
    }
    expect(messages.size).toBe(1);
    const [row] = await fx.handle.db.select().from(s.serviceTokens).where(eq(s.serviceTokens.id, revoked.id));
    expect(row?.lastUsedAt).toBeNull();
  });

  it('never takes the session cookie: a signed-in admin without a bearer token is 401', async () => {
    await fx.handle.db
      .update(s.users)
      .set({ passwordHash: await hashPassword('Cookie-jar-2026') })
      .where(eq(s.users.id, fx.admin.id));
    const { res: signedIn, cookie } = await signInOver(fx.app, 'token.admin', 'Cookie-jar-2026');
    expect(signedIn.statusCode).toBe(200);
    expect(cookie).toMatch(/=./);
    const res = await post({ headers: { cookie } });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('API_TOKEN_INVALID');
  });

  it('403 for a team the token is not scoped to, 404 for an unknown team code', async () => {
    const { token } = await fx.newToken([fx.teams.sh1]);
    const forbidden = await refusedBoth(
      (locale) => post({ token, locale, query: '?team=BJ2' }),
      403,
      'API_TOKEN_TEAM_FORBIDDEN',
    );
    expect(forbidden.en.message).toContain('BJ2');
    const unknown = await refusedBoth((locale) => post({ token, locale, query: '?team=XX9' }), 404, 'API_TEAM_UNKNOWN');
    expect(unknown.zh.message).toContain('XX9');
  });

  it('400 naming the parameter: team missing, flags not true/false, an unknown parameter, a repeated team', async () => {
    const { token } = await fx.newToken();
    const missing = await refusedBoth((locale) => post({ token, locale, query: '' }), 400, 'API_PARAMETER_MISSING');
    expect(missing.en.message).toContain('"team"');
    const flag = await refusedBoth(
      (locale) => post({ token, locale, query: '?team=SH1&dryRun=yes' }),
      400,
      'API_PARAMETER_NOT_BOOLEAN',
    );
    expect(flag.zh.message).toContain('dryRun');
    const all = await refusedBoth(
      (locale) => post({ token, locale, query: '?team=SH1&allOrNothing=1' }),
      400,
      'API_PARAMETER_NOT_BOOLEAN',
    );
    expect(all.en.message).toContain('allOrNothing');
    // A typo must not turn a dry run into a real import.
    const typo = await refusedBoth(
      (locale) => post({ token, locale, query: '?team=SH1&dryrun=true' }),
      400,
      'API_PARAMETER_UNKNOWN',
    );
    expect(typo.en.message).toContain('"dryrun"');
    const twice = await refusedBoth(
      (locale) => post({ token, locale, query: '?team=SH1&team=BJ2' }),
      400,
      'API_PARAMETER_NOT_TEXT',
    );
    expect(twice.en.message).toContain('"team"');
    const source = await refusedBoth(
      (locale) => post({ token, locale, query: `?team=SH1&source=${'x'.repeat(81)}` }),
      400,
      'API_PARAMETER_NOT_TEXT',
    );
    expect(source.en.message).toContain('"source"');
  });

  it('415 for a body that is not CSV or XLSX, 413 for one over the limit, 400 for an empty one', async () => {
    const { token } = await fx.newToken();
    for (const type of ['application/json', 'text/plain', 'multipart/form-data; boundary=x']) {
      const body = type === 'application/json' ? '{"rows":[]}' : CSV;
      const res = await refusedBoth((locale) => post({ token, locale, type, body }), 415, 'API_UNSUPPORTED_MEDIA_TYPE');
      expect(res.en.message).toContain(type.split(';')[0]);
    }
    // Refused on the declared length, before a byte of the body is taken in.
    await refusedBoth(
      (locale) => post({ token, locale, headers: { 'content-length': String(MAX_IMPORT_BYTES + 1) }, body: CSV }),
      413,
      'API_FILE_TOO_LARGE',
    );
    // And on the bytes, when the length was not declared truthfully.
    const big = Buffer.alloc(MAX_IMPORT_BYTES + 1, 0x41);
    const res = await post({ token, body: big, type: 'application/octet-stream' });
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('API_FILE_TOO_LARGE');
    await refusedBoth((locale) => post({ token, locale, body: '' }), 400, 'IMPORT_FILE_EMPTY');
  });

  it('429 after 20 bad tokens from one address, with Retry-After; a good token from elsewhere still gets through', async () => {
    const ip = '10.77.0.1';
    for (let i = 0; i < 20; i++) {
      expect((await post({ token: `dst_guess${i}`, ip })).statusCode).toBe(401);
    }
    const limited = await refusedBoth((locale) => post({ token: 'dst_guess', ip, locale }), 429, 'API_RATE_LIMITED');
    expect(limited.en.message).toMatch(/\d+ min/);
    const again = await post({ token: 'dst_guess', ip });
    expect(Number(again.headers['retry-after'])).toBeGreaterThan(0);
    // Another address with a good token is not held up (it reaches the query check).
    const { token } = await fx.newToken();
    expect((await post({ token, query: '' })).statusCode).toBe(400);
  });
});

describe('GET /api/v1/imports/:runId', () => {
  it('401 without a valid token, 404 (translated) for a run that is not there or not the token’s', async () => {
    const { token } = await fx.newToken();
    const get = (url: string, locale: string, bearer: string | null = token) =>
      fx.app.inject({
        method: 'GET',
        url,
        headers: { 'accept-language': locale, ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
        remoteAddress: `10.8.0.${++address & 255}`,
      });
    await refusedBoth((locale) => get('/api/v1/imports/whatever', locale, null), 401, 'API_TOKEN_INVALID');
    await refusedBoth(
      (locale) => get('/api/v1/imports/00000000-0000-4000-8000-000000000000', locale),
      404,
      'API_IMPORT_RUN_NOT_FOUND',
    );
    await refusedBoth((locale) => get('/api/v1/imports/not-a-uuid', locale), 404, 'API_IMPORT_RUN_NOT_FOUND');
  });
});

describe('onceAcross (the API’s Idempotency-Key store)', () => {
  it('a second request while the first is running is told so; work that fails frees the key; a different request is refused', async () => {
    const opts = { key: `api:test:${tokenKey('k')}`, procedure: 'api.casesImport', requestHash: 'a'.repeat(64) };
    const withCode = { ...opts, inProgress: 'API_IDEMPOTENCY_KEY_IN_PROGRESS' as const };
    let started = false;
    let finish: (v: { runId: string }) => void = () => undefined;
    const first = onceAcross(fx.handle.db, withCode, () => {
      started = true;
      return new Promise<{ runId: string }>((r) => {
        finish = r;
      });
    });
    // The claim is taken before the work starts: wait until the work has been called.
    await expect.poll(() => started).toBe(true);
    const during = await onceAcross(fx.handle.db, withCode, async () => ({ runId: 'second' })).catch((e) => e);
    expect(during).toBeInstanceOf(AppError);
    expect((during as AppError).code).toBe('API_IDEMPOTENCY_KEY_IN_PROGRESS');
    expect(formatErrorMessage('API_IDEMPOTENCY_KEY_IN_PROGRESS', 'zh-CN')).not.toBe(
      formatErrorMessage('API_IDEMPOTENCY_KEY_IN_PROGRESS', 'en'),
    );
    finish({ runId: 'first' });
    expect(await first).toEqual({ runId: 'first' });
    expect(await onceAcross(fx.handle.db, withCode, async () => ({ runId: 'replayed?' }))).toEqual({ runId: 'first' });
    const changed = await onceAcross(fx.handle.db, { ...withCode, requestHash: 'b'.repeat(64) }, async () => ({
      runId: 'x',
    })).catch((e) => e);
    expect((changed as AppError).code).toBe('IDEMPOTENCY_KEY_BODY_CHANGED');

    const failing = { ...withCode, key: `api:test:${tokenKey('f')}` };
    await expect(
      onceAcross(fx.handle.db, failing, async () => {
        throw new AppError('IMPORT_FILE_EMPTY');
      }),
    ).rejects.toThrow(AppError);
    expect(await onceAcross(fx.handle.db, failing, async () => ({ runId: 'retried' }))).toEqual({ runId: 'retried' });
  });
});
