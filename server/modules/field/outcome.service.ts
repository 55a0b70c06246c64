import type { OutcomeCode } from '../../../shared/domain/constants';
import { isIn, OUTCOME_RECORDED } from '../../../shared/domain/visit-lifecycle';
import { AppError, type Locale } from '../../../shared/errors';
import type { RecordOutcomeInput, VisitIdInput } from '../../../shared/schemas/field';
import type { AuthedContext } from '../../trpc/context';
import { appendAudit } from '../audit/audit.repo';
import { chainHash, GENESIS_HASH } from '../audit/hash-chain';
import { once } from '../idempotency/idempotency.service';
import { getVisit } from '../visits/visits.service';
import { updateVisitIfVersion } from './field.repo';
import {
  findLatestOutcome,
  findOutcomeVersions,
  findVisitAttachments,
  insertOutcome,
  insertPlan,
  linkAttachments,
  type OutcomeValues,
} from './outcome.repo';
import { loadOwnVisit } from './visit-access';

// The visit did not take place with the borrower: it ends as missed, not completed.
const MISSED: readonly OutcomeCode[] = ['borrower_absent', 'wrong_address', 'moved'];

const FIELD_MESSAGES = {
  recordingRef: { en: 'add the recording reference or attach the audio', 'zh-CN': '请填写录音编号或附上录音' },
  signedCommitment: { en: 'attach a photo of the signed document', 'zh-CN': '请附上签字文件的照片' },
  correctionReason: { en: 'say why the outcome is corrected', 'zh-CN': '请说明更正原因' },
  attachmentIds: { en: 'a file is not attached to this visit', 'zh-CN': '有文件不属于该上门' },
} satisfies Record<string, Record<Locale, string>>;

function fieldError(locale: Locale, field: keyof typeof FIELD_MESSAGES): AppError {
  return new AppError('VALIDATION', {}, { [field]: FIELD_MESSAGES[field][locale] });
}

const money = (cents: number) => (cents / 100).toFixed(2);

/** Checks what the schema cannot: the badge was shown, the plan adds up, the evidence is there. */
function assertOutcomeRules(ctx: AuthedContext, input: RecordOutcomeInput, files: Array<{ kind: string }>) {
  if (!input.idShown) {
    throw new AppError('ID_NOT_SHOWN', {}, { idShown: formatIdShown(ctx.locale) });
  }
  if (input.plan && input.promisedAmountCents !== undefined) {
    const sum = input.plan.instalments.reduce((s, i) => s + i.amountCents, 0);
    if (sum !== input.promisedAmountCents) {
      const details = { sum: money(sum), total: money(input.promisedAmountCents) };
      const msg =
        ctx.locale === 'zh-CN'
          ? `合计 ${details.sum} ≠ ${details.total}`
          : `adds up to ${details.sum}, not ${details.total}`;
      throw new AppError('PLAN_TOTAL_MISMATCH', details, { plan: msg });
    }
  }
  if (input.recordingMade && !input.recordingRef && !files.some((f) => f.kind === 'audio' || f.kind === 'video')) {
    throw fieldError(ctx.locale, 'recordingRef');
  }
  if (input.signedCommitment && !files.some((f) => f.kind === 'document' || f.kind === 'photo')) {
    throw fieldError(ctx.locale, 'signedCommitment');
  }
}

function formatIdShown(locale: Locale) {
  return locale === 'zh-CN' ? '必须先出示工作证' : 'the ID badge must be shown first';
}

/**
 * Records an outcome version for an on-site visit (or a correction of a recorded one), chained to the
 * previous version by hash; the first version completes the visit. A replay with the same client id returns
 * the first answer and writes nothing. Two versions computed from the same latest one cannot both land: the
 * second is refused with OUTCOME_CHANGED (checked here, or by outcomes_visit_version_unique at the insert).
 */
export async function recordOutcome(ctx: AuthedContext, input: RecordOutcomeInput) {
  const now = ctx.now();
  return ctx.db.transaction((tx) =>
    once(ctx, tx, { input, keyField: 'clientId', procedure: 'field.recordOutcome' }, async () => {
      const visit = await loadOwnVisit(ctx, tx, input.visitId);
      const latest = await findLatestOutcome(tx, visit.id);
      const correcting = latest !== null && isIn(OUTCOME_RECORDED, visit.status);
      if (!correcting && visit.status !== 'on_site')
        throw new AppError('OUTCOME_NOT_ALLOWED', { status: visit.status });
      if (correcting && !input.correctionReason) throw fieldError(ctx.locale, 'correctionReason');
      // Corrections are never silently stacked on one the agent has not seen (SPEC §4).
      if (correcting && input.correctsVersion !== undefined && input.correctsVersion !== latest.version) {
        throw new AppError('OUTCOME_CHANGED', { version: latest.version });
      }

      const files = await findVisitAttachments(tx, visit.id, input.attachmentIds);
      if (files.length !== new Set(input.attachmentIds).size) throw fieldError(ctx.locale, 'attachmentIds');
      assertOutcomeRules(ctx, input, files);

      const version = (latest?.version ?? 0) + 1;
      const prevHash = latest?.hash ?? GENESIS_HASH;
      const document = input.signedCommitment ? files.find((f) => f.kind === 'document' || f.kind === 'photo') : null;
      const content = {
        visitId: visit.id,
        version,
        code: input.code,
        idShown: input.idShown,
        recordingRefs: [
          ...(input.recordingRef ? [input.recordingRef] : []),
          ...files.filter((f) => f.kind === 'audio' || f.kind === 'video').map((f) => f.id),
        ],
        identityVerified: input.identityVerified,
        borrowerPresent: input.borrowerPresent,
        attitude: input.attitude ?? null,
        assetsObserved: input.assetsObserved ?? null,
        notes: input.notes ?? null,
        promisedAmountCents: input.promisedAmountCents ?? null,
        promisedDate: input.promisedDate ?? input.plan?.instalments[0]?.dueDate ?? null,
        signedDocumentRef: document?.id ?? null,
        nextAction: input.nextAction,
        recordedBy: ctx.user.id,
        recordedAt: now,
        clientId: input.clientId,
        correctionReason: input.correctionReason ?? null,
      } satisfies Omit<OutcomeValues, 'prevHash' | 'hash'>;
      // The chain covers the evidence too: the files' hashes and the plan are part of what is hashed.
      const hashed = { ...content, plan: input.plan ?? null, files: files.map((f) => f.sha256).sort() };
      const hash = chainHash(prevHash, hashed);
      const outcomeId = await insertOutcome(tx, { ...content, prevHash, hash });
      if (input.plan && input.promisedAmountCents !== undefined) {
        await insertPlan(
          tx,
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
      await linkAttachments(tx, outcomeId, input.attachmentIds);

      let status = visit.status;
      let visitVersion = visit.version;
      if (!correcting) {
        status = MISSED.includes(input.code) ? 'missed' : 'completed';
        const next = await updateVisitIfVersion(tx, visit.id, visit.version, {
          status,
          checkOutAt: now,
          updatedBy: ctx.user.id,
          updatedAt: now,
        });
        if (next === null) throw new AppError('VISIT_STATUS_TRANSITION', { from: visit.status, to: status });
        visitVersion = next;
      }
      await appendAudit(tx, {
        actorUserId: ctx.user.id,
        teamId: visit.teamId,
        action: correcting ? 'outcome.correct' : 'outcome.record',
        entityType: 'outcome',
        entityId: outcomeId,
        before: correcting ? { outcomeVersion: latest?.version } : { visitStatus: visit.status },
        after: { ...hashed, recordedAt: now.toISOString(), hash, visitStatus: status },
        at: now,
      });
      return { outcomeId, visitId: visit.id, version, hash, visitStatus: status, visitVersion };
    }),
  );
}

/** Every outcome version of a visit the caller may open (same scope as the visit itself). */
export async function listOutcomeVersions(ctx: AuthedContext, input: VisitIdInput) {
  await getVisit(ctx, { id: input.visitId });
  const rows = await findOutcomeVersions(ctx.db, input.visitId);
  return rows.map(({ planId: _p, ...r }) => ({
    ...r,
    recordedAt: r.recordedAt.toISOString(),
    instalments: r.instalments.map(({ planId: _q, ...i }) => i),
  }));
}
