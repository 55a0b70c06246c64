import { daysBetween } from './time';

/** Whether an agent's credential covers a local date (SPEC §4: expired or not-yet-valid agents cannot be assigned). */
export function credentialStatus(
  validFrom: string,
  validTo: string,
  onDate: string,
): 'valid' | 'expired' | 'not_yet_valid' {
  if (onDate < validFrom) return 'not_yet_valid';
  if (onDate > validTo) return 'expired';
  return 'valid';
}

/** How many days ahead an admin is warned of a credential running out (SPEC §8.2). */
export const CREDENTIAL_WARNING_DAYS = 14;

/**
 * The warning an agent list shows for a credential: `expired` once its last valid day has passed, `expiring` when
 * that day is within CREDENTIAL_WARNING_DAYS of today (today counts: 14 days left is flagged, 15 is not), else null.
 */
export function credentialFlag(
  validTo: string,
  today: string,
): { kind: 'expired' | 'expiring'; daysLeft: number } | null {
  const daysLeft = daysBetween(today, validTo);
  if (daysLeft < 0) return { kind: 'expired', daysLeft };
  if (daysLeft <= CREDENTIAL_WARNING_DAYS) return { kind: 'expiring', daysLeft };
  return null;
}
