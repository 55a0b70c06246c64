/**
 * The outbox's SQL: messages by event, the counts the contact cap needs, opt-outs, templates, and the facts of
 * the visit a message is about. No rules here (messages.rules.ts, messages.service.ts own them).
 */
import { and, asc, desc, eq, getTableColumns, gte, inArray, isNull, lte, ne, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import {
  addresses,
  agents,
  appointments,
  cases,
  contactOptOuts,
  messages,
  messageTemplates,
  teams,
  visits,
} from '../../../drizzle/schema';
import { MOVABLE } from '../../../shared/domain/visit-lifecycle';
import type { DbOrTx } from '../../db/client';

/** The newest saved version of a kind's text in a language; null: none saved (the built-in text is used). */
export async function newestTemplate(db: DbOrTx, kind: string, locale: string) {
  const [row] = await db
    .select({ version: messageTemplates.version, body: messageTemplates.body })
    .from(messageTemplates)
    .where(and(eq(messageTemplates.kind, kind), eq(messageTemplates.locale, locale)))
    .orderBy(desc(messageTemplates.version))
    .limit(1);
  return row ?? null;
}

/** Every column of a message (the screens' read in outbox.read.repo takes the same and who wrote it). */
const messageColumns = getTableColumns(messages);

/** The message of an event (kind, channel, event key); null when none was written. */
export async function findMessageByEvent(db: DbOrTx, kind: string, channel: string, eventKey: string) {
  const [row] = await db
    .select(messageColumns)
    .from(messages)
    .where(and(eq(messages.kind, kind), eq(messages.channel, channel), eq(messages.eventKey, eventKey)))
    .limit(1);
  return row ?? null;
}

/** A message by id; null when unknown. */
export async function findMessage(db: DbOrTx, messageId: string) {
  const [row] = await db.select(messageColumns).from(messages).where(eq(messages.id, messageId)).limit(1);
  return row ?? null;
}

export type MessageRow = NonNullable<Awaited<ReturnType<typeof findMessage>>>;

/** Writes a message unless its event already has one; its id, or null when the event had one. */
export async function insertMessage(db: DbOrTx, row: typeof messages.$inferInsert): Promise<string | null> {
  const [out] = await db
    .insert(messages)
    .values(row)
    .onConflictDoNothing({ target: [messages.kind, messages.channel, messages.eventKey] })
    .returning({ id: messages.id });
  return out?.id ?? null;
}

/**
 * How many messages the borrower was written from `from` up to and including `until`, every kind but the unsent
 * ones (those never reached them), leaving `exceptId` out.
 */
export async function countBorrowerMessages(
  db: DbOrTx,
  q: { borrowerId: string; from: Date; until: Date; exceptId?: string },
): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(messages)
    .where(
      and(
        eq(messages.borrowerId, q.borrowerId),
        gte(messages.createdAt, q.from),
        lte(messages.createdAt, q.until),
        ne(messages.status, 'unsent'),
        q.exceptId ? ne(messages.id, q.exceptId) : undefined,
      ),
    );
  return row?.n ?? 0;
}

const firstAgent = alias(agents, 'first_agent');
const secondAgent = alias(agents, 'second_agent');

/**
 * The facts of an appointment a message tells about: its slot and address and, once its visit has a crew, the
 * badge numbers of the agents coming. Found by the appointment or by its visit; null when unknown.
 */
export async function findVisitFacts(db: DbOrTx, by: { appointmentId?: string | null; visitId?: string | null }) {
  if (!by.visitId && !by.appointmentId) return null;
  const where = by.visitId ? eq(visits.id, by.visitId) : eq(appointments.id, by.appointmentId as string);
  const [row] = await db
    .select({
      appointmentId: appointments.id,
      caseId: appointments.caseId,
      slotStart: appointments.slotStart,
      slotEnd: appointments.slotEnd,
      addressText: addresses.text,
      visitId: visits.id,
      badge1: firstAgent.badgeNo,
      badge2: secondAgent.badgeNo,
    })
    .from(appointments)
    .innerJoin(addresses, eq(addresses.id, appointments.addressId))
    .leftJoin(visits, eq(visits.appointmentId, appointments.id))
    .leftJoin(firstAgent, eq(firstAgent.id, visits.agentId))
    .leftJoin(secondAgent, eq(secondAgent.id, visits.secondAgentId))
    .where(where)
    .limit(1);
  if (!row) return null;
  const { badge1, badge2, ...rest } = row;
  return { ...rest, badges: [badge1, badge2].filter((b): b is string => !!b) };
}

export type VisitFacts = NonNullable<Awaited<ReturnType<typeof findVisitFacts>>>;

/** Whether the borrower's opt-out of the channel is in force. */
export async function hasActiveOptOut(db: DbOrTx, borrowerId: string, channel: string): Promise<boolean> {
  const [row] = await db
    .select({ id: contactOptOuts.id })
    .from(contactOptOuts)
    .where(
      and(
        eq(contactOptOuts.borrowerId, borrowerId),
        eq(contactOptOuts.channel, channel),
        isNull(contactOptOuts.liftedAt),
      ),
    )
    .limit(1);
  return !!row;
}

/** Records an opt-out unless one is in force for the borrower and channel; the one in force's id either way. */
export async function insertOptOut(
  db: DbOrTx,
  row: { borrowerId: string; channel: string; reason: string | null; recordedBy: string; recordedAt: Date },
): Promise<{ id: string; created: boolean }> {
  const [out] = await db
    .insert(contactOptOuts)
    .values(row)
    .onConflictDoNothing({
      target: [contactOptOuts.borrowerId, contactOptOuts.channel],
      where: isNull(contactOptOuts.liftedAt),
    })
    .returning({ id: contactOptOuts.id });
  if (out) return { id: out.id, created: true };
  const [active] = await db
    .select({ id: contactOptOuts.id })
    .from(contactOptOuts)
    .where(
      and(
        eq(contactOptOuts.borrowerId, row.borrowerId),
        eq(contactOptOuts.channel, row.channel),
        isNull(contactOptOuts.liftedAt),
      ),
    );
  return { id: active?.id as string, created: false };
}

/** Lifts the opt-out in force for the borrower and channel; its id, or null when none was in force. */
export async function liftActiveOptOut(
  db: DbOrTx,
  q: { borrowerId: string; channel: string; liftedBy: string; liftedAt: Date },
): Promise<string | null> {
  const [out] = await db
    .update(contactOptOuts)
    .set({ liftedBy: q.liftedBy, liftedAt: q.liftedAt })
    .where(
      and(
        eq(contactOptOuts.borrowerId, q.borrowerId),
        eq(contactOptOuts.channel, q.channel),
        isNull(contactOptOuts.liftedAt),
      ),
    )
    .returning({ id: contactOptOuts.id });
  return out?.id ?? null;
}

/** The teams (all, or one): whose reminders to write. */
export function findTeamIds(db: DbOrTx, teamId?: string) {
  return db
    .select({ id: teams.id })
    .from(teams)
    .where(teamId ? eq(teams.id, teamId) : undefined)
    .orderBy(asc(teams.id));
}

/** The team's visits on a date that are still coming (agreed, not started): each gets a reminder. */
export function findComingVisits(db: DbOrTx, teamId: string, date: string) {
  return db
    .select({ visitId: visits.id, appointmentId: appointments.id, caseId: appointments.caseId })
    .from(visits)
    .innerJoin(appointments, eq(appointments.id, visits.appointmentId))
    .where(
      and(
        eq(visits.teamId, teamId),
        eq(visits.visitDate, date),
        eq(appointments.status, 'agreed'),
        inArray(visits.status, [...MOVABLE]),
      ),
    )
    .orderBy(asc(visits.id));
}

/** The teams that hold a case of the borrower (an opt-out is the borrower's, recorded by any of them). */
export async function findBorrowerTeamIds(db: DbOrTx, borrowerId: string): Promise<string[]> {
  const rows = await db
    .selectDistinct({ teamId: cases.teamId })
    .from(cases)
    .where(eq(cases.borrowerId, borrowerId))
    .orderBy(asc(cases.teamId));
  return rows.map((r) => r.teamId);
}
