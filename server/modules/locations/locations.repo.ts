/**
 * The SQL of the "needs a location" queue: a team's borrowers' current addresses without coordinates (the partial
 * index addresses_unlocated_idx holds exactly those), and a pin that only lands on an address still unlocated.
 */
import { and, asc, eq, exists, isNull, sql } from 'drizzle-orm';
import { addresses, borrowers, cases } from '../../../drizzle/schema';
import type { DbOrTx, Tx } from '../../db/client';

const unlocated = and(isNull(addresses.lat), isNull(addresses.supersededAt));
const ofTeam = (teamId: string) =>
  exists(
    sql`(select 1 from ${cases} where ${cases.borrowerId} = ${addresses.borrowerId} and ${cases.teamId} = ${teamId})`,
  );

/** One page of the team's unlocated current addresses, oldest first, with the loan refs of the team's cases. */
export async function findUnlocatedPage(db: DbOrTx, teamId: string, page: number, pageSize: number) {
  const rows = await db
    .select({
      addressId: addresses.id,
      text: addresses.text,
      district: addresses.district,
      borrowerName: borrowers.fullName,
      createdAt: addresses.createdAt,
      loanRefs: sql<string[]>`array(select ${cases.loanRef} from ${cases}
        where ${cases.borrowerId} = ${addresses.borrowerId} and ${cases.teamId} = ${teamId}
        order by ${cases.loanRef})`,
    })
    .from(addresses)
    .innerJoin(borrowers, eq(borrowers.id, addresses.borrowerId))
    .where(and(unlocated, ofTeam(teamId)))
    .orderBy(asc(addresses.createdAt), asc(addresses.id))
    .limit(pageSize)
    .offset(page * pageSize);
  const [count] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(addresses)
    .where(and(unlocated, ofTeam(teamId)));
  return { rows, total: count?.n ?? 0 };
}

/** The address to pin, locked, with the teams whose cases it serves (null when there is no such address). */
export async function lockAddressForPin(tx: Tx, addressId: string) {
  const [row] = await tx
    .select({
      id: addresses.id,
      text: addresses.text,
      lat: addresses.lat,
      lng: addresses.lng,
      supersededAt: addresses.supersededAt,
      teamIds: sql<string[]>`array(select distinct ${cases.teamId} from ${cases}
        where ${cases.borrowerId} = ${addresses.borrowerId})`,
    })
    .from(addresses)
    .where(eq(addresses.id, addressId))
    .limit(1)
    .for('update', { of: addresses });
  return row ?? null;
}

/** Places the address where the dispatcher pinned it; false when it was located meanwhile. */
export async function pinAddressRow(tx: Tx, addressId: string, lat: number, lng: number): Promise<boolean> {
  const done = await tx
    .update(addresses)
    .set({ lat, lng, geocodeSource: 'pinned', geocodeQuality: 'rooftop', verified: true })
    .where(and(eq(addresses.id, addressId), isNull(addresses.lat)))
    .returning({ id: addresses.id });
  return done.length > 0;
}
