import { asc, eq } from 'drizzle-orm';
import { attachments, visits } from '../../../drizzle/schema';
import type { DbOrTx } from '../../db/client';

// An attachment with the team and day of its visit: what scoping, the file name and the timeline need.
const columns = {
  id: attachments.id,
  visitId: attachments.visitId,
  teamId: visits.teamId,
  visitDate: visits.visitDate,
  uploadedAt: attachments.uploadedAt,
  kind: attachments.kind,
  mimeType: attachments.mimeType,
  sizeBytes: attachments.sizeBytes,
  sha256: attachments.sha256,
  storagePath: attachments.storagePath,
  deleted: attachments.deleted,
};

const selectEvidence = (db: DbOrTx) =>
  db.select(columns).from(attachments).innerJoin(visits, eq(visits.id, attachments.visitId));

/** One attachment, or undefined. */
export async function findEvidence(db: DbOrTx, attachmentId: string) {
  const [row] = await selectEvidence(db).where(eq(attachments.id, attachmentId)).limit(1);
  return row;
}

/** Every attachment of a visit, oldest first. */
export async function findVisitEvidence(db: DbOrTx, visitId: string) {
  return selectEvidence(db).where(eq(attachments.visitId, visitId)).orderBy(asc(attachments.uploadedAt));
}
