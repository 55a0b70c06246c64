/** Where a borrower's slot link stands; one answer for the borrower's page, the booking and the case file. */
type LinkState = 'open' | 'used' | 'declined' | 'retired' | 'expired';

export function linkState(
  link: { usedAt: Date | null; declinedAt: Date | null; revokedAt: Date | null; expiresAt: Date },
  now: Date,
): LinkState {
  if (link.usedAt) return 'used';
  if (link.declinedAt) return 'declined';
  if (link.revokedAt) return 'retired';
  return link.expiresAt <= now ? 'expired' : 'open';
}
