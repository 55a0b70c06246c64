import { and, asc, eq, gte, inArray, ne } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { agents, auditLog, bases, crewMembers, teams, visits } from '../../drizzle/schema';
import { createCaller } from '../../server/trpc/root';
import { DEMO_USERS } from '../../shared/demo';
import { addDays } from '../../shared/time';
import { PNG } from '../helpers/files';
import { refusal } from './helpers/calls';
import { clientAnswer } from './helpers/client-error';
import { makeContext } from './helpers/db';
import { TODAY } from './helpers/demo';
import { setUpDemoCity } from './helpers/demo-city';
import { httpApp, signInOver } from './helpers/http-app';

const city = setUpDemoCity();
let n = 0;
const key = (label: string) => `agents-${label}-${++n}-${Date.now()}`;
const admin = (locale: 'en' | 'zh-CN' = 'en') => createCaller(makeContext(city.handle, city.users.admin, { locale }));

let baseId: string;
let otherTeamBaseId: string;
let otherTeamId: string;

/** A valid new agent of the demo team; `over` changes fields. */
const newAgent = (tag: string, over: Record<string, unknown> = {}) => ({
  idempotencyKey: key(tag),
  teamId: city.teamId,
  fullName: `测试外访员 ${tag}`,
  badgeNo: `T-${tag}`,
  credentialNo: `TC-${tag}`,
  credentialValidFrom: addDays(TODAY, -100),
  credentialValidTo: addDays(TODAY, 300),
  phone: '13912345678',
  skills: ['negotiation'],
  languages: ['zh'],
  baseId,
  maxVisitsPerDay: 6,
  active: true,
  ...over,
});

/** The form of an existing agent as the edit form sends it back. */
async function formOf(agentId: string, over: Record<string, unknown> = {}) {
  const { id, teamId: _t, userId, baseId, preferredPartnerId, ...a } = await admin().admin.agent({ id: agentId });
  const links = {
    userId: userId ?? undefined,
    baseId: baseId ?? undefined,
    preferredPartnerId: preferredPartnerId ?? undefined,
  };
  return { idempotencyKey: key('u'), agentId: id, ...a, ...links, confirm: false, ...over };
}

/** Both languages' message of a refused call: they must differ (translated, not a code). */
async function bothLanguages(call: (locale: 'en' | 'zh-CN') => Promise<unknown>) {
  const en = await clientAnswer(city.handle, call('en'), 'en');
  const zh = await clientAnswer(city.handle, call('zh-CN'), 'zh-CN');
  return { en, zh };
}

/** An agent of the demo team with a visit still in the dispatcher's hands today or later, and that visit. */
async function agentWithPlannedVisit(skip: string[] = []) {
  const db = city.handle.db;
  const rows = await db
    .select({ agentId: crewMembers.agentId, visitId: visits.id, visitDate: visits.visitDate })
    .from(visits)
    .innerJoin(crewMembers, eq(crewMembers.crewId, visits.crewId))
    .where(and(eq(visits.teamId, city.teamId), eq(visits.status, 'assigned'), gte(visits.visitDate, TODAY)))
    .orderBy(asc(visits.visitDate), asc(visits.id));
  const row = rows.find((r) => !skip.includes(r.agentId));
  if (!row) throw new Error('the demo city has no planned visit ahead');
  return row;
}

beforeAll(async () => {
  const db = city.handle.db;
  const [other] = await db.select({ id: teams.id }).from(teams).where(ne(teams.id, city.teamId)).limit(1);
  otherTeamId = other?.id as string;
  const [b] = await db
    .insert(bases)
    .values({ teamId: city.teamId, name: '徐汇驻点', lat: 31.19, lng: 121.43 })
    .returning({ id: bases.id });
  const [o] = await db
    .insert(bases)
    .values({ teamId: otherTeamId, name: '浦东驻点', lat: 31.22, lng: 121.54 })
    .returning({ id: bases.id });
  baseId = b?.id as string;
  otherTeamBaseId = o?.id as string;
});

describe('an admin adds and changes a team’s agents', () => {
  it('creates an agent at a base: listed with the base, its place copied, audited', async () => {
    const { id } = await admin().admin.createAgent(newAgent('A1'));
    const listed = (await admin().admin.agents({ teamId: city.teamId })).find((a) => a.id === id);
    expect(listed).toMatchObject({ badgeNo: 'T-A1', baseName: '徐汇驻点', active: true, credentialFlag: null });
    expect(listed?.phone).toBe('139****5678');
    const [row] = await city.handle.db.select().from(agents).where(eq(agents.id, id));
    expect([row?.homeBaseLat, row?.homeBaseLng]).toEqual([31.19, 121.43]);
    const audit = await city.handle.db.select().from(auditLog).where(eq(auditLog.entityId, id));
    expect(audit.map((a) => a.action)).toEqual(['agent.create']);
  });

  it('badge numbers are case-insensitive and unique: BADGE_TAKEN on the badge field, in both languages', async () => {
    const { en, zh } = await bothLanguages((locale) =>
      admin(locale).admin.createAgent(newAgent(`dup-${locale}`, { badgeNo: 't-a1' })),
    );
    expect(en.code).toBe('CONFLICT');
    expect(Object.keys(en.fieldErrors)).toEqual(['badgeNo']);
    expect(en.message).toContain('T-A1');
    expect(zh.message).toContain('工号');
    expect(zh.message).not.toBe(en.message);
    const same = await refusal(admin().admin.createAgent(newAgent('A2', { credentialNo: 'TC-A1' })));
    expect(same.appCode).toBe('CREDENTIAL_NO_TAKEN');
  });

  it('two concurrent creates with one badge: exactly one wins, the other is BADGE_TAKEN (no server error)', async () => {
    const results = await Promise.allSettled([
      admin().admin.createAgent(newAgent('R1', { badgeNo: 'T-RACE' })),
      admin().admin.createAgent(newAgent('R2', { badgeNo: 'T-RACE' })),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const lost = results.find((r) => r.status === 'rejected');
    const answer = await clientAnswer(city.handle, Promise.reject(lost?.reason));
    expect(answer.code).toBe('CONFLICT');
    expect(answer.fieldErrors).toEqual({ badgeNo: expect.stringContaining('T-RACE') });
    const rows = await city.handle.db.select().from(agents).where(eq(agents.badgeNo, 'T-RACE'));
    expect(rows).toHaveLength(1);
  });

  it('a credential ending before it starts is refused on the "to" field, translated', async () => {
    const { en, zh } = await bothLanguages((locale) =>
      admin(locale).admin.createAgent(
        newAgent(`rev-${locale}`, { credentialValidFrom: '2026-06-01', credentialValidTo: '2026-05-31' }),
      ),
    );
    expect(en.code).toBe('BAD_REQUEST');
    expect(en.fieldErrors).toEqual({ credentialValidTo: 'must not be before the start date' });
    expect(zh.fieldErrors).toEqual({ credentialValidTo: '不能早于开始日期' });
  });

  it('base, partner and sign-in must fit the team, each refused on its field', async () => {
    const otherBase = await refusal(admin().admin.createAgent(newAgent('B1', { baseId: otherTeamBaseId })));
    expect(otherBase.appCode).toBe('AGENT_BASE_INVALID');
    const noBase = await refusal(admin().admin.createAgent(newAgent('B2', { baseId: undefined })));
    expect(noBase.appCode).toBe('AGENT_BASE_REQUIRED');
    const [foreign] = await city.handle.db
      .select({ id: agents.id })
      .from(agents)
      .where(eq(agents.teamId, otherTeamId))
      .limit(1);
    const partner = await refusal(admin().admin.createAgent(newAgent('B3', { preferredPartnerId: foreign?.id })));
    expect(partner.appCode).toBe('AGENT_PARTNER_INVALID');
    const dispatcherUser = await refusal(
      admin().admin.createAgent(newAgent('B4', { userId: city.users.dispatcher.id })),
    );
    expect(dispatcherUser.appCode).toBe('AGENT_USER_INVALID');
    const linkedUser = await refusal(admin().admin.createAgent(newAgent('B5', { userId: city.users.agent.id })));
    expect(linkedUser.appCode).toBe('AGENT_USER_INVALID');
    const [mine] = (await admin().admin.agents({ teamId: city.teamId })).filter((a) => a.badgeNo === 'T-A1');
    const self = await refusal(
      admin().admin.updateAgent(await formOf(mine?.id as string, { preferredPartnerId: mine?.id })),
    );
    expect(self.appCode).toBe('AGENT_PARTNER_INVALID');
    const { en, zh } = await bothLanguages((locale) =>
      admin(locale).admin.createAgent(newAgent(`B6-${locale}`, { baseId: otherTeamBaseId })),
    );
    expect(Object.keys(en.fieldErrors)).toEqual(['baseId']);
    expect(zh.message).not.toBe(en.message);
  });

  it('a replayed create answers the first result; the same key with another body is refused', async () => {
    const input = newAgent('I1');
    const first = await admin().admin.createAgent(input);
    const again = await admin().admin.createAgent(input);
    expect(again).toEqual(first);
    expect(await city.handle.db.select().from(agents).where(eq(agents.badgeNo, 'T-I1'))).toHaveLength(1);
    const changed = await refusal(admin().admin.createAgent({ ...input, fullName: '别人' }));
    expect(changed.appCode).toBe('IDEMPOTENCY_KEY_BODY_CHANGED');
  });

  it('hostile input is a 400 naming the field, never a server error', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ fullName: 'a\u0000b' }, 'fullName'],
      [{ fullName: 'x\uD800' }, 'fullName'],
      [{ fullName: 'x'.repeat(100_000) }, 'fullName'],
      [{ credentialValidFrom: '2026-02-30' }, 'credentialValidFrom'],
      [{ maxVisitsPerDay: 1e12 }, 'maxVisitsPerDay'],
      [{ maxVisitsPerDay: 0 }, 'maxVisitsPerDay'],
      [{ phone: '12345' }, 'phone'],
      [{ badgeNo: '-<script>' }, 'badgeNo'],
      [{ languages: ['中文'] }, 'languages.0'],
      [{ baseId: 'not-a-uuid' }, 'baseId'],
    ];
    for (const [over, field] of cases) {
      const answer = await clientAnswer(city.handle, admin().admin.createAgent(newAgent('H', over)));
      expect(answer.code, field).toBe('BAD_REQUEST');
      expect(Object.keys(answer.fieldErrors), field).toEqual([field]);
    }
    const zh = await clientAnswer(
      city.handle,
      admin('zh-CN').admin.createAgent(newAgent('H', { phone: '1' })),
      'zh-CN',
    );
    expect(zh.fieldErrors.phone).toBe('须为中国大陆手机号码：以 1 开头的 11 位数字');
  });

  it('only an admin manages agents', async () => {
    for (const role of ['dispatcher', 'manager', 'agent'] as const) {
      const caller = createCaller(makeContext(city.handle, city.users[role]));
      expect((await refusal(caller.admin.createAgent(newAgent(`X-${role}`)))).code).toBe('FORBIDDEN');
      expect((await refusal(caller.admin.agents({}))).code).toBe('FORBIDDEN');
    }
  });

  it('the photo goes to the badge’s photo store; anything but an image is refused', async () => {
    const [mine] = (await admin().admin.agents({ teamId: city.teamId })).filter((a) => a.badgeNo === 'T-A1');
    const agentId = mine?.id as string;
    await admin().admin.setAgentPhoto({
      idempotencyKey: key('p'),
      agentId,
      mimeType: 'image/png',
      dataBase64: PNG.toString('base64'),
    });
    const listed = (await admin().admin.agents({ teamId: city.teamId })).find((a) => a.id === agentId);
    expect(listed?.hasPhoto).toBe(true);
    const app = await httpApp(city.handle);
    try {
      const get = async (who: 'admin' | 'dispatcher') =>
        app.inject({
          method: 'GET',
          url: `/admin/agent-photo/${agentId}`,
          headers: { cookie: (await signInOver(app, DEMO_USERS[who])).cookie },
        });
      const seen = await get('admin');
      expect(seen.statusCode).toBe(200);
      expect(seen.rawPayload.equals(PNG)).toBe(true);
      expect((await get('dispatcher')).statusCode).toBe(404);
    } finally {
      await app.close();
    }
    // The demo agent's photo set by the admin is the one on their badge.
    const [demoAgent] = await city.handle.db
      .select({ id: agents.id })
      .from(agents)
      .where(eq(agents.userId, city.users.agent.id));
    await admin().admin.setAgentPhoto({
      idempotencyKey: key('p'),
      agentId: demoAgent?.id as string,
      mimeType: 'image/png',
      dataBase64: PNG.toString('base64'),
    });
    const badge = await createCaller(makeContext(city.handle, city.users.agent)).field.badges({});
    expect(badge.agent.photo).toMatchObject({ sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const bad = await refusal(
      admin().admin.setAgentPhoto({
        idempotencyKey: key('p'),
        agentId,
        mimeType: 'image/png',
        dataBase64: Buffer.from('not an image at all').toString('base64'),
      }),
    );
    expect(bad.appCode).toBe('AGENT_PHOTO_INVALID');
  });
});

describe('an agent whose credential runs out within 14 days is flagged', () => {
  it('13 and 14 days left: flagged; 15: not; past: expired', async () => {
    const ids: Record<string, string> = {};
    for (const [tag, days] of [
      ['E13', 13],
      ['E14', 14],
      ['E15', 15],
      ['EX', -1],
    ] as const) {
      ids[tag] = (await admin().admin.createAgent(newAgent(tag, { credentialValidTo: addDays(TODAY, days) }))).id;
    }
    const rows = await admin().admin.agents({ teamId: city.teamId });
    const flag = (tag: string) => rows.find((a) => a.id === ids[tag])?.credentialFlag;
    expect(flag('E13')).toEqual({ kind: 'expiring', daysLeft: 13 });
    expect(flag('E14')).toEqual({ kind: 'expiring', daysLeft: 14 });
    expect(flag('E15')).toBeNull();
    expect(flag('EX')).toEqual({ kind: 'expired', daysLeft: -1 });
  });
});

describe('taking an agent off planned visits is never silent', () => {
  it('deactivation with visits ahead: refused with the list, nothing changed; confirmed: back in the tray', async () => {
    const planned = await agentWithPlannedVisit();
    const form = await formOf(planned.agentId, { active: false });
    const refused = await refusal(admin().admin.updateAgent(form));
    expect(refused.appCode).toBe('ORG_CHANGE_AFFECTS_VISITS');
    const listed = refused.details?.visits as Array<{ visitId: string }>;
    expect(listed.map((v) => v.visitId)).toContain(planned.visitId);
    const zh = await clientAnswer(
      city.handle,
      admin('zh-CN').admin.updateAgent({ ...form, idempotencyKey: key('z') }),
      'zh-CN',
    );
    expect(zh.message).toContain('外访组');
    const [still] = await city.handle.db.select().from(agents).where(eq(agents.id, planned.agentId));
    expect(still?.active).toBe(true);

    const done = await admin().admin.updateAgent({ ...form, idempotencyKey: key('c'), confirm: true });
    expect(done.released).toBe(listed.length);
    const [visit] = await city.handle.db.select().from(visits).where(eq(visits.id, planned.visitId));
    expect(visit).toMatchObject({ status: 'unassigned', crewId: null, trayReason: 'TRAY_AGENT_INACTIVE' });
    const [after] = await city.handle.db.select().from(agents).where(eq(agents.id, planned.agentId));
    expect(after?.active).toBe(false);
    const audit = await city.handle.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(inArray(auditLog.entityId, [planned.agentId, planned.visitId]));
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['agent.update', 'visit.unassign']));
    // Without visits ahead any more, the same change needs no confirmation.
    const calm = await admin().admin.updateAgent(await formOf(planned.agentId, { active: false }));
    expect(calm.released).toBe(0);
  });

  it('a credential shortened before a planned visit: refused with the list; confirmed: TRAY_CREDENTIAL_INVALID', async () => {
    const deactivated = (
      await city.handle.db.select({ id: agents.id }).from(agents).where(eq(agents.active, false))
    ).map((a) => a.id);
    const planned = await agentWithPlannedVisit(deactivated);
    const form = await formOf(planned.agentId, { credentialValidTo: addDays(planned.visitDate, -1) });
    if (form.credentialValidFrom > form.credentialValidTo) form.credentialValidFrom = form.credentialValidTo;
    const refused = await refusal(admin().admin.updateAgent(form));
    expect(refused.appCode).toBe('ORG_CHANGE_AFFECTS_VISITS');
    const shortList = refused.details?.visits as Array<{ visitId: string }>;
    expect(shortList.map((v) => v.visitId)).toContain(planned.visitId);
    await admin().admin.updateAgent({ ...form, idempotencyKey: key('c'), confirm: true });
    const [visit] = await city.handle.db.select().from(visits).where(eq(visits.id, planned.visitId));
    expect(visit).toMatchObject({ status: 'unassigned', trayReason: 'TRAY_CREDENTIAL_INVALID' });
    // Lengthening it again touches nothing.
    const longer = await admin().admin.updateAgent(
      await formOf(planned.agentId, { credentialValidTo: addDays(TODAY, 400) }),
    );
    expect(longer.released).toBe(0);
  });
});
