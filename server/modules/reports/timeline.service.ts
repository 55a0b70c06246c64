import { AppError } from '../../../shared/errors';
import type { HistoryEntry } from '../../../shared/history/messages';
import { presentBorrowerPii } from '../../../shared/pii';
import type { VisitIdInput } from '../../../shared/schemas/oversight';
import { iso } from '../../../shared/wire';
import type { AuthedContext } from '../../trpc/context';
import { listVisitEvidence } from '../evidence/evidence.service';
import { messageReason, messagesOfVisit } from '../messages/outbox.read';
import { assertTeamAccess } from '../scope';
import { toHistory } from './timeline.history';
import {
  findAcknowledgements,
  findAuditEntries,
  findContactAttempts,
  findOutcomeVersions,
  findSupersededAppointments,
  findVisitComplaints,
  findVisitHeader,
} from './timeline.repo';

/**
 * One thing that happened to a visit; `kind` picks the translated label, `details` fills it. An audit entry
 * also carries its `history` (the facts of its sentence) and keeps its raw change in `details.change`.
 */
export interface TimelineEvent {
  at: string;
  kind: string;
  actor: string | null;
  details: Record<string, string | number | boolean | null>;
  history?: HistoryEntry;
}

/**
 * Everything that happened to a visit, oldest first: notices, the agreed slot, moves, the audit
 * trail (assignments, status changes…), check-in with its distance, outcome versions with their hash,
 * evidence with its SHA-256, complaints, acknowledged exceptions and the borrower messages with their status.
 */
export async function visitTimeline(ctx: AuthedContext, { visitId }: VisitIdInput) {
  const v = await findVisitHeader(ctx.db, visitId);
  if (!v) throw new AppError('NOT_FOUND', { entity: 'visit' });
  assertTeamAccess(ctx.user, v.teamId, 'visit');
  const [notices, moved, versions, files, complaints, acks, sms] = await Promise.all([
    findContactAttempts(ctx.db, v.caseId),
    findSupersededAppointments(ctx.db, v.caseId, v.appointmentId),
    findOutcomeVersions(ctx.db, visitId),
    listVisitEvidence(ctx, visitId),
    findVisitComplaints(ctx.db, visitId),
    findAcknowledgements(ctx.db, visitId),
    messagesOfVisit(ctx.db, { visitId, appointmentId: v.appointmentId }),
  ]);
  const audit = await findAuditEntries(ctx.db, [
    visitId,
    v.appointmentId,
    ...versions.map((o) => o.id),
    ...complaints.map((c) => c.id),
    ...files.map((f) => f.id),
  ]);
  const history = await toHistory(ctx.db, audit, v.timeZone, new Map(versions.map((o) => [o.version, o.code])));
  const ev = (at: Date, kind: string, details: TimelineEvent['details'], actor: string | null = null) => ({
    at: at.toISOString(),
    kind,
    actor,
    details,
  });
  const events: TimelineEvent[] = [
    ...notices.map((n) => ev(n.at, 'notice', { stage: n.stage, channel: n.channel, result: n.result })),
    ...moved.map((m) =>
      ev(m.agreedAt, 'slotReplaced', {
        slotStart: m.slotStart.toISOString(),
        slotEnd: m.slotEnd.toISOString(),
        status: m.status,
      }),
    ),
    ev(v.agreedAt, 'slotAgreed', {
      slotStart: v.slotStart.toISOString(),
      slotEnd: v.slotEnd.toISOString(),
      via: v.agreedVia,
    }),
    ...audit.map((a, i) => ({
      ...ev(
        a.at,
        'audit',
        { action: a.action, entityType: a.entityType, auditId: a.id, change: summarize(a.before, a.after) },
        a.actor,
      ),
      history: history[i],
    })),
    ...(v.checkInAt ? [ev(v.checkInAt, 'checkIn', { distanceM: v.checkInDistanceM, flagged: v.checkInFlagged })] : []),
    ...(v.checkOutAt ? [ev(v.checkOutAt, 'checkOut', {})] : []),
    ...versions.map((o) =>
      ev(
        o.recordedAt,
        'outcome',
        {
          version: o.version,
          code: o.code,
          idShown: o.idShown,
          recordings: o.recordingRefs.length,
          promisedAmountCents: o.promisedAmountCents,
          promisedDate: o.promisedDate,
          correctionReason: o.correctionReason,
          assetsObserved: o.assetsObserved,
          files: o.files,
          hash: o.hash,
        },
        o.recordedBy,
      ),
    ),
    ...files.map((f) =>
      ev(f.uploadedAt, 'attachment', {
        attachmentId: f.id,
        kind: f.kind,
        mimeType: f.mimeType,
        sizeBytes: f.sizeBytes,
        sha256: f.sha256,
        deleted: f.deleted,
        integrity: f.integrity,
        viewable: f.viewable,
      }),
    ),
    ...complaints.flatMap((c) => [
      ev(c.at, 'complaint', { channel: c.channel, status: c.status, text: c.text }),
      ...(c.resolvedAt ? [ev(c.resolvedAt, 'complaintResolved', { resolution: c.resolution })] : []),
    ]),
    ...acks.map((a) => ev(a.at, 'acknowledged', { rule: a.rule, comment: a.comment }, a.by)),
    // A borrower message at the moment it was written, with where it stands now.
    ...sms.map((m) =>
      ev(
        m.createdAt,
        'message',
        {
          messageId: m.id,
          messageKind: m.kind,
          status: m.status,
          statusReason: m.statusReason,
          reasonText: messageReason(m.statusReason, ctx.locale, { channel: m.channel }),
          notBefore: m.notBefore.toISOString(),
          sentAt: iso(m.sentAt),
          deliveredAt: iso(m.deliveredAt),
          failedAt: iso(m.failedAt),
        },
        m.createdByName,
      ),
    ),
  ];
  events.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  const pii = presentBorrowerPii(ctx.user.role, { phone: v.borrowerPhone, idNumber: v.borrowerIdNumber });
  return {
    visit: {
      visitId: v.visitId,
      visitDate: v.visitDate,
      visitType: v.visitType,
      status: v.status,
      loanRef: v.loanRef,
      borrowerName: v.borrowerName,
      borrowerPhone: pii.phone,
      borrowerIdNumber: pii.idNumber,
      addressText: v.addressText,
      crewName: v.crewName,
      agentName: v.agentName,
      slotStart: v.slotStart.toISOString(),
      slotEnd: v.slotEnd.toISOString(),
      timeZone: v.timeZone,
    },
    events,
  };
}

/** "status: assigned → en_route, crewId: … → …" from an audit entry's before/after. */
function summarize(before: unknown, after: unknown): string {
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter(
    (k) => JSON.stringify(b[k]) !== JSON.stringify(a[k]),
  );
  return keys
    .slice(0, 6)
    .map(
      (k) =>
        `${k}: ${b[k] === undefined ? '—' : JSON.stringify(b[k])} → ${a[k] === undefined ? '—' : JSON.stringify(a[k])}`,
    )
    .join('; ');
}
