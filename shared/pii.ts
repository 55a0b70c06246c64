import type { Role, VisitType } from './domain/constants';

/** "13812345678" → "138****5678"; keeps the first 3 and last 4 digits. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\s+/g, '');
  if (digits.length <= 7) return '*'.repeat(digits.length);
  return `${digits.slice(0, 3)}${'*'.repeat(digits.length - 7)}${digits.slice(-4)}`;
}

/** "310101199001011234" → "310***********1234"; keeps the region prefix and the last 4 characters. */
export function maskIdNumber(id: string): string {
  if (id.length <= 7) return '*'.repeat(id.length);
  return `${id.slice(0, 3)}${'*'.repeat(id.length - 7)}${id.slice(-4)}`;
}

/** Where borrower PII is shown: a screen of the app, or a file that leaves it (CSV, XLSX, print). */
export type PiiUse = 'screen' | 'export';

/**
 * Who needs a borrower's phone or ID number in clear (SPEC §4): dispatchers call to reschedule, agents
 * call on arrival and check the ID on a verification visit; managers and admins never need them. An export
 * is masked for every role: a file is forwarded, stored and printed beyond the app's access rules, and no
 * job done from a file needs the number in clear.
 */
export function borrowerPiiFor(role: Role, visitType?: VisitType, use: PiiUse = 'screen') {
  if (use === 'export') return { phone: 'masked' as const, idNumber: 'masked' as const };
  return {
    phone: role === 'dispatcher' || role === 'agent' ? ('clear' as const) : ('masked' as const),
    idNumber: role === 'agent' && visitType === 'verification' ? ('clear' as const) : ('masked' as const),
  };
}

/** Applies the role's PII rule (for a screen or for an export) to a borrower's phone and ID number. */
export function presentBorrowerPii(
  role: Role,
  borrower: { phone: string; idNumber: string },
  visitType?: VisitType,
  use: PiiUse = 'screen',
): { phone: string; idNumber: string } {
  const rule = borrowerPiiFor(role, visitType, use);
  return {
    phone: rule.phone === 'clear' ? borrower.phone : maskPhone(borrower.phone),
    idNumber: rule.idNumber === 'clear' ? borrower.idNumber : maskIdNumber(borrower.idNumber),
  };
}

/** The phone alone, under the same rule (a list that never shows the ID number does not read it). */
export function presentBorrowerPhone(role: Role, phone: string, visitType?: VisitType, use: PiiUse = 'screen') {
  return presentBorrowerPii(role, { phone, idNumber: '' }, visitType, use).phone;
}

/**
 * The borrower's given name, what the agent's phone shows (a lock screen, a notice) without naming the debtor in
 * full. Chinese names are surname first, so the given name is the rest.
 */
export function givenName(fullName: string): string {
  return fullName.length > 1 ? fullName.slice(1) : fullName;
}
