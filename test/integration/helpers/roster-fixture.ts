/**
 * A small organisation for the roster tests: two teams (Shanghai, and New York for daylight saving), a base each,
 * agents, a dispatcher and an admin, and callers in both languages at a fixed "now".
 */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll } from 'vitest';
import * as s from '../../../drizzle/schema';
import type { DbHandle } from '../../../server/db/client';
import { createCaller } from '../../../server/trpc/root';
import type { Locale } from '../../../shared/errors';
import { createTestDb, makeContext } from './db';
import { fixtureUser, insertTeams, sessionOf } from './fixture-team';

/** Tuesday 20 October 2026, 12:00 in Shanghai: "today" of the roster tests (New York still on summer time). */
export const NOW = new Date('2026-10-20T04:00:00Z');
export const TODAY = '2026-10-20';

let n = 0;
export const key = (label = 'roster') => `${label}-${++n}-${randomUUID()}`;

const agentRow = (teamId: string, fullName: string, badgeNo: string, baseId: string, lat: number, lng: number) => ({
  id: randomUUID(),
  teamId,
  fullName,
  badgeNo,
  credentialNo: `C-${badgeNo}`,
  credentialValidFrom: '2025-01-01',
  credentialValidTo: '2030-01-01',
  phone: '13800000000',
  baseId,
  homeBaseLat: lat,
  homeBaseLng: lng,
});

export function setUpRosterFixture() {
  const fx = {} as {
    handle: DbHandle;
    sh: { teamId: string; baseId: string; agents: string[]; inactive: string };
    ny: { teamId: string; baseId: string; agents: string[] };
    users: Record<'dispatcher' | 'dispatcher2' | 'admin' | 'manager' | 'nyDispatcher', ReturnType<typeof sessionOf>>;
    as: (
      who: 'dispatcher' | 'dispatcher2' | 'admin' | 'manager' | 'nyDispatcher',
      locale?: Locale,
    ) => ReturnType<typeof createCaller>;
  };
  beforeAll(async () => {
    const handle = await createTestDb();
    const db = handle.db;
    const sh = randomUUID();
    const ny = randomUUID();
    await insertTeams(db, [
      { id: sh, name: 'Roster Shanghai', code: 'RSH', city: '上海' },
      { id: ny, name: 'Roster New York', code: 'RNY', city: 'New York' },
    ]);
    await db.update(s.policySettings).set({ timeZone: 'America/New_York' }).where(eq(s.policySettings.teamId, ny));
    const shBase = randomUUID();
    const nyBase = randomUUID();
    await db.insert(s.bases).values([
      { id: shBase, teamId: sh, name: 'Jing’an office', lat: 31.23, lng: 121.45 },
      { id: nyBase, teamId: ny, name: 'Midtown office', lat: 40.75, lng: -73.99 },
    ]);
    const shAgents = [1, 2, 3, 4].map((i) => agentRow(sh, `Agent SH${i}`, `RSH-${i}`, shBase, 31.23, 121.45));
    const inactive = { ...agentRow(sh, 'Agent Gone', 'RSH-9', shBase, 31.23, 121.45), active: false };
    const nyAgents = [1, 2].map((i) => agentRow(ny, `Agent NY${i}`, `RNY-${i}`, nyBase, 40.75, -73.99));
    await db.insert(s.agents).values([...shAgents, inactive, ...nyAgents]);
    const d1 = fixtureUser('roster.disp', 'dispatcher');
    const d2 = fixtureUser('roster.disp2', 'dispatcher');
    const admin = fixtureUser('roster.admin', 'admin');
    const manager = fixtureUser('roster.mgr', 'manager');
    const dny = fixtureUser('roster.ny', 'dispatcher');
    await db.insert(s.users).values([d1, d2, admin, manager, dny]);
    Object.assign(fx, {
      handle,
      sh: { teamId: sh, baseId: shBase, agents: shAgents.map((a) => a.id), inactive: inactive.id },
      ny: { teamId: ny, baseId: nyBase, agents: nyAgents.map((a) => a.id) },
      users: {
        dispatcher: sessionOf(d1, [sh]),
        dispatcher2: sessionOf(d2, [sh]),
        admin: sessionOf(admin, []),
        manager: sessionOf(manager, [sh]),
        nyDispatcher: sessionOf(dny, [ny]),
      },
    });
    fx.as = (who, locale = 'en') => createCaller(makeContext(handle, fx.users[who], { locale, now: NOW }));
  }, 120_000);
  afterAll(async () => fx.handle?.close());
  return fx;
}
