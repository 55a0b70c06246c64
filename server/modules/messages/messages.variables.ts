/**
 * The values a message's {variables} take, from the facts of its case and visit, in the borrower's language
 * and the team's zone. The debt amount is only ever offered when the team's policy lets messages show it.
 */
import type { MessageKind } from '../../../shared/domain/messages';
import type { TeamPolicy } from '../../../shared/domain/policy-defaults';
import type { Locale } from '../../../shared/errors';
import { BORROWER_MESSAGE_WORDS as WORDS } from '../../../shared/messages/borrower-messages';
import { translate } from '../../../shared/messages/catalogue';
import { localDate, localTime } from '../../../shared/time';
import type { ComplaintChannel } from '../teams/teams.service';
import { templateVariables } from './messages.templates';
import type { VisitFacts } from './outbox.repo';

/** The public page where a borrower checks a badge (client route /verify). */
export const VERIFY_PATH = '/verify';

/** Integer fen as yuan with two decimals and thousands separators (¥12,345.60). */
function yuan(cents: number): string {
  const whole = Math.trunc(cents / 100).toLocaleString('en-US');
  return `¥${whole}.${String(Math.abs(cents) % 100).padStart(2, '0')}`;
}

export interface VariableFacts {
  kind: MessageKind;
  locale: Locale;
  lender: string;
  complaint: ComplaintChannel | null;
  policy: TeamPolicy;
  overdueAmountCents: number;
  visit: VisitFacts | null;
  /** The appointment a moved visit had before. */
  previous: VisitFacts | null;
  origin?: string;
  /** What the caller knows better (a slot link's URL). */
  given: Record<string, string>;
}

const slotOf = (v: VisitFacts, zone: string) => ({
  date: localDate(v.slotStart, zone),
  window: `${localTime(v.slotStart, zone)}–${localTime(v.slotEnd, zone)}`,
});

/** The kind's variables (templateVariables) with their values; those the facts cannot give are left out. */
export function messageVariables(f: VariableFacts): Record<string, string> {
  const word = (code: keyof typeof WORDS, params: Record<string, unknown> = {}) =>
    translate(WORDS, code, f.locale, params);
  const zone = f.policy.timeZone;
  const all: Record<string, string> = {
    ...f.given,
    lender: f.lender,
    complaint: [f.complaint?.phone, f.complaint?.url].filter(Boolean).join(' / '),
    amountNote: f.policy.messagesShowAmount ? word('AMOUNT_NOTE', { amount: yuan(f.overdueAmountCents) }) : '',
    verifyUrl: `${f.origin ?? ''}${VERIFY_PATH}`,
  };
  if (f.visit) {
    const badges = f.visit.badges.join(word('LIST_SEPARATOR'));
    Object.assign(all, slotOf(f.visit, zone), {
      address: f.visit.addressText,
      badges,
      crew: badges ? word('CREW_KNOWN', { badges }) : word('CREW_UNKNOWN'),
    });
  }
  if (f.previous) {
    const old = slotOf(f.previous, zone);
    Object.assign(all, { oldDate: old.date, oldWindow: old.window });
  }
  const allowed = templateVariables(f.kind);
  return Object.fromEntries(Object.entries(all).filter(([name]) => allowed.includes(name)));
}
