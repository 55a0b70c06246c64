/**
 * Road travel between two places as the configured provider answered it (server/modules/travel): the planner,
 * the placement rules, the board and the field app read one team-day's pairs from here, so a re-plan or a second
 * app instance does not ask the road engine again. A place is its key: longitude and latitude rounded to 5
 * decimals (~1 m), "lng,lat".
 */
import { sql } from 'drizzle-orm';
import { check, doublePrecision, index, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

export const travelPairs = pgTable(
  'travel_pairs',
  {
    /** `straight-line`, `osrm` or `pgrouting` (with the engine's identity where it matters, e.g. the OSRM base). */
    provider: text('provider').notNull(),
    fromKey: text('from_key').notNull(),
    toKey: text('to_key').notNull(),
    /** Door-to-door seconds; null when the engine found no route (the pair is unreachable). */
    seconds: doublePrecision('seconds'),
    metres: doublePrecision('metres'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.provider, t.fromKey, t.toKey] }),
    index('travel_pairs_created_idx').on(t.createdAt),
    check(
      'travel_pairs_non_negative',
      sql`(${t.seconds} is null or ${t.seconds} >= 0) and (${t.metres} is null or ${t.metres} >= 0)`,
    ),
  ],
);
