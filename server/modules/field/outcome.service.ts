import type { RecordOutcomeInput, VisitIdInput } from '../../../shared/schemas/field';
import type { AuthedContext } from '../../trpc/context';
import { once } from '../idempotency/idempotency.service';
import { getVisit } from '../visits/visits.service';
import { keepFieldRecord, keptAnswer } from './conflicts.service';
import { decideOutcomeRecord } from './field.records';
import { phoneTime } from './field.service';
import { findOutcomeVersions } from './outcome.repo';
import { checkOutcomeRecord, writeOutcome } from './outcome.write';
import { loadRecordTarget } from './visit-access';

/**
 * Records an outcome version for an on-site visit of the agent's crew, or a correction of a recorded one (see
 * writeOutcome). A replay with the same client id returns the first answer and writes nothing. An outcome made
 * offline for a visit taken off the crew meanwhile (moved, cancelled, missed) is checked, kept as a conflict with
 * its files, and answered FIELD_RECORD_KEPT naming the visit.
 */
export async function recordOutcome(ctx: AuthedContext, input: RecordOutcomeInput) {
  const result = await ctx.db.transaction((tx) =>
    once(ctx, tx, { input, keyField: 'clientId', procedure: 'field.recordOutcome' }, async () => {
      const target = await loadRecordTarget(ctx, tx, input.visitId);
      // When the agent saved it on the phone: an outcome sent later from the offline queue keeps its real time,
      // whether it lands on the visit now or is kept and accepted later.
      const recordedAt = phoneTime(ctx.now(), input.recordedAt);
      if (decideOutcomeRecord(target.visit, target.crewId).kind === 'keep') {
        await checkOutcomeRecord(ctx, tx, target.visit, input);
        const payload = { ...input, recordedAt: recordedAt.toISOString() };
        return keepFieldRecord(ctx, tx, target, { action: 'outcome', payload, clientId: input.clientId, recordedAt });
      }
      return writeOutcome(ctx, tx, target.visit, input, { recordedBy: ctx.user.id, recordedAt });
    }),
  );
  if ('kept' in result) throw await keptAnswer(ctx, result);
  return result;
}

/**
 * Every outcome version of a visit the caller may open (same scope as the visit itself), with what a correction
 * starts from: whether a recording was made (and its typed reference), the signed document, the assets observed
 * and the files the version stands on.
 */
export async function listOutcomeVersions(ctx: AuthedContext, input: VisitIdInput) {
  await getVisit(ctx, { id: input.visitId });
  const rows = await findOutcomeVersions(ctx.db, input.visitId);
  return rows.map(({ planId: _p, recordingRefs, attachments, ...r }) => {
    const fileIds = new Set(attachments.map((a) => a.id));
    return {
      ...r,
      recordedAt: r.recordedAt.toISOString(),
      recordingMade: recordingRefs.length > 0,
      // A typed reference (a recorder's file number) is kept among the recordings' ids; the phone edits it.
      recordingRef: recordingRefs.find((ref) => !fileIds.has(ref)) ?? null,
      signedCommitment: r.signedDocumentRef !== null,
      attachments: attachments.map(({ outcomeId: _o, ...a }) => ({ ...a, uploadedAt: a.uploadedAt.toISOString() })),
      instalments: r.instalments.map(({ planId: _q, ...i }) => i),
    };
  });
}
