/** The built-in message texts and their renderer (SPEC §8.4): every kind in both languages, no stray variable. */
import { describe, expect, it } from 'vitest';
import {
  builtInTemplate,
  renderTemplate,
  templateVariables,
} from '../../../../server/modules/messages/messages.templates';
import { MESSAGE_KINDS } from '../../../../shared/domain/messages';
import { AppError, formatErrorMessage } from '../../../../shared/errors';
import { LOCALES } from '../../../../shared/messages/catalogue';

const sample = (kind: (typeof MESSAGE_KINDS)[number]) =>
  Object.fromEntries(templateVariables(kind).map((name) => [name, `<${name}>`]));

describe('message templates', () => {
  it('every kind has a zh-CN and an en text that uses only its own variables, and always the complaint channel', () => {
    for (const kind of MESSAGE_KINDS) {
      const zh = renderTemplate(builtInTemplate(kind, 'zh-CN').body, sample(kind));
      const en = renderTemplate(builtInTemplate(kind, 'en').body, sample(kind));
      expect(zh, kind).not.toBe(en);
      for (const text of [zh, en]) {
        expect(text, kind).toContain('<complaint>');
        expect(text, kind).toContain('<lender>');
        expect(text, kind).not.toMatch(/[{}]/);
      }
      expect(builtInTemplate(kind, 'en').version).toBe(0);
    }
  });

  it('says what each kind must say: the slot, the address, who comes, the link, the verification page', () => {
    const has = (kind: (typeof MESSAGE_KINDS)[number], names: string[]) => {
      for (const locale of LOCALES) {
        const text = renderTemplate(builtInTemplate(kind, locale).body, sample(kind));
        for (const n of names) expect(text, `${kind} ${locale}`).toContain(`<${n}>`);
      }
    };
    has('slot_agreed', ['date', 'window', 'address', 'crew']);
    has('reminder', ['date', 'window', 'address']);
    has('en_route', ['badges', 'verifyUrl']);
    has('slot_link', ['link']);
    has('visit_moved', ['oldDate', 'oldWindow', 'date', 'window']);
    has('visit_cancelled', ['date', 'window']);
    has('first_notice', ['amountNote']);
    has('appointment_notice', ['amountNote']);
  });

  it('refuses a variable it was not given, naming it, in both languages', () => {
    let caught: unknown;
    try {
      renderTemplate('Hello {name}, you owe {amount}', { name: 'Li' });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(AppError);
    const err = caught as AppError;
    expect(err.code).toBe('TEMPLATE_UNKNOWN_VARIABLE');
    expect(err.fieldErrors).toEqual({ body: 'TEMPLATE_UNKNOWN_VARIABLE' });
    const en = formatErrorMessage(err.code, 'en', err.details);
    const zh = formatErrorMessage(err.code, 'zh-CN', err.details);
    expect(en).toContain('{amount}');
    expect(zh).toContain('{amount}');
    expect(zh).not.toBe(en);
    // A variable a kind does not know is refused even when its value exists elsewhere ({link} in a reminder).
    expect(() => renderTemplate('{link}', sample('reminder'))).toThrow(AppError);
    expect(renderTemplate('{lender}: {lender}', { lender: 'X' })).toBe('X: X');
  });
});
