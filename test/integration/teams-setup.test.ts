import { and, eq, gt, lt, ne } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { agents, appointments, auditLog, bases, visits } from '../../drizzle/schema';
import { readTeamPolicy } from '../../server/modules/policy/policy.service';
import { createCaller } from '../../server/trpc/root';
import { JURISDICTION_PRESETS } from '../../shared/domain/constants';
import { DEFAULT_POLICY } from '../../shared/domain/policy-defaults';
import type { Locale } from '../../shared/errors';
import type { PolicyFields } from '../../shared/schemas/teams';
import { addDays, localTime } from '../../shared/time';
import { refusal } from './helpers/calls';
import { key, logSlotNotice, setUpCaseFixture, TZ } from './helpers/case-fixture';
import { clientAnswer } from './helpers/client-error';
import { makeContext } from './helpers/db';
import { TODAY } from './helpers/demo';

const fx = setUpCaseFixture();

const CN_POLICY: Omit<PolicyFields, 'effectiveFrom'> = {
  jurisdiction: 'CN',
  allowedStart: '08:00',
  allowedEnd: '22:00',
  frequencyCap: 2,
  minNoticeMinutes: 120,
  twoPersonRule: true,
  slotMinutes: 120,
  visitsPerCrewSlot: 2,
  negotiationMinutes: 45,
  verificationMinutes: 60,
  crewRequiredSkills: [],
  crewRequiredLanguages: [],
  contactCapPerDay: 3,
  messagesShowAmount: false,
};

const teamInput = (over: Record<string, unknown> = {}) => ({
  idempotencyKey: key('team'),
  name: `杭州外访${Math.random().toString(36).slice(2, 8)}组`,
  code: `HZ${Math.floor(Math.random() * 1e6)}`,
  city: '杭州',
  timeZone: 'Asia/Shanghai',
  policy: CN_POLICY,
  ...over,
});

/** The same refused call in English and Chinese: the answers must name the same field, in two languages. */
async function inBothLanguages(call: (locale: Locale) => Promise<unknown>) {
  const en = await clientAnswer(fx.handle, call('en'), 'en');
  const zh = await clientAnswer(fx.handle, call('zh-CN'), 'zh-CN');
  expect(zh.code).toBe(en.code);
  expect(Object.keys(zh.fieldErrors)).toEqual(Object.keys(en.fieldErrors));
  expect(zh.message).not.toBe(en.message);
  for (const f of Object.keys(en.fieldErrors)) expect(zh.fieldErrors[f]).not.toBe(en.fieldErrors[f]);
  return { en, zh };
}

const admin = (locale: Locale = 'en') => createCaller(makeContext(fx.handle, fx.users.admin, { locale }));

describe('teams: created and changed by an admin, validated', () => {
  it('creates a team with the China preset and its first policy; it is listed with the policy in effect today', async () => {
    const input = teamInput({ code: 'hz-01' });
    const { id } = await admin().teams.create(input);
    const listed = (await admin().admin.teams()).find((t) => t.id === id);
    expect(listed?.code).toBe('HZ-01');
    expect(listed?.policy.jurisdiction).toBe('CN');
    expect(listed?.policy.allowedStart).toBe(`${JURISDICTION_PRESETS.CN.start}:00`);
    expect(listed?.policy.slotMinutes).toBe(DEFAULT_POLICY.slotMinutes);
    const [audit] = await fx.handle.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(and(eq(auditLog.entityId, id), eq(auditLog.action, 'team.create')));
    expect(audit?.action).toBe('team.create');
    // The same key again answers the same team, no second one.
    expect((await admin().teams.create(input)).id).toBe(id);
  });

  it('refuses an unknown time zone on the field, in the caller’s language', async () => {
    const { en, zh } = await inBothLanguages((locale) =>
      admin(locale).teams.create(teamInput({ timeZone: 'Mars/Olympus_Mons' })),
    );
    expect(en.code).toBe('BAD_REQUEST');
    expect(Object.keys(en.fieldErrors)).toEqual(['timeZone']);
    expect(en.message).toContain('Mars/Olympus_Mons');
    expect(zh.message).toContain('时区');
    expect((await refusal(admin().teams.create(teamInput({ timeZone: 'Mars/Olympus_Mons' })))).appCode).toBe(
      'TEAM_TIME_ZONE_UNKNOWN',
    );
  });

  it('refuses a team code already used by another team, whatever its case', async () => {
    await admin().teams.create(teamInput({ code: 'NB01' }));
    const r = await refusal(admin().teams.create(teamInput({ code: 'nb01' })));
    expect(r.appCode).toBe('TEAM_CODE_TAKEN');
    const { en } = await inBothLanguages((locale) => admin(locale).teams.create(teamInput({ code: 'Nb01' })));
    expect(Object.keys(en.fieldErrors)).toEqual(['code']);
    expect(en.message).toMatch(/NB01/i);
  });

  it('refuses a badly shaped code, reversed hours and a slot longer than the hours, naming the field', async () => {
    const code = await inBothLanguages((locale) => admin(locale).teams.create(teamInput({ code: '1-bad code' })));
    expect(Object.keys(code.en.fieldErrors)).toEqual(['code']);
    const hours = { ...CN_POLICY, allowedStart: '20:00', allowedEnd: '09:00' };
    expect((await refusal(admin().teams.create(teamInput({ policy: hours })))).appCode).toBe('POLICY_HOURS_REVERSED');
    const reversed = await inBothLanguages((locale) => admin(locale).teams.create(teamInput({ policy: hours })));
    expect(Object.keys(reversed.en.fieldErrors)).toEqual(['policy.allowedEnd']);
    const long = { ...CN_POLICY, allowedStart: '08:00', allowedEnd: '09:00', slotMinutes: 120 };
    expect((await refusal(admin().teams.create(teamInput({ policy: long })))).appCode).toBe('POLICY_SLOT_TOO_LONG');
    const time = await inBothLanguages((locale) =>
      admin(locale).teams.create(teamInput({ policy: { ...CN_POLICY, allowedStart: '25:00' } })),
    );
    expect(Object.keys(time.en.fieldErrors)).toEqual(['policy.allowedStart']);
  });

  it('hours changed from a preset make the policy custom; a zone change moves every version', async () => {
    const { id } = await admin().teams.create(teamInput({ policy: { ...CN_POLICY, allowedEnd: '20:00' } }));
    const policy = await readTeamPolicy(fx.handle.db, id, 'UTC', TODAY);
    expect(policy.jurisdiction).toBe('custom');
    await admin().teams.update({
      idempotencyKey: key('u'),
      teamId: id,
      name: `乌鲁木齐${id.slice(0, 4)}`,
      code: `UR${id.slice(0, 4)}`.toUpperCase().replace(/[^A-Z0-9]/g, 'X'),
      city: '乌鲁木齐',
      timeZone: 'Asia/Urumqi',
    });
    expect((await readTeamPolicy(fx.handle.db, id, 'UTC', TODAY)).timeZone).toBe('Asia/Urumqi');
  });
});

describe('effective-dated policy: a change from date D leaves what lies before D judged by the old policy', () => {
  it('refuses a change that would start in the past, on the field, in both languages', async () => {
    const policy = { ...CN_POLICY, effectiveFrom: addDays(TODAY, -1) };
    const r = await refusal(admin().teams.setPolicy({ idempotencyKey: key('p'), teamId: fx.teamId, policy }));
    expect(r.appCode).toBe('POLICY_EFFECTIVE_IN_PAST');
    const { en, zh } = await inBothLanguages((locale) =>
      admin(locale).teams.setPolicy({ idempotencyKey: key('p'), teamId: fx.teamId, policy }),
    );
    expect(Object.keys(en.fieldErrors)).toEqual(['policy.effectiveFrom']);
    expect(en.message).toContain(TODAY);
    expect(zh.message).toContain('过去');
  });

  it('a slot grid before D keeps the old hours and slot length; from D on the new ones apply', async () => {
    const D = addDays(TODAY, 3);
    await admin().teams.setPolicy({
      idempotencyKey: key('p'),
      teamId: fx.teamId,
      policy: { ...CN_POLICY, effectiveFrom: D, allowedStart: '10:00', allowedEnd: '20:00', slotMinutes: 60 },
    });
    const dispatcher = fx.as('dispatcher');
    await logSlotNotice(fx);
    const before = await dispatcher.appointments.slotOptions({ caseId: fx.caseId, date: addDays(D, -1) });
    const after = await dispatcher.appointments.slotOptions({ caseId: fx.caseId, date: D });
    const hhmm = (list: typeof before) => list.map((s) => localTime(new Date(s.start), TZ));
    expect(hhmm(before)).toEqual(['08:00', '10:00', '12:00', '14:00', '16:00', '18:00', '20:00']);
    expect(hhmm(after)).toEqual([
      '10:00',
      '11:00',
      '12:00',
      '13:00',
      '14:00',
      '15:00',
      '16:00',
      '17:00',
      '18:00',
      '19:00',
    ]);

    // An 08:00 visit agreed before D is inside its hours; the same time on D is outside the new ones.
    const early = (date: string) => ({
      caseId: fx.caseId,
      addressId: fx.addressId,
      visitType: 'negotiation' as const,
      via: 'phone' as const,
      slotStart: new Date(`${date}T08:00:00+08:00`).toISOString(),
      slotEnd: new Date(`${date}T10:00:00+08:00`).toISOString(),
      idempotencyKey: key('a'),
    });
    const refused = await refusal(dispatcher.appointments.agree(early(D)));
    expect(refused.violations).toContain('OUTSIDE_ALLOWED_HOURS');
    const agreed = await dispatcher.appointments.agree(early(addDays(D, -1)));
    expect(agreed.visitId).toBeTruthy();

    // The board reads the team and its policy of the day in one statement: each day shows its own hours, and a
    // board asked without a date is today's, with today's hours.
    const hours = async (date?: string) => {
      const board = await dispatcher.dispatch.day({ teamId: fx.teamId, date });
      return [board.date, board.policy.allowedStart, board.policy.allowedEnd, board.team.timeZone];
    };
    expect(await hours(addDays(D, -1))).toEqual([addDays(D, -1), '08:00', '22:00', TZ]);
    expect(await hours(D)).toEqual([D, '10:00', '20:00', TZ]);
    expect(await hours(addDays(D, 30))).toEqual([addDays(D, 30), '10:00', '20:00', TZ]);
    expect(await hours()).toEqual([TODAY, '08:00', '22:00', TZ]);

    const versions = await admin().teams.policyVersions({ teamId: fx.teamId });
    expect(versions.map((v) => v.effectiveFrom)).toEqual([D, '2000-01-01']);
    expect(versions[0]?.createdByName).toBe(fx.users.admin.displayName);
  });

  it('a second change from the same date replaces that version; visits per crew per slot come from the policy', async () => {
    const D = addDays(TODAY, 5);
    const write = (visitsPerCrewSlot: number) =>
      admin().teams.setPolicy({
        idempotencyKey: key('p'),
        teamId: fx.teamId,
        policy: { ...CN_POLICY, effectiveFrom: D, visitsPerCrewSlot },
      });
    await write(3);
    await write(4);
    const versions = await admin().teams.policyVersions({ teamId: fx.teamId });
    expect(versions.filter((v) => v.effectiveFrom === D).map((v) => v.visitsPerCrewSlot)).toEqual([4]);
    const slots = await fx.as('dispatcher').appointments.slotOptions({ caseId: fx.caseId, date: D });
    const busy = slots.find((s) => s.crews > 0);
    if (!busy) throw new Error(`no crew on shift on ${D}`);
    const agreed = await fx.handle.db
      .select({ id: visits.id })
      .from(visits)
      .innerJoin(appointments, eq(appointments.id, visits.appointmentId))
      .where(
        and(
          eq(visits.teamId, fx.teamId),
          ne(visits.status, 'cancelled'),
          lt(appointments.slotStart, new Date(busy.end)),
          gt(appointments.slotEnd, new Date(busy.start)),
        ),
      );
    expect(busy.free).toBe(busy.crews * 4 - agreed.length);
  });
});

describe('bases: placed on the map, per team, not removed while in use', () => {
  const base = (over: Record<string, unknown> = {}) => ({
    idempotencyKey: key('b'),
    teamId: fx.teamId,
    name: `陆家嘴驻点${Math.random().toString(36).slice(2, 6)}`,
    address: '上海市浦东新区世纪大道100号',
    lat: 31.2397,
    lng: 121.4998,
    ...over,
  });

  it('creates, lists (dispatchers see their own teams’) and moves a base; names are unique per team', async () => {
    const input = base({ name: '世纪大道驻点' });
    const { id } = await admin().teams.createBase(input);
    const mine = await fx.as('dispatcher').teams.bases({ teamId: fx.teamId });
    expect(mine.find((b) => b.id === id)).toMatchObject({ name: '世纪大道驻点', lat: 31.2397, active: true });
    const dup = await refusal(admin().teams.createBase(base({ name: '世纪大道驻点' })));
    expect(dup.appCode).toBe('BASE_NAME_TAKEN');
    const { en } = await inBothLanguages((locale) => admin(locale).teams.createBase(base({ name: '世纪大道驻点' })));
    expect(Object.keys(en.fieldErrors)).toEqual(['name']);
    await admin().teams.updateBase({
      idempotencyKey: key('b'),
      baseId: id,
      name: '世纪大道驻点',
      lat: 31.23,
      lng: 121.5,
    });
    const [moved] = await fx.handle.db.select({ lat: bases.lat }).from(bases).where(eq(bases.id, id));
    expect(moved?.lat).toBe(31.23);
  });

  it('refuses coordinates off the globe and a dispatcher of another team', async () => {
    const off = await inBothLanguages((locale) => admin(locale).teams.createBase(base({ lat: 91, lng: 200 })));
    expect(Object.keys(off.en.fieldErrors).sort()).toEqual(['lat', 'lng']);
    const teamsAll = await admin().admin.teams();
    const other = teamsAll.find((t) => t.id !== fx.teamId && !fx.users.dispatcher.teamIds.includes(t.id));
    const r = await refusal(fx.as('dispatcher').teams.bases({ teamId: other?.id as string }));
    expect(r.code).toBe('NOT_FOUND');
    expect((await refusal(fx.as('dispatcher').teams.createBase(base()))).code).toBe('FORBIDDEN');
  });

  it('refuses to deactivate a base agents still start from, saying how many; a free one is deactivated', async () => {
    const { id } = await admin().teams.createBase(base());
    const [agent] = await fx.handle.db
      .select({ id: agents.id })
      .from(agents)
      .where(eq(agents.teamId, fx.teamId))
      .limit(1);
    await fx.handle.db
      .update(agents)
      .set({ baseId: id })
      .where(eq(agents.id, agent?.id as string));
    const r = await refusal(admin().teams.setBaseActive({ idempotencyKey: key('b'), baseId: id, active: false }));
    expect(r.appCode).toBe('BASE_IN_USE');
    expect(r.details).toMatchObject({ agents: 1, patterns: 0 });
    const { en, zh } = await inBothLanguages((locale) =>
      admin(locale).teams.setBaseActive({ idempotencyKey: key('b'), baseId: id, active: false }),
    );
    expect(en.message).toContain('1 agent');
    expect(zh.message).toContain('外访员');
    const free = await admin().teams.createBase(base());
    expect(await admin().teams.setBaseActive({ idempotencyKey: key('b'), baseId: free.id, active: false })).toEqual({
      id: free.id,
      active: false,
    });
  });

  it('the demo teams have an office each, and their agents start from it', async () => {
    const rows = await fx.handle.db.select({ baseId: agents.baseId }).from(agents).where(eq(agents.teamId, fx.teamId));
    expect(rows.filter((r) => r.baseId !== null).length).toBeGreaterThan(0);
  });
});

describe('first-run checklist', () => {
  it('counts each step in one answer; the demo city has them all', async () => {
    const list = await admin().teams.setupChecklist();
    expect(list.steps.map((s) => s.step)).toEqual(['teams', 'bases', 'agents', 'roster', 'crews']);
    expect(list.steps.every((s) => s.done && s.count > 0)).toBe(true);
    expect(list.complete).toBe(true);
    expect((await refusal(fx.as('dispatcher').teams.setupChecklist())).code).toBe('FORBIDDEN');
  });
});
