import { AppError } from '../../../shared/errors';
import type { AuthedContext } from '../../trpc/context';
import { appendAudit } from '../audit/audit.service';
import {
  checkIntegrity,
  evidenceFileName,
  mayShowInline,
  openStoredFile,
  servedType,
  storedFilePath,
  storedFileSize,
} from './evidence.files';
import { findEvidence, findVisitEvidence } from './evidence.repo';

// Who may open a visit's evidence: the people who review the visit (its timeline's audience). Agents upload
// from the phone but never read evidence back: their screens show no past evidence, and a lost phone with a
// live session must not become a way to pull borrowers' recordings.
const REVIEWERS = new Set(['manager', 'dispatcher', 'admin']);

/**
 * The evidence file if the caller may see the visit it belongs to; NOT_FOUND for anything else (another
 * team's, an agent's request, a deleted file), so the answer never tells that the file exists.
 */
async function loadVisible(ctx: AuthedContext, attachmentId: string) {
  const row = await findEvidence(ctx.db, attachmentId);
  const visible =
    row &&
    !row.deleted &&
    REVIEWERS.has(ctx.user.role) &&
    (ctx.user.role === 'admin' || ctx.user.teamIds.includes(row.teamId));
  if (!visible) throw new AppError('NOT_FOUND', { entity: 'attachment' });
  return row;
}

/**
 * Opens an evidence file to send, after auditing who opened which file how and when (`attachment.view` for a
 * photo shown in the page, `attachment.download` otherwise). Photos of known raster types may be shown
 * inline; everything else is always a download.
 */
export async function openEvidence(ctx: AuthedContext, input: { attachmentId: string; download: boolean }) {
  const row = await loadVisible(ctx, input.attachmentId);
  const path = storedFilePath(ctx.env.DATA_DIR, row.storagePath);
  const size = await storedFileSize(path);
  if (path === null || size === null) throw new AppError('EVIDENCE_FILE_MISSING', { sha256: row.sha256 });
  const inline = !input.download && mayShowInline(row.kind, row.mimeType);
  const at = ctx.now();
  await ctx.db.transaction((tx) =>
    appendAudit(tx, {
      actorUserId: ctx.user.id,
      teamId: row.teamId,
      action: inline ? 'attachment.view' : 'attachment.download',
      entityType: 'attachment',
      entityId: row.id,
      after: { visitId: row.visitId, kind: row.kind, sha256: row.sha256, ip: ctx.ip },
      at,
    }),
  );
  return {
    stream: openStoredFile(path),
    size,
    contentType: servedType(row.mimeType),
    disposition: inline ? ('inline' as const) : ('attachment' as const),
    filename: evidenceFileName(row),
  };
}

/**
 * A visit's evidence for its timeline (the caller has already been allowed to see the visit): each file with
 * whether its stored bytes still match the recorded hash (the "verified" mark) and whether the page may show
 * it inline. Where a file is stored never leaves the server.
 */
export async function listVisitEvidence(ctx: AuthedContext, visitId: string) {
  const rows = await findVisitEvidence(ctx.db, visitId);
  return Promise.all(
    rows.map(async ({ storagePath, teamId: _team, visitDate: _date, ...f }) => ({
      ...f,
      integrity: await checkIntegrity(ctx.env.DATA_DIR, storagePath, f.sha256),
      viewable: mayShowInline(f.kind, f.mimeType),
    })),
  );
}
