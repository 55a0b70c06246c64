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

/**
 * Who needs a borrower's phone or ID number in clear (SPEC §4): dispatchers call to reschedule, agents
 * call on arrival and check the ID on a verification visit; managers and admins never need them.
 */
export function borrowerPiiFor(role: Role, visitType?: VisitType) {
  return {
    phone: role === 'dispatcher' || role === 'agent' ? ('clear' as const) : ('masked' as const),
    idNumber: role === 'agent' && visitType === 'verification' ? ('clear' as const) : ('masked' as const),
  };
}

/** Applies the role's PII rule to a borrower's phone and ID number. */
export function presentBorrowerPii(
  role: Role,
  borrower: { phone: string; idNumber: string },
  visitType?: VisitType,
): { phone: string; idNumber: string } {
  const rule = borrowerPiiFor(role, visitType);
  return {
    phone: rule.phone === 'clear' ? borrower.phone : maskPhone(borrower.phone),
    idNumber: rule.idNumber === 'clear' ? borrower.idNumber : maskIdNumber(borrower.idNumber),
  };
}
