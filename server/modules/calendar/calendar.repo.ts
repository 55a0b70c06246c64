/** Agents' calendar feeds (SPEC §8.5): the token's SHA-256 only, never the token; and the visits a feed lists. */
import { and, asc, eq, gte, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import {
  addresses,
  agents,
  appointments,
  borrowers,
  calendarFeeds,
  cases,
  crewMembers,
  crews,
  users,
  visits,
} from '../../../drizzle/schema';
import type { DbOrTx, Tx } from '../../db/client';

/** Serialises one agent's creates and revokes, so that two at once leave exactly one live feed. */
export async function lockAgentFeeds(tx: Tx, agentId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`calendar_feeds:${agentId}`}, 0))`);
}

const feedColumns = {
  id: calendarFeeds.id,
  agentId: calendarFeeds.agentId,
  createdAt: calendarFeeds.createdAt,
  lastFetchedAt: calendarFeeds.lastFetchedAt,
};

/** The agent's live (unrevoked) feed, or null. */
export async function findLiveFeed(db: DbOrTx, agentId: string) {
  const [row] = await db
    .select(feedColumns)
    .from(calendarFeeds)
    .where(and(eq(calendarFeeds.agentId, agentId), isNull(calendarFeeds.revokedAt)))
    .limit(1);
  return row ?? null;
}

export async function insertFeed(
  tx: DbOrTx,
  f: { agentId: string; tokenHash: string; createdBy: string; createdAt: Date },
): Promise<string> {
  const [row] = await tx.insert(calendarFeeds).values(f).returning({ id: calendarFeeds.id });
  if (!row) throw new Error('insert calendar feed returned nothing');
  return row.id;
}

export async function setFeedRevoked(tx: DbOrTx, id: string, at: Date): Promise<void> {
  await tx
    .update(calendarFeeds)
    .set({ revokedAt: at })
    .where(and(eq(calendarFeeds.id, id), isNull(calendarFeeds.revokedAt)));
}

/** The live feed a token's hash names, with what the feed needs to know about its agent; null when none. */
export async function findLiveFeedByHash(db: DbOrTx, tokenHash: string) {
  const [row] = await db
    .select({
      id: calendarFeeds.id,
      tokenHash: calendarFeeds.tokenHash,
      agentId: calendarFeeds.agentId,
      teamId: agents.teamId,
      agentName: agents.fullName,
      locale: users.locale,
    })
    .from(calendarFeeds)
    .innerJoin(agents, eq(agents.id, calendarFeeds.agentId))
    .leftJoin(users, eq(users.id, agents.userId))
    .where(and(eq(calendarFeeds.tokenHash, tokenHash), isNull(calendarFeeds.revokedAt)))
    .limit(1);
  return row ?? null;
}

/**
 * Records a fetch, at most once per `every` ms: a calendar app polls often and every poll need not be a write.
 * One statement, so concurrent fetches cannot both decide it is due.
 */
export async function touchFetched(db: DbOrTx, id: string, now: Date, everyMs: number): Promise<void> {
  const due = new Date(now.getTime() - everyMs);
  await db
    .update(calendarFeeds)
    .set({ lastFetchedAt: now })
    .where(
      and(eq(calendarFeeds.id, id), or(isNull(calendarFeeds.lastFetchedAt), lt(calendarFeeds.lastFetchedAt, due))),
    );
}

/**
 * The visits of the crews the agent is a member of on the local dates `from`…`to`, in time order. Only what a
 * calendar event shows is selected: no amounts, ID numbers or phone numbers ever leave this query.
 */
export async function findAgentFeedVisits(db: DbOrTx, agentId: string, from: string, to: string) {
  return db
    .select({
      id: visits.id,
      status: visits.status,
      visitType: visits.visitType,
      version: visits.version,
      updatedAt: visits.updatedAt,
      plannedArrival: visits.plannedArrival,
      serviceMinutes: visits.serviceMinutes,
      slotStart: appointments.slotStart,
      slotEnd: appointments.slotEnd,
      crewId: crews.id,
      crewName: crews.name,
      borrowerName: borrowers.fullName,
      addressText: addresses.text,
      district: addresses.district,
    })
    .from(visits)
    .innerJoin(crewMembers, and(eq(crewMembers.crewId, visits.crewId), eq(crewMembers.agentId, agentId)))
    .innerJoin(crews, eq(crews.id, visits.crewId))
    .innerJoin(appointments, eq(appointments.id, visits.appointmentId))
    .innerJoin(cases, eq(cases.id, appointments.caseId))
    .innerJoin(borrowers, eq(borrowers.id, cases.borrowerId))
    .innerJoin(addresses, eq(addresses.id, appointments.addressId))
    .where(and(gte(visits.visitDate, from), lte(visits.visitDate, to)))
    .orderBy(asc(appointments.slotStart), asc(visits.routePosition), asc(visits.id));
}
export type FeedVisitRow = Awaited<ReturnType<typeof findAgentFeedVisits>>[number];

/** The members of crews by badge number (who comes, as the borrower was told). */
export async function findCrewBadges(db: DbOrTx, crewIds: string[]) {
  if (crewIds.length === 0) return [];
  return db
    .select({ crewId: crewMembers.crewId, badgeNo: agents.badgeNo, isLead: crewMembers.isLead })
    .from(crewMembers)
    .innerJoin(agents, eq(agents.id, crewMembers.agentId))
    .where(inArray(crewMembers.crewId, crewIds))
    .orderBy(asc(crewMembers.crewId), sql`${crewMembers.isLead} desc`, asc(agents.badgeNo));
}
