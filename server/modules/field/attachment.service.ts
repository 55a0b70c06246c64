import { createHash } from 'node:crypto';
import { AppError } from '../../../shared/errors';
import { MAX_ATTACHMENT_BYTES, type UploadAttachmentInput } from '../../../shared/schemas/field';
import { withIsoInstants } from '../../../shared/wire';
import type { AuthedContext } from '../../trpc/context';
import { appendAudit } from '../audit/audit.service';
import { evidenceType } from './attachment.content';
import { findAttachmentByClientId, insertAttachment } from './attachment.repo';
import { storeContentAddressed } from './content-store';
import { loadRecordTarget } from './visit-access';

type AttachmentRow = NonNullable<Awaited<ReturnType<typeof findAttachmentByClientId>>>;

function toDto(row: AttachmentRow) {
  return withIsoInstants(row);
}

/**
 * The answer to a client id that is stored already. The caller's visit was checked first, so a stored file
 * of another visit (perhaps another team's) is only ever refused as taken, never shown; the same id with other
 * bytes is a different upload, refused like any reused idempotency key with a different body.
 */
function replayOf(prior: AttachmentRow, upload: { visitId: string; kind: string; sha256: string }) {
  if (prior.visitId !== upload.visitId) throw new AppError('CLIENT_ID_REUSED', {}, { clientId: 'CLIENT_ID_REUSED' });
  if (prior.sha256 !== upload.sha256 || prior.kind !== upload.kind) {
    throw new AppError('IDEMPOTENCY_KEY_BODY_CHANGED', {}, { clientId: 'IDEMPOTENCY_KEY_BODY_CHANGED' });
  }
  return toDto(prior);
}

/**
 * Stores evidence (photo, audio, signed document) for a visit of the caller's crew — also one the crew had that
 * was taken off it while the phone was offline: evidence made in good faith is kept on the visit whatever became
 * of it (the outcome it belongs to is kept for the dispatcher). A replay with the same client id and bytes answers
 * with the stored file. The bytes must be of the declared kind and type (their signature is checked), so nothing
 * else lands in the evidence store.
 */
export async function uploadAttachment(ctx: AuthedContext, input: UploadAttachmentInput) {
  // Ownership before the idempotent look-up: another crew's client id answers as an unknown visit would.
  const own = (await loadRecordTarget(ctx, ctx.db, input.visitId, false)).visit;
  const bytes = Buffer.from(input.dataBase64, 'base64');
  if (bytes.length > MAX_ATTACHMENT_BYTES) {
    throw new AppError('ATTACHMENT_TOO_LARGE', {
      sizeMb: (bytes.length / 1e6).toFixed(1),
      maxMb: (MAX_ATTACHMENT_BYTES / 1e6).toFixed(1),
    });
  }
  const mimeType = evidenceType(input.kind, input.mimeType, bytes);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const upload = { visitId: own.id, kind: input.kind, sha256 };
  const prior = await findAttachmentByClientId(ctx.db, input.clientId);
  if (prior) return replayOf(prior, upload);
  const storagePath = await storeContentAddressed(ctx.env.DATA_DIR, 'attachments', sha256, bytes);
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const { visit } = await loadRecordTarget(ctx, tx, input.visitId);
    const row = await insertAttachment(tx, {
      visitId: visit.id,
      kind: input.kind,
      mimeType,
      sizeBytes: bytes.length,
      sha256,
      storagePath,
      clientId: input.clientId,
      uploadedBy: ctx.user.id,
      uploadedAt: now,
    });
    if (!row) {
      const again = await findAttachmentByClientId(tx, input.clientId);
      if (!again) throw new AppError('CLIENT_ID_REUSED', {}, { clientId: 'CLIENT_ID_REUSED' });
      return replayOf(again, upload);
    }
    await appendAudit(tx, {
      actorUserId: ctx.user.id,
      teamId: visit.teamId,
      action: 'attachment.upload',
      entityType: 'attachment',
      entityId: row.id,
      after: { visitId: visit.id, kind: input.kind, mimeType, sizeBytes: bytes.length, sha256 },
      at: now,
    });
    return toDto(row);
  });
}
