/**
 * SQL of the road network `npm run roads:import` loads with osm2pgrouting into its own schema (`roads`), apart from
 * the app's tables and drizzle's migrations: `roads.ways` (edges, travel seconds each way), `roads.ways_vertices_pgr`
 * (junctions) and `roads.network_vertices` (the junctions places are snapped to). Needs PostGIS and pgRouting.
 */
import { sql } from 'drizzle-orm';
import type { LatLng } from '../../../shared/geo';
import type { DbOrTx } from '../../db/client';

/** The schema the network lives in. */
export const ROADS_SCHEMA = 'roads';
/** Where an import loads (osm2pgrouting's --schema) until it has succeeded: a failed import leaves the roads as they were. */
export const ROADS_NEXT_SCHEMA = 'roads_next';

/**
 * The edges pgRouting reads: osm2pgrouting's seconds at each way's speed; a negative cost is a one-way's wrong way.
 * A literal, not a parameter: CREATE TABLE AS takes none.
 */
const edgesOf = (schema: string) =>
  `'select gid as id, source, target, cost_s as cost, reverse_cost_s as reverse_cost from ${schema}.ways'`;

/** A place's nearest junction of the network. */
export interface Snapped {
  vertex: number;
  lng: number;
  lat: number;
}

/** Shortest travel between two junctions (seconds and metres along the same path). */
export interface VertexPair {
  from: number;
  to: number;
  seconds: number;
  metres: number;
}

async function rows<T>(db: DbOrTx, query: ReturnType<typeof sql>): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}

/** A PostgreSQL array literal of numbers (drizzle would spread a JS array into separate parameters). */
const arrayOf = (values: readonly number[]) => `{${values.join(',')}}`;

/**
 * Each place's nearest junction of the main network, in order (KNN on the GiST index). Nearest in degrees, not
 * metres: at Shanghai's latitude a degree east is 0.85 of a degree north, close enough between junctions.
 * Throws when the network was never imported (no table): the caller falls back to straight-line.
 */
export async function snapToNetwork(db: DbOrTx, places: readonly LatLng[]): Promise<Array<Snapped | undefined>> {
  const found = await rows<{ i: number; vertex: string; lng: number; lat: number }>(
    db,
    sql`select p.i, v.id as vertex, st_x(v.the_geom) as lng, st_y(v.the_geom) as lat
        from unnest(${arrayOf(places.map((p) => p.lng))}::float8[], ${arrayOf(places.map((p) => p.lat))}::float8[])
             with ordinality as p(lng, lat, i)
        cross join lateral (
          select id, the_geom from roads.network_vertices
          order by the_geom <-> st_setsrid(st_makepoint(p.lng, p.lat), 4326) limit 1
        ) v`,
  );
  const out: Array<Snapped | undefined> = new Array(places.length);
  for (const r of found) out[Number(r.i) - 1] = { vertex: Number(r.vertex), lng: Number(r.lng), lat: Number(r.lat) };
  return out;
}

/** An area in degrees (WGS84), west/south/east/north. */
export interface Area {
  west: number;
  south: number;
  east: number;
  north: number;
}

/**
 * The fastest path between every two of `vertices` (one many-to-many Dijkstra), with its length: a pair with no
 * path is absent. Seconds and metres are of the same path, so the board's kilometres match the planner's minutes.
 * With `area`, only the roads crossing it are loaded (pgRouting reads its whole edge list on every call: a city's
 * is ten times a district's).
 */
export async function routeBetween(db: DbOrTx, vertices: readonly number[], area?: Area): Promise<VertexPair[]> {
  if (vertices.length < 2) return [];
  const ids = arrayOf(vertices);
  const within = area
    ? ` where the_geom && st_makeenvelope(${[area.west, area.south, area.east, area.north].map((d) => d.toFixed(7)).join(', ')}, 4326)`
    : '';
  const edges = sql.raw(`${edgesOf(ROADS_SCHEMA).slice(0, -1)}${within}'`);
  const found = await rows<{ from: string; to: string; seconds: number; metres: number }>(
    db,
    sql`select d.start_vid as "from", d.end_vid as "to", sum(d.cost) as seconds, sum(w.length_m) as metres
        from pgr_dijkstra(${edges}, ${ids}::bigint[], ${ids}::bigint[], true) d
        join roads.ways w on w.gid = d.edge
        group by d.start_vid, d.end_vid`,
  );
  return found.map((r) => ({
    from: Number(r.from),
    to: Number(r.to),
    seconds: Number(r.seconds),
    metres: Number(r.metres),
  }));
}

/**
 * Bounds the statements `work` runs to `ms` (in the caller's transaction or savepoint: a statement cut short rolls
 * it back, and the bound with it), then puts the previous bound back, so an outer transaction keeps its own.
 */
export async function withStatementTimeout<T>(tx: DbOrTx, ms: number, work: () => Promise<T>): Promise<T> {
  const [before] = await rows<{ ms: string }>(tx, sql`select current_setting('statement_timeout') as ms`);
  await tx.execute(sql`select set_config('statement_timeout', ${String(Math.round(ms))}, true)`);
  const out = await work();
  await tx.execute(sql`select set_config('statement_timeout', ${before?.ms ?? '0'}, true)`);
  return out;
}

/**
 * PostGIS and pgRouting in the app's database (creating an extension needs a superuser), and an empty schema for
 * the import to load into.
 */
export async function prepareRoadsImport(db: DbOrTx): Promise<void> {
  await db.execute(sql`create extension if not exists postgis`);
  await db.execute(sql`create extension if not exists pgrouting`);
  await discardRoadsImport(db);
  await db.execute(sql.raw(`create schema ${ROADS_NEXT_SCHEMA}`));
}

/** Drops what a failed import loaded. */
export async function discardRoadsImport(db: DbOrTx): Promise<void> {
  await db.execute(sql.raw(`drop schema if exists ${ROADS_NEXT_SCHEMA} cascade`));
}

/**
 * After osm2pgrouting loaded the new network: the junctions places may snap to are those of its largest connected
 * part, so a visit next to a stray car park or a fragment cut off at the extract's edge is not left with no route.
 */
export async function indexRoadsImport(db: DbOrTx): Promise<{ edges: number; vertices: number }> {
  const next = ROADS_NEXT_SCHEMA;
  await db.execute(
    sql.raw(`
      create table ${next}.network_vertices as
      with part as (select component, node from pgr_connectedComponents(${edgesOf(next)})),
           main as (select component from part group by component order by count(*) desc, component limit 1)
      select v.id, v.the_geom from ${next}.ways_vertices_pgr v
      join part on part.node = v.id join main using (component)`),
  );
  await db.execute(sql.raw(`create index on ${next}.network_vertices using gist (the_geom)`));
  await db.execute(sql.raw(`analyze ${next}.network_vertices`));
  const [count] = await rows<{ edges: string; vertices: string }>(
    db,
    sql.raw(
      `select (select count(*) from ${next}.ways) as edges, (select count(*) from ${next}.network_vertices) as vertices`,
    ),
  );
  return { edges: Number(count?.edges ?? 0), vertices: Number(count?.vertices ?? 0) };
}

/** Replaces the network with the imported one (in the caller's transaction: boards see the old or the new). */
export async function publishRoadsImport(tx: DbOrTx): Promise<void> {
  await tx.execute(sql.raw(`drop schema if exists ${ROADS_SCHEMA} cascade`));
  await tx.execute(sql.raw(`alter schema ${ROADS_NEXT_SCHEMA} rename to ${ROADS_SCHEMA}`));
}
