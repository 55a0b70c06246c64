import { and, asc, desc, eq, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import {
  appointments,
  attachments,
  cases,
  instalments,
  outcomeAttachments,
  outcomes,
  repaymentPlans,
  users,
  visits,
} from '../../../drizzle/schema';
import type { OutcomeCode } from '../../../shared/domain/constants';
import type { DbOrTx } from '../../db/client';

/** The newest version of a visit's outcome (the link the next version chains to). */
export async function findLatestOutcome(db: DbOrTx, visitId: string) {
  const [row] = await db
    .select({
      id: outcomes.id,
      version: outcomes.version,
      hash: outcomes.hash,
      signedDocumentRef: outcomes.signedDocumentRef,
    })
    .from(outcomes)
    .where(eq(outcomes.visitId, visitId))
    .orderBy(desc(outcomes.version))
    .limit(1);
  return row ?? null;
}

export interface OutcomeValues {
  visitId: string;
  version: number;
  code: OutcomeCode;
  idShown: boolean;
  recordingRefs: string[];
  identityVerified: boolean;
  borrowerPresent: boolean;
  attitude: string | null;
  assetsObserved: string | null;
  notes: string | null;
  promisedAmountCents: number | null;
  promisedDate: string | null;
  signedDocumentRef: string | null;
  nextAction: string | null;
  recordedBy: string;
  recordedAt: Date;
  clientId: string;
  correctionReason: string | null;
  prevHash: string;
  hash: string;
}

/**
 * A promise's team is its case's team: the one way the outcome writer and the backfill below read it (a case
 * never changes team, so what they store cannot drift; docs/scale.md, session 23).
 */
const caseTeam = (caseId: SQL | string) => sql`(select c.team_id from ${cases} c where c.id = ${caseId})`;
const visitCaseTeam = (visitId: SQL | string) =>
  caseTeam(sql`(select a.case_id from ${visits} v join ${appointments} a on a.id = v.appointment_id
    where v.id = ${visitId})`);

/**
 * Inserts an outcome version and makes it the visit's current one (visits.current_outcome_id and the facts the
 * reports count, copied from it): a version is always the newest, since (visit_id, version) is unique and each is
 * the latest plus one.
 */
export async function insertOutcome(tx: DbOrTx, values: OutcomeValues): Promise<string> {
  // The team of the visit's case goes with the outcome (outcomes.team_id: the promise's scope, read by its index).
  const [row] = await tx
    .insert(outcomes)
    .values({ ...values, teamId: visitCaseTeam(values.visitId) })
    .returning({ id: outcomes.id });
  if (!row) throw new Error('outcome insert returned nothing');
  await tx
    .update(visits)
    .set({
      currentOutcomeId: row.id,
      outcomeCode: values.code,
      outcomePresent: values.borrowerPresent,
      outcomePromisedCents: values.promisedAmountCents,
      // A new version has no plan yet: insertPlan, in the same transaction, adds one.
      outcomeHasPlan: false,
    })
    .where(eq(visits.id, values.visitId));
  return row.id;
}

/**
 * Points every visit at its newest outcome version and copies that version's counted facts and whether it has a plan,
 * for rows written without the outcome writer (the seed inserts whole tables; migrations 0018, 0024 and 0026 did the
 * same in SQL).
 */
export async function writeVisitOutcomesFromHistory(db: DbOrTx): Promise<void> {
  await db.execute(sql`update ${visits} set current_outcome_id = o.id, outcome_code = o.code,
      outcome_present = o.borrower_present, outcome_promised_cents = o.promised_amount_cents,
      outcome_has_plan = exists (select 1 from ${repaymentPlans} rp where rp.outcome_id = o.id)
    from (select distinct on (visit_id) id, visit_id, code, borrower_present, promised_amount_cents
      from ${outcomes} order by visit_id, version desc) as o
    where o.visit_id = ${visits.id}`);
}

/**
 * A repayment plan of the visit's outcome version `plan.outcomeId` (the one insertOutcome just made current), with its
 * instalments numbered from 1; the visit then counts as a plan agreed (visits.outcome_has_plan).
 */
export async function insertPlan(
  tx: DbOrTx,
  visitId: string,
  plan: { outcomeId: string; caseId: string; totalCents: number; channel: string; createdAt: Date },
  items: Array<{ dueDate: string; amountCents: number }>,
): Promise<string> {
  const [row] = await tx.insert(repaymentPlans).values(plan).returning({ id: repaymentPlans.id });
  if (!row) throw new Error('plan insert returned nothing');
  await tx
    .update(visits)
    .set({ outcomeHasPlan: true })
    .where(and(eq(visits.id, visitId), eq(visits.currentOutcomeId, plan.outcomeId)));
  // Each instalment carries its case's team (instalments.team_id, as outcomes.team_id).
  const teamId = caseTeam(plan.caseId);
  await tx.insert(instalments).values(items.map((it, i) => ({ planId: row.id, seq: i + 1, ...it, teamId })));
  return row.id;
}

/**
 * Writes the team of every outcome and instalment that has none, for rows written without the outcome writer (the
 * seed and test fixtures insert whole tables); migration 0020 backfilled the same in SQL.
 */
export async function writePromiseTeamsFromHistory(db: DbOrTx): Promise<void> {
  await db.execute(sql`update ${outcomes} o set team_id = ${visitCaseTeam(sql`o.visit_id`)} where o.team_id is null`);
  await db.execute(sql`update ${instalments} i set team_id = ${caseTeam(sql`rp.case_id`)}
    from ${repaymentPlans} rp where rp.id = i.plan_id and i.team_id is null`);
}

/** The visit's live attachments among `ids`. */
export async function findVisitAttachments(db: DbOrTx, visitId: string, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .select({
      id: attachments.id,
      kind: attachments.kind,
      sha256: attachments.sha256,
      outcomeId: attachments.outcomeId,
    })
    .from(attachments)
    .where(and(eq(attachments.visitId, visitId), inArray(attachments.id, ids), eq(attachments.deleted, false)));
}

const fileColumns = {
  id: attachments.id,
  kind: attachments.kind,
  mimeType: attachments.mimeType,
  sizeBytes: attachments.sizeBytes,
  sha256: attachments.sha256,
  uploadedAt: attachments.uploadedAt,
};

/** The files each of the given outcome versions stands on. */
export async function findOutcomeFiles(db: DbOrTx, outcomeIds: string[]) {
  if (outcomeIds.length === 0) return [];
  return db
    .select({ outcomeId: outcomeAttachments.outcomeId, ...fileColumns })
    .from(outcomeAttachments)
    .innerJoin(attachments, eq(attachments.id, outcomeAttachments.attachmentId))
    .where(inArray(outcomeAttachments.outcomeId, outcomeIds))
    .orderBy(asc(attachments.uploadedAt), asc(attachments.id));
}

/** Names the files an outcome version stands on (new ones and those carried over from the version it corrects). */
export async function insertOutcomeFiles(tx: DbOrTx, outcomeId: string, attachmentIds: string[]): Promise<void> {
  if (attachmentIds.length === 0) return;
  await tx.insert(outcomeAttachments).values(attachmentIds.map((attachmentId) => ({ outcomeId, attachmentId })));
}

/** Files uploaded before the outcome existed now belong to it (already linked files keep their first outcome). */
export async function linkAttachments(tx: DbOrTx, outcomeId: string, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await tx
    .update(attachments)
    .set({ outcomeId })
    .where(and(inArray(attachments.id, ids), isNull(attachments.outcomeId)));
}

/** Every version of a visit's outcome, oldest first, with its plan. */
export async function findOutcomeVersions(db: DbOrTx, visitId: string) {
  const rows = await db
    .select({
      id: outcomes.id,
      version: outcomes.version,
      code: outcomes.code,
      idShown: outcomes.idShown,
      identityVerified: outcomes.identityVerified,
      borrowerPresent: outcomes.borrowerPresent,
      attitude: outcomes.attitude,
      notes: outcomes.notes,
      assetsObserved: outcomes.assetsObserved,
      recordingRefs: outcomes.recordingRefs,
      signedDocumentRef: outcomes.signedDocumentRef,
      promisedAmountCents: outcomes.promisedAmountCents,
      promisedDate: outcomes.promisedDate,
      nextAction: outcomes.nextAction,
      recordedAt: outcomes.recordedAt,
      recordedBy: users.displayName,
      clientId: outcomes.clientId,
      correctionReason: outcomes.correctionReason,
      prevHash: outcomes.prevHash,
      hash: outcomes.hash,
      planId: repaymentPlans.id,
      planTotalCents: repaymentPlans.totalCents,
    })
    .from(outcomes)
    .innerJoin(users, eq(users.id, outcomes.recordedBy))
    .leftJoin(repaymentPlans, eq(repaymentPlans.outcomeId, outcomes.id))
    .where(eq(outcomes.visitId, visitId))
    .orderBy(asc(outcomes.version));
  const planIds = rows.flatMap((r) => (r.planId ? [r.planId] : []));
  const items = planIds.length
    ? await db
        .select({
          planId: instalments.planId,
          seq: instalments.seq,
          dueDate: instalments.dueDate,
          amountCents: instalments.amountCents,
        })
        .from(instalments)
        .where(inArray(instalments.planId, planIds))
        .orderBy(asc(instalments.seq))
    : [];
  const files = await findOutcomeFiles(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({
    ...r,
    instalments: items.filter((i) => i.planId === r.planId),
    attachments: files.filter((f) => f.outcomeId === r.id),
  }));
}
