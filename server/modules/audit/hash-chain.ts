import { createHash } from 'node:crypto';
import type { OutcomeChainRow } from './audit-verify.repo';

/** JSON with sorted keys, so the same content always hashes the same whatever the key order. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export const GENESIS_HASH = '0'.repeat(64);

/**
 * Link hash: SHA-256 of the previous link and the canonical content of this entry. audit.repo.ts has PostgreSQL
 * compute the same for the entries it writes (the verification recomputes them here).
 */
export function chainHash(prevHash: string, content: unknown): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonicalJson(content)).digest('hex');
}

/** A repayment plan as the outcome's hash covers it: the channel and the instalments in order. */
export interface HashedPlan {
  channel: string;
  instalments: Array<{ dueDate: string; amountCents: number }>;
}

/**
 * What an outcome version's hash covers — the same content `field.recordOutcome` hashes: every recorded
 * field, the repayment plan and the SHA-256 of the linked evidence files, so editing any of them is detectable.
 */
export function outcomeHashContent(
  o: Omit<OutcomeChainRow, 'id' | 'prevHash' | 'hash'>,
  plan: HashedPlan | null,
  files: string[],
) {
  return {
    visitId: o.visitId,
    version: o.version,
    code: o.code,
    idShown: o.idShown,
    recordingRefs: o.recordingRefs,
    identityVerified: o.identityVerified,
    borrowerPresent: o.borrowerPresent,
    attitude: o.attitude,
    assetsObserved: o.assetsObserved,
    notes: o.notes,
    promisedAmountCents: o.promisedAmountCents,
    promisedDate: o.promisedDate,
    signedDocumentRef: o.signedDocumentRef,
    nextAction: o.nextAction,
    recordedBy: o.recordedBy,
    recordedAt: o.recordedAt,
    clientId: o.clientId,
    correctionReason: o.correctionReason,
    plan,
    files: [...files].sort(),
  };
}
