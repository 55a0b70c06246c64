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
