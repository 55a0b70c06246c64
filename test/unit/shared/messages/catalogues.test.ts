import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CONFLICT_REASON_WORDS, FIELD_RECORD_WORDS, RESOLVE_WORDS } from '../../../../shared/domain/field-conflicts';
import { type AppErrorCode, ERROR_DEFS, formatErrorMessage } from '../../../../shared/errors';
import { HISTORY_MESSAGES } from '../../../../shared/history/messages';
import { CALENDAR_FEED_WORDS } from '../../../../shared/messages/calendar-feed';
import { type Catalogue, LOCALES, placeholders, translate } from '../../../../shared/messages/catalogue';
import { ENTITY_WORDS } from '../../../../shared/messages/entities';
import { EXPORT_HEADERS, EXPORT_VALUES } from '../../../../shared/messages/exports';
import { OUTCOME_FIELD_MESSAGES } from '../../../../shared/messages/outcome-fields';
import { PLAN_REASONS } from '../../../../shared/messages/plan-reasons';
import { SERVER_WORDS } from '../../../../shared/messages/server-words';
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
  outcomeFields: OUTCOME_FIELD_MESSAGES,
  serverWords: SERVER_WORDS,
  entities: ENTITY_WORDS,
  calendarFeed: CALENDAR_FEED_WORDS,
};

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

/** Every TypeScript file below a folder of the repository, as paths relative to the repository. */
const sourceFiles = (dir: string): string[] =>
  readdirSync(path.join(root, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.join(dir, f));

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

  it('server code writes no Chinese of its own: its texts come from the catalogues in shared/', () => {
    // The demo data is Chinese on purpose (names, addresses); comments may quote a text.
    const files = sourceFiles('server').filter((f) => !f.startsWith(path.join('server', 'db', 'seed')));
    expect(files.length).toBeGreaterThan(50);
    const inline = files.flatMap((f) =>
      readFileSync(path.join(root, f), 'utf8')
        .split('\n')
        .map((line, i) => ({ at: `${f}:${i + 1}`, code: line.replace(/\/\/.*$|^\s*\*.*$/, '') }))
        .filter((l) => /\p{Script=Han}/u.test(l.code))
        .map((l) => l.at),
    );
    expect(inline).toEqual([]);
  });

  it('every thing a server error names (NOT_FOUND {entity}) has its words in ENTITY_WORDS', () => {
    const naming = /entity: '([^']+)'|assertTeamAccess\([^)]*'([^']+)'\)/g;
    const named = sourceFiles('server').flatMap((f) =>
      [...readFileSync(path.join(root, f), 'utf8').matchAll(naming)].map((m) => m[1] ?? m[2] ?? ''),
    );
    expect(new Set(named).size).toBeGreaterThan(5);
    expect([...new Set(named)].filter((e) => !(e in ENTITY_WORDS))).toEqual([]);
  });

  it('fills placeholders and shows one without a value instead of dropping it', () => {
    const cat: Catalogue<'X'> = { X: { en: 'From {a} to {b}', 'zh-CN': '从 {a} 到 {b}' } };
    expect(translate(cat, 'X', 'en', { a: 1, b: 2 })).toBe('From 1 to 2');
    expect(translate(cat, 'X', 'zh-CN', { a: 1 })).toBe('从 1 到 {b}');
  });
});
