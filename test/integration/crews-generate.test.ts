/**
 * Crews per day (SPEC §8.2), on a hand-built team: generation from the day's shifts (partner preference, the
 * team's skill/language mix, shared windows, the two-person rule), regeneration keeping hand-made crews, edits
 * by hand, two dispatchers at once, replay and access.
 */
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '../../drizzle/schema';
import type { DbHandle } from '../../server/db/client';
import { createCaller } from '../../server/trpc/root';
import type { Locale } from '../../shared/errors';
import { zonedTimeToUtc } from '../../shared/time';
import { appCode, failure, fieldErrorsOf, refusal } from './helpers/calls';
import { clientAnswer } from './helpers/client-error';
import { createTestDb, makeContext } from './helpers/db';
import { fixtureAgent, fixtureUser, insertTeams, sessionOf } from './helpers/fixture-team';

const TZ = 'Asia/Shanghai';
const DAY = '2026-03-02';
const TEAM = randomUUID();
const OTHER_TEAM = randomUUID();
let n = 0;
const key = () => `crews-gen-${++n}-${randomUUID()}`;

const users = {
  dispatcher: fixtureUser('crew-dispatcher', 'dispatcher'),
  dispatcher2: fixtureUser('crew-dispatcher-2', 'dispatcher'),
  manager: fixtureUser('crew-manager', 'manager'),
  admin: fixtureUser('crew-admin', 'admin'),
  outsider: fixtureUser('crew-outsider', 'dispatcher'),
};
type Who = keyof typeof users;
const teamsOf: Record<Who, string[]> = {
  dispatcher: [TEAM],
  dispatcher2: [TEAM],
  manager: [TEAM],
  admin: [],
  outsider: [OTHER_TEAM],
};

let handle: DbHandle;
const as = (who: Who, locale: Locale = 'en') =>
  createCaller(makeContext(handle, sessionOf(users[who], teamsOf[who]), { locale }));

/** An agent of the team; `shift` in local time on DAY, or none. */
interface AgentSpec {
  name: string;
  skills?: string[];
  languages?: string[];
  shift?: [string, string] | null;
}
const agentIds = new Map<string, string>();
const idOf = (name: string) => agentIds.get(name) as string;

async function addAgents(specs: AgentSpec[]) {
  for (const spec of specs) {
    const u = fixtureUser(`agent-${spec.name}-${randomUUID().slice(0, 6)}`, 'agent');
    await handle.db.insert(s.users).values(u);
    const a = fixtureAgent({
      userId: u.id,
      teamId: TEAM,
      fullName: spec.name,
      badgeNo: `B-${randomUUID().slice(0, 8)}`,
    });
    await handle.db.insert(s.agents).values({ ...a, skills: spec.skills ?? [], languages: spec.languages ?? [] });
    agentIds.set(spec.name, a.id);
    if (spec.shift !== null) await setShift(spec.name, spec.shift ?? ['09:00', '18:00']);
  }
}

async function setShift(name: string, [from, to]: [string, string]) {
  await handle.db.delete(s.shifts).where(and(eq(s.shifts.agentId, idOf(name)), eq(s.shifts.workDate, DAY)));
  await handle.db.insert(s.shifts).values({
    agentId: idOf(name),
    workDate: DAY,
    startsAt: zonedTimeToUtc(DAY, from, TZ),
    endsAt: zonedTimeToUtc(DAY, to, TZ),
    startLat: 31.2,
    startLng: 121.4,
    endLat: 31.2,
    endLng: 121.4,
    origin: 'roster',
  });
}

const prefer = (a: string, b: string) =>
  handle.db
    .update(s.agents)
    .set({ preferredPartnerId: idOf(b) })
    .where(eq(s.agents.id, idOf(a)));

const setPolicy = (p: Partial<typeof s.policySettings.$inferInsert>) =>
  handle.db.update(s.policySettings).set(p).where(eq(s.policySettings.teamId, TEAM));

/** Drops every crew of the day (a fresh start for a test). */
async function clearCrews() {
  await handle.db.delete(s.crews).where(eq(s.crews.teamId, TEAM));
}

const pairsOf = (report: { created: Array<{ members: Array<{ fullName: string }> }> }) =>
  report.created
    .map((c) =>
      c.members
        .map((m) => m.fullName)
        .sort()
        .join('+'),
    )
    .sort();

async function crewRows() {
  return handle.db
    .select({ id: s.crews.id, name: s.crews.name, origin: s.crews.origin })
    .from(s.crews)
    .where(and(eq(s.crews.teamId, TEAM), eq(s.crews.workDate, DAY)));
}

beforeAll(async () => {
  handle = await createTestDb();
  await insertTeams(handle.db, [
    { id: TEAM, name: 'Hangzhou West', code: 'HZ01', city: 'Hangzhou' },
    { id: OTHER_TEAM, name: 'Suzhou', code: 'SZ01', city: 'Suzhou' },
  ]);
  await handle.db.insert(s.users).values(Object.values(users));
  await handle.db
    .insert(s.userTeams)
    .values(
      (Object.keys(users) as Who[]).flatMap((w) => teamsOf[w].map((teamId) => ({ userId: users[w].id, teamId }))),
    );
  await addAgents([
    { name: 'Ann', skills: ['verification'], languages: ['zh'] },
    { name: 'Bo', languages: ['zh', 'en'] },
    { name: 'Cai', languages: ['zh'] },
    { name: 'Dee', skills: ['verification'], languages: ['zh'] },
    { name: 'Eve', languages: ['zh'], shift: null },
  ]);
}, 120_000);
afterAll(async () => handle?.close());

describe('generating a day’s crews', () => {
  it('pairs partners who prefer each other, names crews from the team code, marks them roster', async () => {
    await prefer('Ann', 'Cai');
    await prefer('Cai', 'Ann');
    const report = await as('dispatcher').crews.generate({ teamId: TEAM, date: DAY, idempotencyKey: key() });
    expect(pairsOf(report)).toEqual(['Ann+Cai', 'Bo+Dee']);
    expect(report.created.map((c) => c.name)).toEqual(['HZ01-1', 'HZ01-2']);
    expect(report.warnings).toEqual([]);
    expect((await crewRows()).map((c) => c.origin)).toEqual(['roster', 'roster']);
    // Stable: the same shifts give the same pairs under the same names.
    const again = await as('dispatcher').crews.generate({ teamId: TEAM, date: DAY, idempotencyKey: key() });
    expect(again.created.map((c) => [c.name, c.members.map((m) => m.fullName)])).toEqual(
      report.created.map((c) => [c.name, c.members.map((m) => m.fullName)]),
    );
    expect(again.replaced).toBe(2);
    expect(await crewRows()).toHaveLength(2);
  });

  it('every crew holds the team’s required skills and languages between its members', async () => {
    // Without a mix Ann+Cai (preferred) and Bo+Dee; with "verification" + English, the preference cannot hold.
    await setPolicy({ crewRequiredSkills: ['verification'], crewRequiredLanguages: ['en'] });
    try {
      const report = await as('dispatcher').crews.generate({ teamId: TEAM, date: DAY, idempotencyKey: key() });
      expect(pairsOf(report)).toEqual(['Ann+Bo']);
      for (const c of report.created) {
        const skills = c.members.flatMap((m) => (m.fullName === 'Ann' || m.fullName === 'Dee' ? ['verification'] : []));
        expect(skills, c.name).toContain('verification');
        expect(
          c.members.map((m) => m.fullName),
          c.name,
        ).toContain('Bo');
      }
      // Cai and Dee hold no English between them: each is reported by name, not dropped silently.
      expect(report.warnings.map((w) => [w.agentName, w.code]).sort()).toEqual([
        ['Cai', 'CREW_AGENT_UNPAIRED'],
        ['Dee', 'CREW_AGENT_UNPAIRED'],
      ]);
    } finally {
      await setPolicy({ crewRequiredSkills: [], crewRequiredLanguages: [] });
    }
  });

  it('a pair must share a working window', async () => {
    await setShift('Cai', ['06:00', '09:00']);
    try {
      const report = await as('dispatcher').crews.generate({ teamId: TEAM, date: DAY, idempotencyKey: key() });
      // Ann prefers Cai, but their shifts do not overlap (09:00 starts as Cai's ends): Cai is left alone, and
      // of the three who share a window one is the odd agent out.
      expect(pairsOf(report)).toEqual(['Ann+Bo']);
      expect(report.warnings.map((w) => w.agentName)).toEqual(['Cai', 'Dee']);
    } finally {
      await setShift('Cai', ['09:00', '18:00']);
    }
  });

  it('under the two-person rule the odd agent out is reported by name, translated', async () => {
    await setShift('Eve', ['09:00', '18:00']);
    try {
      const en = await as('dispatcher').crews.generate({ teamId: TEAM, date: DAY, idempotencyKey: key() });
      const zh = await as('dispatcher', 'zh-CN').crews.generate({ teamId: TEAM, date: DAY, idempotencyKey: key() });
      expect(en.created).toHaveLength(2);
      expect(en.created.every((c) => c.members.length === 2)).toBe(true);
      expect(en.warnings).toHaveLength(1);
      const [w] = en.warnings;
      expect(w?.code).toBe('CREW_AGENT_UNPAIRED');
      expect(w?.message).toContain(w?.agentName);
      expect(w?.message).toContain('two-person rule');
      expect(zh.warnings[0]?.message).toContain('两人同行');
      expect(zh.warnings[0]?.message).toContain(w?.agentName);
      expect(zh.warnings[0]?.message).not.toBe(w?.message);
    } finally {
      await handle.db.delete(s.shifts).where(eq(s.shifts.agentId, idOf('Eve')));
    }
  });

  it('with the two-person rule off a lone agent is a one-person crew', async () => {
    await setShift('Eve', ['09:00', '18:00']);
    await setPolicy({ twoPersonRule: false });
    try {
      const report = await as('dispatcher').crews.generate({ teamId: TEAM, date: DAY, idempotencyKey: key() });
      expect(report.warnings).toEqual([]);
      expect(report.created.map((c) => c.members.length).sort()).toEqual([1, 2, 2]);
      const day = await as('manager').crews.day({ teamId: TEAM, date: DAY });
      expect(day.twoPersonRule).toBe(false);
      expect(day.withoutCrew).toEqual([]);
      expect(day.crews.flatMap((c) => c.members)).toHaveLength(5);
    } finally {
      await setPolicy({ twoPersonRule: true });
      await clearCrews();
      await handle.db.delete(s.shifts).where(eq(s.shifts.agentId, idOf('Eve')));
    }
  });

  it('regeneration keeps crews set by hand and says so', async () => {
    const first = await as('dispatcher').crews.generate({ teamId: TEAM, date: DAY, idempotencyKey: key() });
    const manual = first.created[0] as (typeof first.created)[number];
    await as('dispatcher').crews.rename({ crewId: manual.id, name: 'Morning pair', idempotencyKey: key() });
    const again = await as('dispatcher').crews.generate({ teamId: TEAM, date: DAY, idempotencyKey: key() });
    expect(again.kept).toEqual([
      expect.objectContaining({ id: manual.id, name: 'Morning pair', code: 'CREW_KEPT_MANUAL' }),
    ]);
    expect(again.kept[0]?.message).toBe('Crew Morning pair was set by hand and was kept.');
    // The kept crew's members are not paired again; the others are.
    const keptNames = manual.members.map((m) => m.fullName);
    expect(again.created.flatMap((c) => c.members.map((m) => m.fullName))).not.toEqual(
      expect.arrayContaining(keptNames),
    );
    expect(again.created).toHaveLength(1);
    expect(again.replaced).toBe(1);
    const rows = await crewRows();
    expect(rows.map((r) => [r.name, r.origin]).sort()).toEqual([
      ['HZ01-1', 'roster'],
      ['Morning pair', 'manual'],
    ]);
    await clearCrews();
  });

  it('a day nobody is on shift is refused with a translated reason', async () => {
    const en = await refusal(
      as('dispatcher').crews.generate({ teamId: TEAM, date: '2026-03-03', idempotencyKey: key() }),
    );
    const zh = await refusal(
      as('dispatcher', 'zh-CN').crews.generate({ teamId: TEAM, date: '2026-03-03', idempotencyKey: key() }),
    );
    expect([en.appCode, zh.appCode]).toEqual(['CREW_NO_SHIFTS', 'CREW_NO_SHIFTS']);
    expect(en.message).toContain('2026-03-03');
    expect(zh.message).not.toBe(en.message);
  });

  it('two dispatchers generating the same day at once get one set of crews, no error', async () => {
    const results = await Promise.allSettled([
      as('dispatcher').crews.generate({ teamId: TEAM, date: DAY, idempotencyKey: key() }),
      as('dispatcher2').crews.generate({ teamId: TEAM, date: DAY, idempotencyKey: key() }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    const rows = await crewRows();
    expect(rows.map((r) => r.name).sort()).toEqual(['HZ01-1', 'HZ01-2']);
    const members = await handle.db
      .select({ agentId: s.crewMembers.agentId })
      .from(s.crewMembers)
      .where(eq(s.crewMembers.workDate, DAY));
    expect(members).toHaveLength(4);
    expect(new Set(members.map((m) => m.agentId)).size).toBe(4);
  });

  it('a replay with the same key answers the first report and writes nothing; a changed body is refused', async () => {
    const k = key();
    const first = await as('dispatcher').crews.generate({ teamId: TEAM, date: DAY, idempotencyKey: k });
    const replay = await as('dispatcher').crews.generate({ teamId: TEAM, date: DAY, idempotencyKey: k });
    expect(replay).toEqual(first);
    expect((await crewRows()).map((r) => r.id).sort()).toEqual(first.created.map((c) => c.id).sort());
    const changed = await failure(
      as('dispatcher').crews.generate({ teamId: TEAM, date: '2026-03-03', idempotencyKey: k }),
    );
    expect(appCode(changed)).toBe('IDEMPOTENCY_KEY_BODY_CHANGED');
  });

  it('access: managers only read, other teams’ dispatchers get NOT_FOUND, hostile dates a 400 naming the field', async () => {
    const asManager = await failure(as('manager').crews.generate({ teamId: TEAM, date: DAY, idempotencyKey: key() }));
    expect(asManager.code).toBe('FORBIDDEN');
    const outsider = await refusal(as('outsider').crews.generate({ teamId: TEAM, date: DAY, idempotencyKey: key() }));
    expect([outsider.code, outsider.appCode]).toEqual(['NOT_FOUND', 'NOT_FOUND']);
    await expect(as('outsider').crews.day({ teamId: TEAM, date: DAY })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const admin = await as('admin').crews.day({ teamId: TEAM, date: DAY });
    expect(admin.team.code).toBe('HZ01');
    for (const date of ['2026-02-30', '2026-3-1', '\u0000']) {
      const en = await clientAnswer(
        handle,
        as('dispatcher').crews.generate({ teamId: TEAM, date, idempotencyKey: key() }),
      );
      const zh = await clientAnswer(
        handle,
        as('dispatcher').crews.generate({ teamId: TEAM, date, idempotencyKey: key() }),
        'zh-CN',
      );
      expect(en.code, date).toBe('BAD_REQUEST');
      expect(Object.keys(en.fieldErrors), date).toEqual(['date']);
      expect(zh.fieldErrors.date, date).not.toBe(en.fieldErrors.date);
    }
  });
});

describe('editing crews by hand', () => {
  const fresh = async () => {
    await clearCrews();
    const r = await as('dispatcher').crews.generate({ teamId: TEAM, date: DAY, idempotencyKey: key() });
    return r.created as [(typeof r.created)[number], (typeof r.created)[number]];
  };

  it('swaps partners between two crews; both become manual', async () => {
    const [a, b] = await fresh();
    const a0 = a.members[0] as { agentId: string };
    const a1 = a.members[1] as { agentId: string };
    const b0 = b.members[0] as { agentId: string };
    const out = await as('dispatcher').crews.swap({
      crewId: a.id,
      agentId: a1.agentId,
      otherCrewId: b.id,
      otherAgentId: b0.agentId,
      idempotencyKey: key(),
    });
    expect(out.released).toEqual([]);
    const day = await as('dispatcher').crews.day({ teamId: TEAM, date: DAY });
    const crewA = day.crews.find((c) => c.id === a.id);
    const crewB = day.crews.find((c) => c.id === b.id);
    expect(crewA?.members.map((m) => m.agentId).sort()).toEqual([a0.agentId, b0.agentId].sort());
    expect(crewB?.members.map((m) => m.agentId)).toContain(a1.agentId);
    expect(crewA?.members.filter((m) => m.isLead)).toHaveLength(1);
    expect(crewB?.members.filter((m) => m.isLead)).toHaveLength(1);
    expect([crewA?.origin, crewB?.origin]).toEqual(['manual', 'manual']);
    const notMember = await refusal(
      as('dispatcher').crews.swap({
        crewId: a.id,
        agentId: a1.agentId,
        otherCrewId: b.id,
        otherAgentId: b0.agentId,
        idempotencyKey: key(),
      }),
    );
    expect(notMember.appCode).toBe('CREW_AGENT_NOT_MEMBER');
  });

  it('a split is refused under the two-person rule; with it off it splits, and two singles merge back', async () => {
    const [a, b] = await fresh();
    const en = await refusal(as('dispatcher').crews.split({ crewId: a.id, idempotencyKey: key() }));
    const zh = await refusal(as('dispatcher', 'zh-CN').crews.split({ crewId: a.id, idempotencyKey: key() }));
    expect([en.appCode, zh.appCode]).toEqual(['CREW_SPLIT_TWO_PERSON_RULE', 'CREW_SPLIT_TWO_PERSON_RULE']);
    expect(zh.message).not.toBe(en.message);
    const tooBig = await refusal(
      as('dispatcher').crews.merge({ crewId: a.id, otherCrewId: b.id, idempotencyKey: key() }),
    );
    expect(tooBig.appCode).toBe('CREW_MERGE_NEEDS_SINGLES');
    const same = await refusal(
      as('dispatcher').crews.merge({ crewId: a.id, otherCrewId: a.id, idempotencyKey: key() }),
    );
    expect(same.appCode).toBe('CREW_SAME_CREW');

    await setPolicy({ twoPersonRule: false });
    try {
      const split = await as('dispatcher').crews.split({ crewId: a.id, idempotencyKey: key() });
      expect(split.crews).toHaveLength(2);
      const newName = split.crews[1]?.name;
      expect(newName).toBe('HZ01-3');
      let day = await as('dispatcher').crews.day({ teamId: TEAM, date: DAY });
      const parts = day.crews.filter((c) => split.crews.some((x) => x.id === c.id));
      expect(parts.map((c) => [c.members.length, c.origin])).toEqual([
        [1, 'manual'],
        [1, 'manual'],
      ]);
      const single = await refusal(as('dispatcher').crews.split({ crewId: a.id, idempotencyKey: key() }));
      expect(single.appCode).toBe('CREW_SPLIT_NEEDS_TWO');
      await as('dispatcher').crews.merge({
        crewId: split.crews[0]?.id as string,
        otherCrewId: split.crews[1]?.id as string,
        idempotencyKey: key(),
      });
      day = await as('dispatcher').crews.day({ teamId: TEAM, date: DAY });
      expect(day.crews.map((c) => [c.name, c.members.length]).sort()).toEqual([
        [a.name, 2],
        [b.name, 2],
      ]);
    } finally {
      await setPolicy({ twoPersonRule: true });
    }
  });

  it('rename: a name taken that day is refused on the field, translated', async () => {
    const [a, b] = await fresh();
    const en = await failure(as('dispatcher').crews.rename({ crewId: a.id, name: b.name, idempotencyKey: key() }));
    const zh = await failure(
      as('dispatcher', 'zh-CN').crews.rename({ crewId: a.id, name: b.name, idempotencyKey: key() }),
    );
    expect([appCode(en), appCode(zh)]).toEqual(['CREW_NAME_TAKEN', 'CREW_NAME_TAKEN']);
    expect(fieldErrorsOf(en).name).toBeDefined();
    expect(zh.message).not.toBe(en.message);
    const blank = await clientAnswer(
      handle,
      as('dispatcher').crews.rename({ crewId: a.id, name: '  ', idempotencyKey: key() }),
    );
    expect(blank.code).toBe('BAD_REQUEST');
    expect(Object.keys(blank.fieldErrors)).toEqual(['name']);
  });

  it('another team’s crew is NOT_FOUND, not FORBIDDEN', async () => {
    const [a] = await fresh();
    const r = await refusal(as('outsider').crews.rename({ crewId: a.id, name: 'Mine', idempotencyKey: key() }));
    expect([r.code, r.appCode]).toEqual(['NOT_FOUND', 'NOT_FOUND']);
  });
});
