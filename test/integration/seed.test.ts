import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '../../drizzle/schema';
import type { DbHandle } from '../../server/db/client';
import {
  DEFAULT_SEED,
  demoLoginsText,
  generateDemo,
  isDatabaseEmpty,
  resetDatabase,
  type SeedSummary,
  seedDemo,
} from '../../server/db/seed';
import { isValidIdNumber } from '../../server/db/seed/names';
import { travelMinutes } from '../../server/db/seed/shanghai';
import { DEMO_PASSWORD, DEMO_USERS } from '../../shared/demo';
import { addDays, localDate, localMinutes } from '../../shared/time';
import { createTestDb } from './helpers/db';

const TODAY = '2026-05-04';
const TZ = 'Asia/Shanghai';
const MIN = 60_000;

let handle: DbHandle;
let summary: SeedSummary;
// Everything read back once; the checks below are plain array work.
let rows: {
  teams: (typeof s.teams.$inferSelect)[];
  users: (typeof s.users.$inferSelect)[];
  agents: (typeof s.agents.$inferSelect)[];
  shifts: (typeof s.shifts.$inferSelect)[];
  crews: (typeof s.crews.$inferSelect)[];
  crewMembers: (typeof s.crewMembers.$inferSelect)[];
  borrowers: (typeof s.borrowers.$inferSelect)[];
  addresses: (typeof s.addresses.$inferSelect)[];
  cases: (typeof s.cases.$inferSelect)[];
  contacts: (typeof s.contactAttempts.$inferSelect)[];
  appointments: (typeof s.appointments.$inferSelect)[];
  visits: (typeof s.visits.$inferSelect)[];
  outcomes: (typeof s.outcomes.$inferSelect)[];
  plans: (typeof s.repaymentPlans.$inferSelect)[];
  instalments: (typeof s.instalments.$inferSelect)[];
};

beforeAll(async () => {
  handle = await createTestDb();
  expect(await isDatabaseEmpty(handle.db)).toBe(true);
  summary = await seedDemo(handle.db, { today: TODAY, timeZone: TZ });
  const db = handle.db;
  rows = {
    teams: await db.select().from(s.teams),
    users: await db.select().from(s.users),
    agents: await db.select().from(s.agents),
    shifts: await db.select().from(s.shifts),
    crews: await db.select().from(s.crews),
    crewMembers: await db.select().from(s.crewMembers),
    borrowers: await db.select().from(s.borrowers),
    addresses: await db.select().from(s.addresses),
    cases: await db.select().from(s.cases),
    contacts: await db.select().from(s.contactAttempts),
    appointments: await db.select().from(s.appointments),
    visits: await db.select().from(s.visits),
    outcomes: await db.select().from(s.outcomes),
    plans: await db.select().from(s.repaymentPlans),
    instalments: await db.select().from(s.instalments),
  };
}, 60_000);

afterAll(async () => {
  await handle?.close();
});

const byId = <T extends { id: string }>(list: T[]) => new Map(list.map((x) => [x.id, x]));
const must = <T>(x: T | undefined, what: string): T => {
  if (x === undefined) throw new Error(`missing ${what}`);
  return x;
};

describe('demo city seed', () => {
  it('creates the organisation: 3 teams, 24 crew-ready agents plus one lapsed, 12 crews a day', () => {
    expect(rows.teams).toHaveLength(3);
    const valid = rows.agents.filter((a) => a.credentialValidFrom <= TODAY && a.credentialValidTo >= TODAY);
    expect(valid).toHaveLength(24);
    const lapsed = rows.agents.filter((a) => a.credentialValidTo < TODAY);
    expect(lapsed).toHaveLength(1);
    expect(rows.crewMembers.some((m) => m.agentId === lapsed[0]?.id)).toBe(false);
    expect(new Set(rows.agents.map((a) => a.badgeNo)).size).toBe(rows.agents.length);
    for (let d = -3; d <= 6; d++) {
      const date = addDays(TODAY, d);
      const crews = rows.crews.filter((c) => c.workDate === date);
      expect(crews).toHaveLength(12);
      for (const crew of crews) {
        const members = rows.crewMembers.filter((m) => m.crewId === crew.id);
        expect(members).toHaveLength(2);
        expect(members.filter((m) => m.isLead === 1)).toHaveLength(1);
      }
    }
    expect(summary.counts.cases).toBe(600);
    expect(rows.cases).toHaveLength(600);
    expect(rows.borrowers).toHaveLength(600);
  });

  it('has one login per role, all with the demo password hash', () => {
    const names = new Map(rows.users.map((u) => [u.username, u]));
    expect(names.get(DEMO_USERS.admin)?.role).toBe('admin');
    expect(names.get(DEMO_USERS.dispatcher)?.role).toBe('dispatcher');
    expect(names.get(DEMO_USERS.manager)?.role).toBe('manager');
    expect(names.get(DEMO_USERS.agent)?.role).toBe('agent');
    expect(new Set(rows.users.map((u) => u.passwordHash)).size).toBe(1);
    expect(demoLoginsText()).toContain(DEMO_PASSWORD);
  });

  it('keeps every place inside Shanghai and borrower data well-formed', () => {
    const inCity = (lat: number, lng: number) => lat >= 30.68 && lat <= 31.88 && lng >= 120.85 && lng <= 122.2;
    for (const a of rows.addresses) expect(inCity(a.lat, a.lng), a.text).toBe(true);
    for (const a of rows.agents) expect(inCity(a.homeBaseLat, a.homeBaseLng)).toBe(true);
    for (const sh of rows.shifts) expect(inCity(sh.startLat, sh.startLng) && inCity(sh.endLat, sh.endLng)).toBe(true);
    for (const b of rows.borrowers) {
      expect(isValidIdNumber(b.idNumber), b.idNumber).toBe(true);
      expect(b.phone).toMatch(/^1[3-9]\d{9}$/);
    }
    for (const a of rows.addresses) expect(a.text).toMatch(/^上海市.+(区|新区).+室$/);
  });

  it('logs a first notice ≥ 10 days ago on every case and a bucket consistent with days past due', () => {
    const cutoff = new Date(Date.parse(`${addDays(TODAY, -10)}T00:00:00+08:00`));
    for (const c of rows.cases) {
      const first = rows.contacts.filter((x) => x.caseId === c.id && x.stage === 'first_notice');
      expect(first).toHaveLength(1);
      expect(must(first[0], 'first notice').attemptedAt.getTime()).toBeLessThan(cutoff.getTime());
      expect(c.daysPastDue).toBeGreaterThanOrEqual(31);
      expect(c.daysPastDue).toBeLessThanOrEqual(360);
      const expected = c.daysPastDue > 180 ? 'M6+' : `M${Math.ceil(c.daysPastDue / 30)}`;
      expect(c.bucket).toBe(expected);
      expect(c.principalCents).toBeGreaterThanOrEqual(500_000);
      expect(c.principalCents).toBeLessThanOrEqual(20_000_000);
    }
  });

  it('agrees ~400 two-hour slots inside 08:00–22:00 with notice and confirmation', () => {
    const agreed = rows.appointments.filter((a) => a.status === 'agreed');
    expect(rows.appointments.length).toBeGreaterThanOrEqual(350);
    expect(rows.appointments.length).toBeLessThanOrEqual(450);
    expect(agreed.length).toBeGreaterThanOrEqual(350);
    const casesById = byId(rows.cases);
    const addressesById = byId(rows.addresses);
    for (const a of rows.appointments) {
      expect(a.slotEnd.getTime() - a.slotStart.getTime()).toBe(120 * MIN);
      const start = localMinutes(a.slotStart, TZ);
      expect(start).toBeGreaterThanOrEqual(8 * 60);
      expect(start + 120).toBeLessThanOrEqual(22 * 60);
      expect(localDate(a.slotStart, TZ)).toBe(localDate(a.slotEnd, TZ));
      expect(a.agreedAt.getTime()).toBeLessThanOrEqual(a.slotStart.getTime() - 120 * MIN);
      expect(a.borrowerConfirmed).toBe(true);
      const notices = rows.contacts.filter(
        (x) => x.caseId === a.caseId && x.stage === 'appointment_notice' && x.attemptedAt < a.agreedAt,
      );
      expect(notices.length).toBeGreaterThanOrEqual(1);
      // Only the borrower's own addresses are visited.
      const c = must(casesById.get(a.caseId), 'case');
      expect(must(addressesById.get(a.addressId), 'address').borrowerId).toBe(c.borrowerId);
    }
    const future = agreed.filter((a) => localDate(a.slotStart, TZ) >= TODAY);
    expect(future.every((a) => localDate(a.slotStart, TZ) <= addDays(TODAY, 6))).toBe(true);
  });

  it('never plans more than 2 visits for a borrower in any 7 days', () => {
    const appts = byId(rows.appointments);
    const casesById = byId(rows.cases);
    const perBorrower = new Map<string, number[]>();
    for (const v of rows.visits) {
      if (v.status === 'cancelled') continue;
      const a = must(appts.get(v.appointmentId), 'appointment');
      const borrower = must(casesById.get(a.caseId), 'case').borrowerId;
      perBorrower.set(borrower, [...(perBorrower.get(borrower) ?? []), a.slotStart.getTime()]);
    }
    for (const times of perBorrower.values()) {
      times.sort((x, y) => x - y);
      for (let i = 2; i < times.length; i++) {
        expect((times[i] as number) - (times[i - 2] as number)).toBeGreaterThanOrEqual(7 * 24 * 60 * MIN);
      }
    }
  });

  it('routes assigned visits feasibly: in slot, in both shifts, travel respected, no overlap', () => {
    const appts = byId(rows.appointments);
    const addressesById = byId(rows.addresses);
    const agentsById = byId(rows.agents);
    const shiftOf = new Map(rows.shifts.map((sh) => [`${sh.agentId}|${sh.workDate}`, sh]));
    const routed = rows.visits.filter((v) => v.crewId !== null && v.status !== 'cancelled');
    expect(routed.length).toBeGreaterThan(100);
    const byCrew = new Map<string, typeof routed>();
    for (const v of routed) {
      const a = must(appts.get(v.appointmentId), 'appointment');
      const arrival = must(v.plannedArrival ?? undefined, 'planned arrival').getTime();
      expect(arrival).toBeGreaterThanOrEqual(a.slotStart.getTime());
      expect(arrival).toBeLessThanOrEqual(a.slotEnd.getTime());
      const members = rows.crewMembers.filter((m) => m.crewId === v.crewId);
      expect(new Set([v.agentId, v.secondAgentId])).toEqual(new Set(members.map((m) => m.agentId)));
      expect(members.find((m) => m.isLead === 1)?.agentId).toBe(v.agentId);
      for (const agentId of [v.agentId, v.secondAgentId]) {
        const sh = must(shiftOf.get(`${agentId}|${v.visitDate}`), 'shift');
        expect(arrival).toBeGreaterThanOrEqual(sh.startsAt.getTime());
        expect(arrival + v.serviceMinutes * MIN).toBeLessThanOrEqual(sh.endsAt.getTime());
        const agent = must(agentsById.get(agentId ?? ''), 'agent');
        expect(agent.credentialValidFrom <= v.visitDate && agent.credentialValidTo >= v.visitDate).toBe(true);
        for (const skill of v.requiredSkills) {
          const crewSkills = members.flatMap((m) => agentsById.get(m.agentId)?.skills ?? []);
          expect(crewSkills).toContain(skill);
        }
      }
      byCrew.set(v.crewId as string, [...(byCrew.get(v.crewId as string) ?? []), v]);
    }
    for (const list of byCrew.values()) {
      list.sort((x, y) => (x.routePosition ?? 0) - (y.routePosition ?? 0));
      expect(list.map((v) => v.routePosition)).toEqual(list.map((_, i) => i + 1));
      for (let i = 1; i < list.length; i++) {
        const prev = list[i - 1] as (typeof list)[number];
        const cur = list[i] as (typeof list)[number];
        const from = must(addressesById.get(must(appts.get(prev.appointmentId), 'appt').addressId), 'addr');
        const to = must(addressesById.get(must(appts.get(cur.appointmentId), 'appt').addressId), 'addr');
        const earliest =
          (prev.plannedArrival as Date).getTime() + prev.serviceMinutes * MIN + travelMinutes(from, to) * MIN;
        expect((cur.plannedArrival as Date).getTime()).toBeGreaterThanOrEqual(earliest);
      }
    }
  });

  it("gives the demo agent's crew 4–6 visits today and team 1 a busy day", () => {
    const user = must(
      rows.users.find((u) => u.username === DEMO_USERS.agent),
      'agent user',
    );
    const agent = must(
      rows.agents.find((a) => a.userId === user.id),
      'agent',
    );
    const membership = must(
      rows.crewMembers.find((m) => m.agentId === agent.id && m.workDate === TODAY),
      'crew today',
    );
    expect(membership.isLead).toBe(1);
    const mine = rows.visits.filter((v) => v.crewId === membership.crewId);
    expect(mine.length).toBeGreaterThanOrEqual(4);
    expect(mine.length).toBeLessThanOrEqual(6);
    expect(mine.every((v) => v.status === 'assigned' && v.visitDate === TODAY)).toBe(true);

    const team1 = rows.visits.filter((v) => v.teamId === agent.teamId && v.visitDate === TODAY);
    expect(team1.length).toBeGreaterThanOrEqual(15);
    expect(team1.length).toBeLessThanOrEqual(25);
    const soon = rows.visits.filter((v) => v.visitDate === TODAY || v.visitDate === addDays(TODAY, 1));
    const unassigned = soon.filter((v) => v.status === 'unassigned').length / soon.length;
    expect(unassigned).toBeGreaterThan(0.05);
    expect(unassigned).toBeLessThan(0.3);
  });

  it('records the past days: completed visits with outcomes, a few missed, plans that add up', () => {
    const past = rows.visits.filter((v) => v.visitDate < TODAY);
    expect(past.some((v) => v.status === 'missed')).toBe(true);
    expect(past.every((v) => ['completed', 'missed', 'cancelled'].includes(v.status))).toBe(true);
    const completed = past.filter((v) => v.status === 'completed');
    expect(completed.length).toBeGreaterThan(30);
    const agentsById = byId(rows.agents);
    for (const v of completed) {
      const outs = rows.outcomes.filter((o) => o.visitId === v.id);
      expect(outs).toHaveLength(1);
      const o = must(outs[0], 'outcome');
      expect(o.version).toBe(1);
      expect(o.idShown).toBe(true);
      expect(o.recordingRefs.length).toBeGreaterThan(0);
      expect(o.recordedBy).toBe(agentsById.get(v.agentId ?? '')?.userId);
      expect(v.checkInAt && v.checkOutAt && v.checkInAt <= v.checkOutAt).toBe(true);
    }
    expect(rows.visits.filter((v) => v.visitDate >= TODAY).every((v) => v.checkInAt === null)).toBe(true);
    const codes = new Set(rows.outcomes.map((o) => o.code));
    for (const code of ['promise_to_pay', 'repayment_plan_agreed', 'borrower_absent'] as const) {
      expect(codes.has(code)).toBe(true);
    }
    for (const o of rows.outcomes.filter((x) => x.code === 'promise_to_pay')) {
      expect(o.promisedAmountCents).toBeGreaterThan(0);
      expect(o.promisedDate).not.toBeNull();
    }
    expect(rows.plans.length).toBe(rows.outcomes.filter((o) => o.code === 'repayment_plan_agreed').length);
    for (const plan of rows.plans) {
      const parts = rows.instalments.filter((i) => i.planId === plan.id);
      expect(parts).toHaveLength(3);
      expect(parts.reduce((sum, i) => sum + i.amountCents, 0)).toBe(plan.totalCents);
    }
  });

  it('is deterministic: the same seed and today give identical rows, another seed does not', () => {
    const opts = { seed: DEFAULT_SEED, cases: 600, agents: 24, today: TODAY, timeZone: TZ, passwordHash: 'h' };
    const a = generateDemo(opts);
    const b = generateDemo(opts);
    expect(b).toEqual(a);
    const c = generateDemo({ ...opts, seed: DEFAULT_SEED + 1 });
    expect(c.borrowers[0]?.idNumber).not.toBe(a.borrowers[0]?.idNumber);
    // The inserted ids are the generator's ids.
    expect(new Set(rows.visits.map((v) => v.id))).toEqual(new Set(a.visits.map((v) => v.id)));
  });

  it('scales to other sizes', () => {
    const big = generateDemo({ seed: 7, cases: 2000, agents: 64, today: TODAY, timeZone: TZ, passwordHash: 'h' });
    expect(big.cases).toHaveLength(2000);
    expect(big.teams).toHaveLength(4);
    expect(big.crews.filter((c) => c.workDate === TODAY)).toHaveLength(32);
    expect(new Set(big.borrowers.map((b) => b.idNumber)).size).toBe(2000);
  });

  it('resets to an empty database', async () => {
    expect(await isDatabaseEmpty(handle.db)).toBe(false);
    await resetDatabase(handle.db);
    expect(await isDatabaseEmpty(handle.db)).toBe(true);
    expect(await handle.db.select().from(s.visits)).toHaveLength(0);
  });
});
