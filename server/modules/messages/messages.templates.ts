/**
 * The texts borrower messages are rendered from (SPEC §8.4): built-in zh-CN and en texts of each kind (version
 * 0) and the versions admins saved (message_templates). The templates editor codes against these signatures.
 */
import type { MessageKind } from '../../../shared/domain/messages';
import { AppError, type Locale } from '../../../shared/errors';
import { BORROWER_MESSAGE_TEXTS } from '../../../shared/messages/borrower-messages';
import type { DbOrTx } from '../../db/client';
import { newestTemplate } from './outbox.repo';

export interface Template {
  kind: MessageKind;
  locale: Locale;
  /** 0: the built-in text. */
  version: number;
  body: string;
}

/** Every message names who sends it and where to complain (SPEC §1: the right to complain). */
const COMMON = ['lender', 'complaint'] as const;
/** A visit's slot and place, and who comes ({crew} a sentence, {badges} the bare numbers). */
const VISIT = ['date', 'window', 'address', 'crew', 'badges'] as const;

/**
 * The variables each kind's text may use. {amountNote} is a sentence naming the overdue amount, or empty
 * unless the team's policy lets messages show it (messagesShowAmount): a third party may read an SMS.
 */
const VARIABLES: Record<MessageKind, readonly string[]> = {
  first_notice: [...COMMON, 'amountNote'],
  appointment_notice: [...COMMON, 'amountNote'],
  slot_link: [...COMMON, 'link'],
  slot_agreed: [...COMMON, ...VISIT],
  reminder: [...COMMON, ...VISIT],
  en_route: [...COMMON, ...VISIT, 'verifyUrl'],
  visit_cancelled: [...COMMON, 'date', 'window', 'address'],
  visit_moved: [...COMMON, ...VISIT, 'oldDate', 'oldWindow'],
};

/** The variables a kind's text may use ({lender}, {date}, {window}, {address}, {crew}, {complaint}, {link} …). */
export function templateVariables(kind: MessageKind): readonly string[] {
  return VARIABLES[kind];
}

/** The built-in text (version 0) of a kind in a language. */
export function builtInTemplate(kind: MessageKind, locale: Locale): Template {
  return { kind, locale, version: 0, body: BORROWER_MESSAGE_TEXTS[kind][locale] };
}

/** The version in use of a kind in a language: the newest saved, or the built-in one. */
export async function currentTemplate(db: DbOrTx, kind: MessageKind, locale: Locale): Promise<Template> {
  const saved = await newestTemplate(db, kind, locale);
  return saved ? { kind, locale, version: saved.version, body: saved.body } : builtInTemplate(kind, locale);
}

const VARIABLE = /\{([^{}]*)\}/g;

/** `body` with its {variables} filled in; an unknown variable is refused (TEMPLATE_UNKNOWN_VARIABLE). */
export function renderTemplate(body: string, vars: Record<string, string>): string {
  return body.replace(VARIABLE, (_whole, name: string) => {
    const value = Object.hasOwn(vars, name) ? vars[name] : undefined;
    if (value === undefined)
      throw new AppError('TEMPLATE_UNKNOWN_VARIABLE', { name }, { body: 'TEMPLATE_UNKNOWN_VARIABLE' });
    return value;
  });
}
