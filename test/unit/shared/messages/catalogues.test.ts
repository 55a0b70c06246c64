import { describe, expect, it } from 'vitest';
import { CONFLICT_REASON_WORDS, FIELD_RECORD_WORDS, RESOLVE_WORDS } from '../../../../shared/domain/field-conflicts';
import { type AppErrorCode, ERROR_DEFS, formatErrorMessage } from '../../../../shared/errors';
import { HISTORY_MESSAGES } from '../../../../shared/history/messages';
import { type Catalogue, LOCALES, placeholders, translate } from '../../../../shared/messages/catalogue';
import { EXPORT_HEADERS, EXPORT_VALUES } from '../../../../shared/messages/exports';
import { PLAN_REASONS } from '../../../../shared/messages/plan-reasons';
import { VIOLATION_MESSAGES } from '../../../../shared/messages/violations';

/** Every catalogue the server writes user-facing text from. */
const CATALOGUES: Record<string, Catalogue> = {
  errors: ERROR_DEFS,
  violations: VIOLATION_MESSAGES,
  planReasons: PLAN_REASONS,
  history: HISTORY_MESSAGES,
  fieldRecords: FIELD_RECORD_WORDS,
  conflictReasons: CONFLICT_REASON_WORDS,
  resolveWords: RESOLVE_WORDS,
  exportHeaders: EXPORT_HEADERS,
  exportValues: EXPORT_VALUES,
};

describe('message catalogues', () => {
  for (const [name, catalogue] of Object.entries(CATALOGUES)) {
    it(`${name}: every code has a text in every language, with the same placeholders`, () => {
      const entries = Object.entries(catalogue);
      expect(entries.length).toBeGreaterThan(0);
      for (const [code, message] of entries) {
        for (const locale of LOCALES) expect(message[locale].trim(), `${code} ${locale}`).not.toBe('');
        expect(placeholders(message['zh-CN']).sort(), code).toEqual(placeholders(message.en).sort());
      }
    });

    it(`${name}: a crew is 外访组 in Chinese, as the screens call it`, () => {
      const texts = Object.values(catalogue).map((m) => m['zh-CN']);
      expect(texts.filter((t) => t.includes('小队'))).toEqual([]);
    });
  }

  it('every error code the server can emit resolves to a filled sentence in both languages', () => {
    for (const code of Object.keys(ERROR_DEFS) as AppErrorCode[]) {
      const params = Object.fromEntries(placeholders(ERROR_DEFS[code].en).map((p) => [p, `<${p}>`]));
      for (const locale of LOCALES) {
        const text = formatErrorMessage(code, locale, params);
        expect(text, `${code} ${locale}`).not.toMatch(/\{\w+\}/);
        expect(text).toBe(translate(ERROR_DEFS, code, locale, params));
      }
    }
  });

  it('fills placeholders and shows one without a value instead of dropping it', () => {
    const cat: Catalogue<'X'> = { X: { en: 'From {a} to {b}', 'zh-CN': '从 {a} 到 {b}' } };
    expect(translate(cat, 'X', 'en', { a: 1, b: 2 })).toBe('From 1 to 2');
    expect(translate(cat, 'X', 'zh-CN', { a: 1 })).toBe('从 1 到 {b}');
  });
});
