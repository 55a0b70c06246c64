import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog } from '../../drizzle/schema';
import { createCaller } from '../../server/trpc/root';
import { appCode, failure } from './helpers/calls';
import { clientAnswer, clientView } from './helpers/client-error';
import { makeContext } from './helpers/db';
import { setUpDemoCity } from './helpers/demo-city';

/**
 * The templates editor (SPEC §8.4, issue #16 part 2): admins read each kind's text in use, preview a text with
 * sample values and save it as a new version; a text the outbox could not render is refused naming the field.
 */
describe('message templates: list, preview, save', () => {
  const city = setUpDemoCity();
  const admin = (locale: 'en' | 'zh-CN' = 'en') => createCaller(makeContext(city.handle, city.users.admin, { locale }));
  let n = 0;
  const key = () => `tpl-${++n}-${Date.now()}`;

  it('lists every kind in both languages with the text in use and its variables (built-in version 0)', async () => {
    const list = await admin().outbox.templates();
    expect(list).toHaveLength(16);
    const agreed = list.find((t) => t.kind === 'slot_agreed' && t.locale === 'zh-CN');
    expect(agreed?.version).toBe(0);
    expect(agreed?.body.length).toBeGreaterThan(0);
    expect(agreed?.variables.length).toBeGreaterThan(0);
    expect(agreed?.savedAt).toBeNull();
  });

  it('previews a text with sample values filled in for each of its variables', async () => {
    const { variables } = (await admin().outbox.templates()).find((t) => t.kind === 'slot_agreed') ?? { variables: [] };
    const body = `Visit ${variables.map((v) => `{${v}}`).join(' / ')}`;
    const preview = await admin().outbox.previewTemplate({ kind: 'slot_agreed', locale: 'en', body });
    expect(preview.text.startsWith('Visit ')).toBe(true);
    expect(preview.text).not.toMatch(/\{[a-z_]+\}/i);
    expect(preview.length).toBe([...preview.text].length);
  });

  it('refuses an unknown variable, naming the field, in the caller’s language; saving it too', async () => {
    const input = { kind: 'reminder' as const, locale: 'en' as const, body: 'Hello {nonsense}' };
    const err = await failure(admin().outbox.previewTemplate(input));
    expect(err.code).toBe('BAD_REQUEST');
    expect(appCode(err)).toBe('TEMPLATE_UNKNOWN_VARIABLE');
    const en = clientView(city.handle, err, 'en');
    const zh = clientView(city.handle, err, 'zh-CN');
    expect(Object.keys(en.fieldErrors)).toEqual(['body']);
    expect(zh.fieldErrors.body).not.toBe(en.fieldErrors.body);
    const save = await failure(admin().outbox.saveTemplate({ ...input, idempotencyKey: key() }));
    expect(appCode(save)).toBe('TEMPLATE_UNKNOWN_VARIABLE');
    expect((await admin().outbox.templates()).find((t) => t.kind === 'reminder' && t.locale === 'en')?.version).toBe(0);
  });

  it('refuses hostile text with a 4xx naming the field: NUL, a lone surrogate, 100k characters', async () => {
    const cases: Array<[string, string]> = [
      ['Hi\u0000there', 'TEXT_CONTROL_CHAR'],
      ['Hi \ud800 there', 'TEXT_LONE_SURROGATE'],
      ['x'.repeat(100_000), 'TEXT_TOO_LONG'],
    ];
    for (const [body, code] of cases) {
      for (const call of [
        (l: 'en' | 'zh-CN') => admin(l).outbox.previewTemplate({ kind: 'first_notice', locale: 'en', body }),
        (l: 'en' | 'zh-CN') =>
          admin(l).outbox.saveTemplate({ kind: 'first_notice', locale: 'en', body, idempotencyKey: key() }),
      ]) {
        const en = await clientAnswer(city.handle, call('en'), 'en');
        const zh = await clientAnswer(city.handle, call('zh-CN'), 'zh-CN');
        expect(en.code, code).toBe('BAD_REQUEST');
        expect(Object.keys(en.fieldErrors), code).toEqual(['body']);
        expect(zh.fieldErrors.body, code).not.toBe(en.fieldErrors.body);
        const err = await failure(call('en'));
        expect(JSON.stringify(err.cause), code).toContain(code);
      }
    }
    expect((await admin().outbox.templates()).find((t) => t.kind === 'first_notice')?.version).toBe(0);
  });

  it('saves a new version, in use from then on, audited; a retry with the same key saves nothing more', async () => {
    const { variables } = (await admin().outbox.templates()).find((t) => t.kind === 'en_route') ?? { variables: [] };
    const body = `我们已出发 {${variables[0]}}`;
    const k = key();
    const saved = await admin().outbox.saveTemplate({ kind: 'en_route', locale: 'zh-CN', body, idempotencyKey: k });
    expect(saved.version).toBe(1);
    expect(await admin().outbox.saveTemplate({ kind: 'en_route', locale: 'zh-CN', body, idempotencyKey: k })).toEqual(
      saved,
    );
    const row = (await admin().outbox.templates()).find((t) => t.kind === 'en_route' && t.locale === 'zh-CN');
    expect(row).toMatchObject({ version: 1, body, savedByName: city.users.admin.displayName });
    expect((await admin().outbox.templates()).find((t) => t.kind === 'en_route' && t.locale === 'en')?.version).toBe(0);
    const audit = await city.handle.db.select().from(auditLog).where(eq(auditLog.entityId, saved.id));
    expect(audit.map((a) => a.action)).toEqual(['message_template.save']);
    expect(audit[0]?.after).toMatchObject({ kind: 'en_route', locale: 'zh-CN', version: 1, body });
  });

  it('two admins saving at once get versions 1 and 2, no server error', async () => {
    const { variables } = (await admin().outbox.templates()).find((t) => t.kind === 'visit_moved') ?? { variables: [] };
    const body = (who: string) => `${who}: {${variables[0]}}`;
    const [a, b] = await Promise.all([
      admin().outbox.saveTemplate({ kind: 'visit_moved', locale: 'en', body: body('A'), idempotencyKey: key() }),
      admin().outbox.saveTemplate({ kind: 'visit_moved', locale: 'en', body: body('B'), idempotencyKey: key() }),
    ]);
    expect([a.version, b.version].sort()).toEqual([1, 2]);
    const newest = a.version === 2 ? body('A') : body('B');
    expect((await admin().outbox.templates()).find((t) => t.kind === 'visit_moved' && t.locale === 'en')).toMatchObject(
      { version: 2, body: newest },
    );
  });
});
