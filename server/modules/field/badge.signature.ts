import { createHmac, timingSafeEqual } from 'node:crypto';

/** What a badge's signature covers: the code, whose it is, for which visit and its validity window. */
interface SignedBadge {
  code: string;
  agentId: string;
  visitId: string;
  validFrom: Date;
  validUntil: Date;
}

/**
 * The server's signature of a badge (HMAC-SHA-256 keyed with the session secret, base64url): the phone keeps it
 * with the badge it shows offline and puts it in the QR, and the borrower's check compares it, so a QR whose code
 * or window was altered is not taken for the one the server issued.
 */
export function signBadge(secret: string, b: SignedBadge): string {
  const payload = [
    'doorstep-badge-v1',
    b.code,
    b.agentId,
    b.visitId,
    b.validFrom.toISOString(),
    b.validUntil.toISOString(),
  ];
  return createHmac('sha256', secret).update(payload.join('|')).digest('base64url');
}

/** Whether `signature` is the server's signature of the badge (compared in constant time). */
export function signatureMatches(secret: string, b: SignedBadge, signature: string): boolean {
  const expected = Buffer.from(signBadge(secret, b));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
