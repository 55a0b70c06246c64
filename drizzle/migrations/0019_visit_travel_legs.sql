ALTER TABLE "visits" ADD COLUMN "travel_leg_m" double precision;--> statement-breakpoint
ALTER TABLE "visits" ADD COLUMN "travel_leg_minutes" integer;--> statement-breakpoint
-- Backfill: each made check-in's leg from the crew-day's previous made check-in, as the outcome writer computes it
-- (server/modules/field/travel-legs.ts with shared/geo.ts haversineM and travelMinutes: the same float8 operations
-- in the same order, so the sums are the dashboard's old ones; test/integration/travel-legs.test.ts runs this
-- statement and compares). From here on the outcome writer keeps them.
UPDATE "visits" SET "travel_leg_m" = l.m,
  "travel_leg_minutes" = ceil(((l.m * 1.4::float8) / 1000::float8) / (25::float8 / 60::float8))::int
FROM (
  SELECT id, 2::float8 * 6371000::float8 * asin(least(1::float8, sqrt(
      sin(((lat - plat) * (pi() / 180)) / 2) * sin(((lat - plat) * (pi() / 180)) / 2)
      + cos(plat * (pi() / 180)) * cos(lat * (pi() / 180))
        * (sin(((lng - plng) * (pi() / 180)) / 2) * sin(((lng - plng) * (pi() / 180)) / 2))))) AS m
  FROM (
    SELECT v.id, a.lat, a.lng,
      lag(a.lat) OVER w AS plat, lag(a.lng) OVER w AS plng
    FROM "visits" v
    JOIN "appointments" ap ON ap.id = v.appointment_id
    JOIN "addresses" a ON a.id = ap.address_id
    WHERE v.status = 'completed' AND v.check_in_at IS NOT NULL AND v.crew_id IS NOT NULL
    WINDOW w AS (PARTITION BY v.crew_id, v.visit_date ORDER BY v.check_in_at, v.id)
  ) AS s
  WHERE plat IS NOT NULL
) AS l
WHERE l.id = "visits"."id";
