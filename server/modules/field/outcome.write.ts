import type { OutcomeCode } from '../../../shared/domain/constants';
import { isIn, OUTCOME_RECORDED } from '../../../shared/domain/visit-lifecycle';
import { AppError, type Locale } from '../../../shared/errors';
import { translate } from '../../../shared/messages/catalogue';
import { OUTCOME_FIELD_MESSAGES, type OutcomeRuleField } from '../../../shared/messages/outcome-fields';
import type { RecordOutcomeInput } from '../../../shared/schemas/field';
import type { DbOrTx } from '../../db/client';
import type { AuthedContext } from '../../trpc/context';
import { appendAudit } from '../audit/audit.service';
import { chainHash, GENESIS_HASH, outcomeHashContent } from '../audit/hash-chain';
import { refreshCasePromises } from '../cases/cases.service';
import type { FieldVisit } from './field.repo';
import { updateVisitIfVersion } from './field.repo';
import {
  findLatestOutcome,
  findOutcomeFiles,
  findVisitAttachments,
  insertOutcome,
  insertOutcomeFiles,
  insertPlan,
  linkAttachments,
  type OutcomeValues,
} from './outcome.repo';
import { refreshCrewDayLegs } from './travel-legs';

// The visit did not take place with the borrower: it ends as missed, not completed.
const MISSED: readonly OutcomeCode[] = ['borrower_absent', 'wrong_address', 'moved'];

const fieldText = (locale: Locale, field: OutcomeRuleField, params: Record<string, unknown> = {}) =>
  translate(OUTCOME_FIELD_MESSAGES, field, locale, params);

function fieldError(locale: Locale, field: OutcomeRuleField): AppError {
  return new AppError('VALIDATION', {}, { [field]: fieldText(locale, field) });
}

const money = (cents: number) => (cents / 100).toFixed(2);
const isRecording = (f: { kind: string }) => f.kind === 'audio' || f.kind === 'video';

type EvidenceFile = { id: string; kind: string; sha256: string };

/** Checks what the schema cannot: the badge was shown, the plan adds up, the evidence is there. */
function assertOutcomeRules(locale: Locale, input: RecordOutcomeInput, files: EvidenceFile[]) {
  if (!input.idShown) {
    throw new AppError('ID_NOT_SHOWN', {}, { idShown: fieldText(locale, 'idShown') });
  }
  if (input.plan && input.promisedAmountCents !== undefined) {
    const sum = input.plan.instalments.reduce((s, i) => s + i.amountCents, 0);
    if (sum !== input.promisedAmountCents) {
      const details = { sum: money(sum), total: money(input.promisedAmountCents) };
      throw new AppError('PLAN_TOTAL_MISMATCH', details, { plan: fieldText(locale, 'plan', details) });
    }
  }
  if (input.recordingMade && !input.recordingRef && !files.some(isRecording)) throw fieldError(locale, 'recordingRef');
  if (input.signedCommitment && !files.some((f) => f.kind === 'document' || f.kind === 'photo')) {
    throw fieldError(locale, 'signedCommitment');
  }
}

/**
 * The files a new version stands on: those the record attaches, plus (for a correction) every file of the
 * version it corrects that the agent did not remove on purpose. Checks that each named file is the visit's and
 * that a removed one was the corrected version's.
 */
async function evidenceOf(
  ctx: AuthedContext,
  tx: DbOrTx,
  visit: FieldVisit,
  input: RecordOutcomeInput,
  corrected: { id: string } | null,
) {
  const added = await findVisitAttachments(tx, visit.id, input.attachmentIds);
  if (added.length !== new Set(input.attachmentIds).size) throw fieldError(ctx.locale, 'attachmentIds');
  const previous = corrected ? await findOutcomeFiles(tx, [corrected.id]) : [];
  const removedIds = new Set(input.removedAttachmentIds ?? []);
  if ([...removedIds].some((id) => !previous.some((f) => f.id === id))) {
    throw fieldError(ctx.locale, 'removedAttachmentIds');
  }
  const removed = previous.filter((f) => removedIds.has(f.id) && !input.attachmentIds.includes(f.id));
  const files: EvidenceFile[] = [...previous.filter((f) => !removedIds.has(f.id))];
  for (const f of added) if (!files.some((x) => x.id === f.id)) files.push(f);
  return { files, added, removed };
}

/** Checks a record's own rules without writing it (a record kept as a conflict is a valid record). */
export async function checkOutcomeRecord(ctx: AuthedContext, tx: DbOrTx, visit: FieldVisit, input: RecordOutcomeInput) {
  const { files } = await evidenceOf(ctx, tx, visit, input, null);
  assertOutcomeRules(ctx.locale, input, files);
}

/** Who recorded the outcome and when (the agent on the phone; a dispatcher's accept applies the agent's record). */
interface OutcomeAuthor {
  recordedBy: string;
  recordedAt: Date;
  /** The kept record an accepted outcome came from, for the audit entry. */
  fromConflictId?: string;
}

/**
 * Writes an outcome version for an on-site visit (or a correction of a recorded one), chained to the previous
 * version by hash; the first version completes the visit. A correction starts from the previous version's files
 * (carried over by reference; a removal is explicit and audited). Two versions computed from the same latest one
 * cannot both land: the second is refused with OUTCOME_CHANGED (checked here, or by
 * outcomes_visit_version_unique at the insert).
 */
export async function writeOutcome(
  ctx: AuthedContext,
  tx: DbOrTx,
  visit: FieldVisit,
  input: RecordOutcomeInput,
  author: OutcomeAuthor,
) {
  const now = ctx.now();
  const latest = await findLatestOutcome(tx, visit.id);
  const correcting = latest !== null && isIn(OUTCOME_RECORDED, visit.status);
  if (!correcting && visit.status !== 'on_site') throw new AppError('OUTCOME_NOT_ALLOWED', { status: visit.status });
  if (correcting && !input.correctionReason) throw fieldError(ctx.locale, 'correctionReason');
  // Corrections are never silently stacked on one the agent has not seen (SPEC §4).
  if (correcting && input.correctsVersion !== undefined && input.correctsVersion !== latest.version) {
    throw new AppError('OUTCOME_CHANGED', { version: latest.version });
  }
  if (!correcting && input.removedAttachmentIds?.length) throw fieldError(ctx.locale, 'removedAttachmentIds');

  const { files, added, removed } = await evidenceOf(ctx, tx, visit, input, correcting ? latest : null);
  assertOutcomeRules(ctx.locale, input, files);

  const version = (latest?.version ?? 0) + 1;
  const prevHash = latest?.hash ?? GENESIS_HASH;
  const documents = files.filter((f) => f.kind === 'document' || f.kind === 'photo');
  const document = input.signedCommitment
    ? (documents.find((f) => f.id === latest?.signedDocumentRef) ??
      documents.find((f) => f.kind === 'document') ??
      documents[0])
    : null;
  const content = {
    visitId: visit.id,
    version,
    code: input.code,
    idShown: input.idShown,
    recordingRefs: [...(input.recordingRef ? [input.recordingRef] : []), ...files.filter(isRecording).map((f) => f.id)],
    identityVerified: input.identityVerified,
    borrowerPresent: input.borrowerPresent,
    attitude: input.attitude ?? null,
    assetsObserved: input.assetsObserved ?? null,
    notes: input.notes ?? null,
    promisedAmountCents: input.promisedAmountCents ?? null,
    promisedDate: input.promisedDate ?? input.plan?.instalments[0]?.dueDate ?? null,
    signedDocumentRef: document?.id ?? null,
    nextAction: input.nextAction,
    recordedBy: author.recordedBy,
    recordedAt: author.recordedAt,
    clientId: input.clientId,
    correctionReason: input.correctionReason ?? null,
  } satisfies Omit<OutcomeValues, 'prevHash' | 'hash'>;
  // The chain covers the evidence too: the files' hashes and the plan are part of what is hashed, built by the
  // same function the verification uses.
  const plan = input.plan ? { channel: input.plan.channel, instalments: input.plan.instalments } : null;
  const hashed = outcomeHashContent(
    content,
    plan,
    files.map((f) => f.sha256),
  );
  const hash = chainHash(prevHash, hashed);
  const outcomeId = await insertOutcome(tx, { ...content, prevHash, hash });
  if (input.plan && input.promisedAmountCents !== undefined) {
    await insertPlan(
      tx,
      visit.id,
      {
        outcomeId,
        caseId: visit.caseId,
        totalCents: input.promisedAmountCents,
        channel: input.plan.channel,
        createdAt: now,
      },
      input.plan.instalments,
    );
  }
  // A new version may make, change or replace a promise: the case's stored earliest unpaid due date follows.
  await refreshCasePromises(tx, visit.caseId);
  await linkAttachments(
    tx,
    outcomeId,
    added.map((f) => f.id),
  );
  await insertOutcomeFiles(
    tx,
    outcomeId,
    files.map((f) => f.id),
  );

  let status = visit.status;
  let visitVersion = visit.version;
  if (!correcting) {
    status = MISSED.includes(input.code) ? 'missed' : 'completed';
    // Check-out never before check-in, whatever the phone's clock said.
    const checkOutAt = visit.checkInAt && visit.checkInAt > author.recordedAt ? visit.checkInAt : author.recordedAt;
    const next = await updateVisitIfVersion(tx, visit.id, visit.version, {
      status,
      checkOutAt,
      updatedBy: ctx.user.id,
      updatedAt: now,
    });
    if (next === null) throw new AppError('VISIT_STATUS_TRANSITION', { from: visit.status, to: status });
    visitVersion = next;
    // A made check-in is a stop of its crew's day: its leg, and the next stop's, follow (travel-legs.ts).
    if (status === 'completed' && visit.checkInAt && visit.crewId) {
      await refreshCrewDayLegs(tx, { crewId: visit.crewId, visitDate: visit.visitDate });
    }
  }
  const from = author.fromConflictId ? { fromConflictId: author.fromConflictId } : {};
  await appendAudit(tx, {
    actorUserId: ctx.user.id,
    teamId: visit.teamId,
    action: correcting ? 'outcome.correct' : 'outcome.record',
    entityType: 'outcome',
    entityId: outcomeId,
    before: correcting ? { outcomeVersion: latest?.version } : { visitStatus: visit.status },
    after: { ...hashed, recordedAt: author.recordedAt.toISOString(), hash, visitStatus: status, ...from },
    at: now,
  });
  if (removed.length > 0) {
    await appendAudit(tx, {
      actorUserId: ctx.user.id,
      teamId: visit.teamId,
      action: 'outcome.files_removed',
      entityType: 'outcome',
      entityId: outcomeId,
      before: { outcomeVersion: latest?.version },
      after: { version, files: removed.map((f) => ({ id: f.id, kind: f.kind, sha256: f.sha256 })) },
      at: now,
    });
  }
  return { outcomeId, visitId: visit.id, version, hash, visitStatus: status, visitVersion };
}
