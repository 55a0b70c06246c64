import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { AppError } from '../../../shared/errors';
import { MAX_ATTACHMENT_BYTES, type UploadAttachmentInput } from '../../../shared/schemas/field';
import type { AuthedContext } from '../../trpc/context';
import { appendAudit } from '../audit/audit.repo';
import { findAttachmentByClientId, insertAttachment } from './attachment.repo';
import { loadOwnVisit } from './visit-access';

function toDto(row: NonNullable<Awaited<ReturnType<typeof findAttachmentByClientId>>>) {
  return { ...row, uploadedAt: row.uploadedAt.toISOString() };
}

/**
 * Files are content-addressed under DATA_DIR/attachments/<first two hex>/<sha256>: the same bytes are stored
 * once, and the name itself proves the content matches the hash recorded in the database.
 */
async function store(dataDir: string, sha256: string, bytes: Buffer): Promise<string> {
  const rel = join('attachments', sha256.slice(0, 2), sha256);
  const abs = resolve(dataDir, rel);
  if (!existsSync(abs)) {
    await mkdir(resolve(dataDir, 'attachments', sha256.slice(0, 2)), { recursive: true });
    // Write then rename, so a crash never leaves a half-written file under the final name.
    const tmp = `${abs}.${process.pid}.tmp`;
    await writeFile(tmp, bytes);
    await rename(tmp, abs);
  }
  return rel;
}

/** Stores evidence (photo, audio, signed document) for a visit; a replay with the same client id is a no-op. */
export async function uploadAttachment(ctx: AuthedContext, input: UploadAttachmentInput) {
  const prior = await findAttachmentByClientId(ctx.db, input.clientId);
  if (prior) {
    if (prior.visitId !== input.visitId) throw new AppError('CLIENT_ID_REUSED');
    return toDto(prior);
  }
  await loadOwnVisit(ctx, ctx.db, input.visitId);
  const bytes = Buffer.from(input.dataBase64, 'base64');
  if (bytes.length > MAX_ATTACHMENT_BYTES) {
    throw new AppError('ATTACHMENT_TOO_LARGE', {
      sizeMb: (bytes.length / 1e6).toFixed(1),
      maxMb: (MAX_ATTACHMENT_BYTES / 1e6).toFixed(1),
    });
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const storagePath = await store(ctx.env.DATA_DIR, sha256, bytes);
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const visit = await loadOwnVisit(ctx, tx, input.visitId);
    const row = await insertAttachment(tx, {
      visitId: visit.id,
      kind: input.kind,
      mimeType: input.mimeType,
      sizeBytes: bytes.length,
      sha256,
      storagePath,
      clientId: input.clientId,
      uploadedBy: ctx.user.id,
      uploadedAt: now,
    });
    if (!row) {
      const again = await findAttachmentByClientId(tx, input.clientId);
      if (!again || again.visitId !== input.visitId) throw new AppError('CLIENT_ID_REUSED');
      return toDto(again);
    }
    await appendAudit(tx, {
      actorUserId: ctx.user.id,
      teamId: visit.teamId,
      action: 'attachment.upload',
      entityType: 'attachment',
      entityId: row.id,
      after: { visitId: visit.id, kind: input.kind, sizeBytes: bytes.length, sha256 },
      at: now,
    });
    return toDto(row);
  });
}
