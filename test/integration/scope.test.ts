import { TRPCError } from '@trpc/server';
import { and, eq, ne } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { crewMembers, teams, visits } from '../../drizzle/schema';
import { createCaller } from '../../server/trpc/root';
import { addDays, zonedTimeToUtc } from '../../shared/time';
import { makeContext } from './helpers/db';
import { TODAY } from './helpers/demo';
import { setUpDemoCity } from './helpers/demo-city';

describe('query scoping and PII masking (SPEC §4)', () => {
  const demo = setUpDemoCity();
  let ownVisitId: string;
  let otherCrewVisitId: string;
  let otherTeamId: string;
  let dispatcherTeamId: string;

  beforeAll(async () => {
    const agentId = demo.users.agent.agentId as string;
    const [member] = await demo.handle.db
      .select({ crewId: crewMembers.crewId })
      .from(crewMembers)
      .where(and(eq(crewMembers.agentId, agentId), eq(crewMembers.workDate, TODAY)));
    const crewId = member?.crewId as string;
    const [own] = await demo.handle.db.select({ id: visits.id }).from(visits).where(eq(visits.crewId, crewId)).limit(1);
    const [other] = await demo.handle.db
      .select({ id: visits.id })
      .from(visits)
      .where(and(ne(visits.crewId, crewId), eq(visits.visitDate, TODAY)))
      .limit(1);
    ownVisitId = own?.id as string;
    otherCrewVisitId = other?.id as string;
    dispatcherTeamId = demo.teamId;
    const allTeams = await demo.handle.db.select({ id: teams.id }).from(teams);
    otherTeamId = allTeams.map((t) => t.id).find((id) => !demo.users.manager.teamIds.includes(id)) as string;
  }, 120_000);

  it("the agent sees today's route of their own crew, in order, without debt details", async () => {
    const route = await createCaller(makeContext(demo.handle, demo.users.agent)).field.today({});
    expect(route.crew).not.toBeNull();
    expect(route.stops.length).toBeGreaterThanOrEqual(1);
    const positions = route.stops.map((s) => s.position ?? 0);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(JSON.stringify(route)).not.toMatch(/overdue|amount|idNumber|phone/i);
  });

  it("the agent's day is the date in the team's zone, asked or implied; a day without a crew is empty", async () => {
    const agentAt = (now?: Date) => createCaller(makeContext(demo.handle, demo.users.agent, now ? { now } : {}));
    const asked = await agentAt().field.today({ date: TODAY });
    expect(asked).toMatchObject({ date: TODAY, timeZone: 'Asia/Shanghai' });
    expect(asked.crew).not.toBeNull();
    // Half past midnight in Shanghai is still the day before in UTC: the day is the zone's.
    const afterMidnight = zonedTimeToUtc(TODAY, '00:30', 'Asia/Shanghai');
    expect(afterMidnight.toISOString().slice(0, 10)).toBe(addDays(TODAY, -1));
    expect(await agentAt(afterMidnight).field.today({})).toEqual(asked);
    const justBefore = zonedTimeToUtc(TODAY, '23:59', 'Asia/Shanghai');
    expect(await agentAt(justBefore).field.today({})).toEqual(asked);
    const dayBefore = await agentAt(new Date(afterMidnight.getTime() - 60 * 60_000)).field.today({});
    expect(dayBefore.date).toBe(addDays(TODAY, -1));
    const later = addDays(TODAY, 400);
    expect(await agentAt().field.today({ date: later })).toEqual({
      date: later,
      timeZone: 'Asia/Shanghai',
      crew: null,
      stops: [],
    });
  });

  it("a board asked without a date is the day in the team's zone", async () => {
    const dispatcherAt = (now: Date) => createCaller(makeContext(demo.handle, demo.users.dispatcher, { now }));
    const afterMidnight = zonedTimeToUtc(TODAY, '00:30', 'Asia/Shanghai');
    const board = await dispatcherAt(afterMidnight).dispatch.day({ teamId: dispatcherTeamId });
    expect(board.date).toBe(TODAY);
    const asked = await dispatcherAt(afterMidnight).dispatch.day({ teamId: dispatcherTeamId, date: TODAY });
    expect(board.visits).toEqual(asked.visits);
    const dayBefore = await dispatcherAt(new Date(afterMidnight.getTime() - 60 * 60_000)).dispatch.day({
      teamId: dispatcherTeamId,
    });
    expect(dayBefore.date).toBe(addDays(TODAY, -1));
  });

  it("the agent opens their own crew's visit but gets NOT_FOUND and no data for another crew's", async () => {
    const caller = createCaller(makeContext(demo.handle, demo.users.agent));
    const own = await caller.visits.get({ id: ownVisitId });
    expect(own.id).toBe(ownVisitId);
    const err = await caller.visits.get({ id: otherCrewVisitId }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TRPCError);
    expect((err as TRPCError).code).toBe('NOT_FOUND');
    expect(JSON.stringify(err)).not.toMatch(/borrower|address|overdue|slot/i);
  });

  it("a dispatcher sees their team's day and is refused another team's", async () => {
    const caller = createCaller(makeContext(demo.handle, demo.users.dispatcher));
    const day = await caller.dispatch.day({ teamId: dispatcherTeamId, date: TODAY });
    expect(day.crews.length).toBe(4);
    expect(day.visits.length).toBeGreaterThan(10);
    const err = await caller.dispatch.day({ teamId: otherTeamId, date: TODAY }).catch((e: TRPCError) => e);
    expect((err as TRPCError).code).toBe('NOT_FOUND');
  });

  it('a manager sees only their teams; outcomes are limited to them', async () => {
    const caller = createCaller(makeContext(demo.handle, demo.users.manager));
    const list = await caller.teams.list();
    expect(list.map((t) => t.id).sort()).toEqual([...demo.users.manager.teamIds].sort());
    const outcomes = await caller.outcomes.recent({});
    expect(outcomes.length).toBeGreaterThan(0);
    expect(outcomes.every((o) => demo.users.manager.teamIds.includes(o.teamId))).toBe(true);
    const err = await caller.outcomes.recent({ teamId: otherTeamId }).catch((e: TRPCError) => e);
    expect((err as TRPCError).code).toBe('NOT_FOUND');
  });

  it('borrower phones are masked for managers and clear for dispatchers', async () => {
    const asManager = await createCaller(makeContext(demo.handle, demo.users.manager)).dispatch.day({
      teamId: dispatcherTeamId,
      date: TODAY,
    });
    const asDispatcher = await createCaller(makeContext(demo.handle, demo.users.dispatcher)).dispatch.day({
      teamId: dispatcherTeamId,
      date: TODAY,
    });
    expect(asManager.visits.every((v) => /^\d{3}\*+\d{4}$/.test(v.borrowerPhone))).toBe(true);
    expect(asDispatcher.visits.every((v) => /^\d{11}$/.test(v.borrowerPhone))).toBe(true);
    const detail = await createCaller(makeContext(demo.handle, demo.users.manager)).visits.get({ id: ownVisitId });
    expect(detail.borrowerIdNumber).toMatch(/^\d{3}\*+[\dX]{4}$/);
  });

  it('admins see every team', async () => {
    const list = await createCaller(makeContext(demo.handle, demo.users.admin)).teams.list();
    expect(list).toHaveLength(3);
  });
});
