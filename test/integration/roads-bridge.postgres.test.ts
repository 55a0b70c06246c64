import { access, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { travelPairs } from '../../drizzle/schema';
import type { DbHandle } from '../../server/db/client';
import { openDb } from '../../server/db/client';
import { runMigrations } from '../../server/db/migrate';
import { DEFAULT_MAPCONFIG } from '../../server/modules/travel/osm2pgrouting';
import { importRoadNetwork } from '../../server/modules/travel/travel.roads-import';
import { loadTravelTable, placeKey } from '../../server/modules/travel/travel.service';
import { PgRoutingProvider } from '../../server/routing/matrix/pgrouting';
import { createCaller } from '../../server/trpc/root';
import { haversineM, type LatLng, travelMinutes } from '../../shared/geo';
import { addDays } from '../../shared/time';
import { createScratchDatabase } from '../helpers/scratch-database';
import { spawnCli } from '../helpers/spawn-cli';
import {
  BRIDGE_OSM,
  crewsOnBothBanks,
  moveDayOntoBridgeMap,
  onBridgeMap,
  riverCrossings,
  routePlaces,
} from './helpers/bridge-city';
import { makeContext, testEnv } from './helpers/db';
import { seedDemoUsers, TODAY } from './helpers/demo';
import { settledPlan, usePlanners } from './helpers/plan-run';

// PostgreSQL only (a *.postgres.test.ts file): pgRouting and PostGIS are PostgreSQL extensions.
describe('ROUTING=pgrouting over a river with one bridge (osm2pgrouting import of test/fixtures/roads/bridge.osm)', () => {
  const demo = {} as {
    handle: DbHandle;
    url: string;
    users: Awaited<ReturnType<typeof seedDemoUsers>>;
    teamId: string;
  };
  let drop: () => Promise<void>;
  // Read by the planners at each run: a test sets the routing on it.
  const env = { ...testEnv };
  const pgEnv = { ...testEnv, ROUTING: 'pgrouting' as const };
  const importHere = (file = BRIDGE_OSM, command?: string) =>
    importRoadNetwork(
      { db: demo.handle.db, databaseUrl: demo.url, ...(command ? { command } : {}) },
      {
        file,
        conf: DEFAULT_MAPCONFIG,
      },
    );

  beforeAll(async () => {
    const scratch = await createScratchDatabase(process.env.TEST_DATABASE_URL as string, 'doorstep_roads');
    drop = scratch.drop;
    demo.url = scratch.url;
    demo.handle = await openDb({ databaseUrl: scratch.url, dataDir: 'unused' });
    await runMigrations(demo.handle);
    demo.users = await seedDemoUsers(demo.handle);
    demo.teamId = demo.users.dispatcher.teamIds[0] as string;
    const imported = await importHere();
    expect(imported).toMatchObject({ edges: 33, vertices: 24, forgottenPairs: 0 });
  }, 180_000);
  usePlanners(demo, env);
  afterAll(async () => {
    await demo.handle?.close();
    await drop?.();
  });

  // Facing each other across the river at the far end from the bridge, and two doors along the north bank.
  const north = onBridgeMap(2000, 100);
  const south = onBridgeMap(2000, -100);
  const westOnNorth = onBridgeMap(1200, 100);

  it('a leg across the river goes round by the bridge: ≫ the straight-line leg; along one bank they agree', async () => {
    const table = await loadTravelTable({ db: demo.handle.db, env: pgEnv }, [north, south, westOnNorth]);
    expect(table.provider).toBe('pgrouting');
    expect(table.warning).toBeNull();
    // 2 km west to the bridge, 200 m over it, 2 km back: 4.2 km at the residential 50 km/h.
    expect(table.metres(north, south)).toBeGreaterThan(4150);
    expect(table.metres(north, south)).toBeLessThan(4250);
    expect(haversineM(north, south)).toBeLessThan(205);
    expect(table.minutes(north, south)).toBeGreaterThanOrEqual(5 * travelMinutes(north, south));
    expect(table.minutes(south, north)).toBe(table.minutes(north, south));
    expect(table.metres(north, westOnNorth)).toBeGreaterThan(790);
    expect(table.metres(north, westOnNorth)).toBeLessThan(810);
    // Roads are loaded around the places; a path that leaves that area is found on the whole network (here with no
    // minimum margin the area reaches 200 m around the two places, 2 km short of the bridge).
    const narrow = await new PgRoutingProvider(demo.handle.db, { marginM: 0 }).matrix([north, south]);
    expect(narrow.distances[1]).toBeCloseTo(table.metres(north, south) as number, 0);
    // Two doors at one junction are apart by their own few metres, not 0 and not via a detour.
    const nextDoor = onBridgeMap(2000, 130);
    const near = await loadTravelTable({ db: demo.handle.db, env: pgEnv }, [north, nextDoor]);
    expect(near.metres(north, nextDoor)).toBeGreaterThan(30);
    expect(near.metres(north, nextDoor)).toBeLessThan(60);
  });

  it('pairs are cached in travel_pairs: a second load asks nothing (it works with the network gone), a new place falls back with the warning', async () => {
    const places = [onBridgeMap(1600, 100), onBridgeMap(1600, -100), onBridgeMap(800, 400)];
    const first = await loadTravelTable({ db: demo.handle.db, env: pgEnv }, places);
    const keys = places.map(placeKey);
    const stored = await demo.handle.db
      .select({ seconds: travelPairs.seconds })
      .from(travelPairs)
      .where(
        and(
          eq(travelPairs.provider, 'pgrouting'),
          inArray(travelPairs.fromKey, keys),
          inArray(travelPairs.toKey, keys),
        ),
      );
    expect(stored).toHaveLength(3 * 2);
    expect(stored.every((p) => (p.seconds as number) > 0)).toBe(true);
    await demo.handle.db.execute(sql`alter schema roads rename to roads_away`);
    try {
      const warned: unknown[] = [];
      const log = { warn: (...args: unknown[]) => warned.push(args) };
      const again = await loadTravelTable({ db: demo.handle.db, env: pgEnv, log }, [...places].reverse());
      expect(again.warning).toBeNull();
      const [a, b] = places as [LatLng, LatLng];
      expect(again.minutes(a, b)).toBe(first.minutes(a, b));
      expect(warned).toHaveLength(0);
      // No network (never imported, or gone): straight-line for what is not cached, and the warning.
      const fresh = onBridgeMap(400, -400);
      const fallback = await loadTravelTable({ db: demo.handle.db, env: pgEnv, log }, [a, fresh]);
      expect(fallback.warning).toBe('ROUTING_FALLBACK');
      expect(fallback.minutes(a, fresh)).toBe(travelMinutes(a, fresh));
      expect(warned).toHaveLength(1);
      // Asked inside a transaction (a placement re-checked under its locks), the failing query rolls back only its
      // savepoint: the transaction goes on.
      const inTx = await demo.handle.db.transaction(async (tx) => {
        const t = await loadTravelTable({ db: tx, env: pgEnv, log }, [a, onBridgeMap(400, 400)]);
        const [one] = ((await tx.execute(sql`select 1 as one`)) as unknown as { rows: Array<{ one: number }> }).rows;
        return { warning: t.warning, one: one?.one };
      });
      expect(inTx).toEqual({ warning: 'ROUTING_FALLBACK', one: 1 });
    } finally {
      await demo.handle.db.execute(sql`alter schema roads_away rename to roads`);
    }
  });

  const caller = () => createCaller({ ...makeContext(demo.handle, demo.users.dispatcher), env });
  const plan = async (date: string) => {
    const started = await caller().planning.start({ teamId: demo.teamId, date, timeLimitMs: 3000 });
    expect(started.travelWarning).toBeNull();
    const done = await settledPlan(caller(), started.runId);
    expect(done.state).toBe('done');
    if (!done.preview) throw new Error('no preview');
    return { runId: started.runId, preview: done.preview };
  };
  /** Applies a run (every placement re-checked by the rules) and checks each planned stop where it landed. */
  const applyAndCheck = async (run: Awaited<ReturnType<typeof plan>>) => {
    const applied = await caller().planning.commit({ runId: run.runId, idempotencyKey: `roads-${run.runId}` });
    expect(applied.assigned).toBeGreaterThan(0);
    const moves = run.preview.crews.flatMap((c) => c.stops.filter((s) => s.changed).map((s) => ({ ...s, c })));
    expect(moves.length).toBeGreaterThan(5);
    for (const move of moves) {
      const check = await caller().dispatch.checkMove({
        visitId: move.visitId,
        crewId: move.c.crewId,
        arrival: move.arrival,
      });
      expect(check.violations).toEqual([]);
    }
  };

  it('the planner under pgRouting keeps each crew on its bank where straight-line crosses the river; its moves pass checkMove under each provider', async () => {
    const date = addDays(TODAY, 3);
    const day = await moveDayOntoBridgeMap(demo.handle, demo.teamId, date);
    expect(day.crewBank.size).toBeGreaterThanOrEqual(2);

    Object.assign(env, { ROUTING: 'straight-line' });
    const straight = await plan(date);
    expect(straight.preview.travel).toEqual({ provider: 'straight-line', warning: null });
    Object.assign(env, { ROUTING: 'pgrouting' });
    const roads = await plan(date);
    expect(roads.preview.travel).toEqual({ provider: 'pgrouting', warning: null });

    const crossed = { straight: riverCrossings(straight.preview, day), roads: riverCrossings(roads.preview, day) };
    const mixed = { straight: crewsOnBothBanks(straight.preview, day), roads: crewsOnBothBanks(roads.preview, day) };
    expect(crossed.roads).toBeLessThan(crossed.straight);
    expect(mixed.roads).toBeLessThan(mixed.straight);
    // Measured on the roads, the straight-line plan drives longer than the plan made on them.
    const roadTable = await loadTravelTable({ db: demo.handle.db, env: pgEnv }, [
      ...day.crewBase.values(),
      ...day.visitPlace.values(),
    ]);
    const driven = (preview: typeof roads.preview) =>
      routePlaces(preview, day)
        .flatMap((route) => route.slice(1).map((p, i) => roadTable.minutes(route[i] as LatLng, p)))
        .reduce((sum, m) => sum + m, 0);
    expect(driven(roads.preview)).toBeLessThan(driven(straight.preview));

    await applyAndCheck(roads);
    // The same day under straight-line, on another date with the same map.
    Object.assign(env, { ROUTING: 'straight-line' });
    const other = addDays(TODAY, 4);
    await moveDayOntoBridgeMap(demo.handle, demo.teamId, other);
    await applyAndCheck(await plan(other));
  });

  /** `npm run roads:import`, spawned as a user runs it. */
  const cli = (args: string[], databaseUrl: string | null = demo.url) => {
    const childEnv: NodeJS.ProcessEnv = { ...process.env };
    if (databaseUrl) childEnv.DATABASE_URL = databaseUrl;
    else delete childEnv.DATABASE_URL;
    return spawnCli('server/cli/roads-import.ts', args, childEnv);
  };

  // Several spawned CLIs, each importing the server through tsx: 20 s apiece on a loaded CI machine (60 s failed).
  it('roads:import refuses clearly; a failed import keeps the roads; a re-import forgets the cached pairs', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'doorstep-roads-'));
    try {
      const noUrl = await cli([BRIDGE_OSM], null);
      expect(noUrl.code).toBe(2);
      expect(noUrl.stderr).toMatch(/DATABASE_URL is not set/);
      const noFile = await cli([path.join(dir, 'missing.osm')]);
      expect(noFile.code).toBe(2);
      expect(noFile.stderr).toMatch(/the OSM file .*missing\.osm cannot be read/);
      const badOption = await cli([BRIDGE_OSM, '--colour']);
      expect(badOption.code).toBe(2);
      expect(badOption.stderr).toMatch(/unknown option --colour\nusage: npm run roads:import/);
      await expect(importHere(BRIDGE_OSM, 'osm2pgrouting-not-here')).rejects.toThrow(
        /osm2pgrouting-not-here is not installed or not on PATH/,
      );

      // What the tool is given: the password in a private password file (gone afterwards), not on its command line.
      const seen = path.join(dir, 'seen.txt');
      const tool = path.join(dir, 'fake-osm2pgrouting.sh');
      await writeFile(
        tool,
        `#!/bin/sh\n{ echo "args: $*"; stat -c 'mode: %a' "$PGPASSFILE"; echo "file: $PGPASSFILE"; cat "$PGPASSFILE"; } > '${seen}'\nexit 3\n`,
        { mode: 0o700 },
      );
      await expect(importHere(BRIDGE_OSM, tool)).rejects.toThrow(/exit code 3/);
      const told = await readFile(seen, 'utf8');
      const password = decodeURIComponent(new URL(demo.url).password);
      expect(password).not.toBe('');
      // (Here the password is also the user's name, so the check is on the option, not on the word.)
      expect(told.split('\n')[0]).not.toMatch(/--password|\bpassword=/);
      expect(told).toContain('mode: 600');
      expect(told).toContain(`:${password}\n`);
      const passfile = /file: (.*)/.exec(told)?.[1] as string;
      await expect(access(passfile)).rejects.toThrow();

      const garbage = path.join(dir, 'garbage.osm');
      await writeFile(garbage, 'this is not OSM XML');
      const failed = await cli([garbage]);
      expect(failed.code).toBe(1);
      expect(failed.stderr).toMatch(/osm2pgrouting failed \(exit code 1\)/);
      // The roads imported before still answer, for places nobody asked about yet.
      const still = await loadTravelTable({ db: demo.handle.db, env: pgEnv }, [
        onBridgeMap(1900, 90),
        onBridgeMap(1900, -90),
      ]);
      expect(still.warning).toBeNull();
      expect(still.metres(onBridgeMap(1900, 90), onBridgeMap(1900, -90))).toBeGreaterThan(3500);

      const cached = () =>
        demo.handle.db
          .select({ seconds: travelPairs.seconds })
          .from(travelPairs)
          .where(eq(travelPairs.provider, 'pgrouting'));
      const before = (await cached()).length;
      expect(before).toBeGreaterThan(0);
      const again = await cli([BRIDGE_OSM]);
      expect(again.code).toBe(0);
      expect(JSON.parse(again.stdout)).toEqual({ edges: 33, vertices: 24, forgottenPairs: before });
      expect(await cached()).toHaveLength(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
