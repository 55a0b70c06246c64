import { eq } from 'drizzle-orm';
import { attachments } from '../../../drizzle/schema';
import type { DbOrTx } from '../../db/client';

const columns = {
  id: attachments.id,
  visitId: attachments.visitId,
  kind: attachments.kind,
  mimeType: attachments.mimeType,
  sizeBytes: attachments.sizeBytes,
  sha256: attachments.sha256,
  uploadedAt: attachments.uploadedAt,
};

export async function findAttachmentByClientId(db: DbOrTx, clientId: string) {
  const [row] = await db.select(columns).from(attachments).where(eq(attachments.clientId, clientId)).limit(1);
  return row ?? null;
}

/** Inserts the row; null when the client id was taken meanwhile (a concurrent replay). */
export async function insertAttachment(
  tx: DbOrTx,
  row: {
    visitId: string;
    kind: string;
    mimeType: string;
    sizeBytes: number;
    sha256: string;
    storagePath: string;
    clientId: string;
    uploadedBy: string;
    uploadedAt: Date;
  },
) {
  const [inserted] = await tx
    .insert(attachments)
    .values(row)
    .onConflictDoNothing({ target: attachments.clientId })
    .returning(columns);
  return inserted ?? null;
}
