/**
 * The texts borrower messages are rendered from (SPEC §8.4): built-in zh-CN and en texts of each kind (version
 * 0) and the versions admins saved (message_templates). Owned by the outbox slice; the signatures below are
 * what the templates editor codes against.
 */
import type { MessageKind } from '../../../shared/domain/messages';
import type { Locale } from '../../../shared/errors';
import type { DbOrTx } from '../../db/client';

export interface Template {
  kind: MessageKind;
  locale: Locale;
  /** 0: the built-in text. */
  version: number;
  body: string;
}

/** The variables a kind's text may use ({lender}, {date}, {window}, {address}, {badges}, {complaint}, {link} …). */
export function templateVariables(_kind: MessageKind): readonly string[] {
  throw new Error('templateVariables: not built yet');
}

/** The version in use of a kind in a language: the newest saved, or the built-in one. */
export async function currentTemplate(_db: DbOrTx, _kind: MessageKind, _locale: Locale): Promise<Template> {
  throw new Error('currentTemplate: not built yet');
}

/** `body` with its {variables} filled in; an unknown variable is refused (TEMPLATE_UNKNOWN_VARIABLE). */
export function renderTemplate(_body: string, _vars: Record<string, string>): string {
  throw new Error('renderTemplate: not built yet');
}
