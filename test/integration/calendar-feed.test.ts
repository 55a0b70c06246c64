/**
 * Agents' calendar feeds (SPEC §8.5, issue #16): an agent creates a private address (shown once, stored as its
 * SHA-256), a calendar app fetches it without a session, and the feed — read by ical.js, not the generator —
 * lists exactly the agent's crews' visits in the team's zone with no debt data; a revoked address is a 404.
 */

import { and, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '../../drizzle/schema';
import { hashFeedToken } from '../../server/modules/calendar/calendar.service';
import { createCaller } from '../../server/trpc/root';
import { addDays, localDate, zonedTimeToUtc } from '../../shared/time';
import { parseFeed } from '../helpers/ical-feed';
import { failure } from './helpers/calls';
import { makeContext } from './helpers/db';
import { setUpDemoCity } from './helpers/demo-city';
import { httpApp } from './helpers/http-app';

const ZONE = 'Asia/Shanghai';
let keyNo = 0;
const key = (tag: string) => `calendar-${tag}-${++keyNo}`;

describe('calendar feed', () => {
  const demo = setUpDemoCity();
  let app: FastifyInstance;
  const agent = (locale: 'en' | 'zh-CN' = 'en') => createCaller(makeContext(demo.handle, demo.users.agent, { locale }));
  const get = (path: string, opts: { ip?: string; headers?: Record<string, string> } = {}) =>
    app.inject({ method: 'GET', url: path, remoteAddress: opts.ip ?? '10.0.0.1', headers: opts.headers });
  const pathOf = (url: string | null) => new URL(url as string).pathname;

  beforeAll(async () => {
    app = await httpApp(demo.handle);
  });
  afterAll(async () => app?.close());

  /** The visits the feed must list: those of the crews the agent is in, today and the next 14 days. */
  async function expectedVisits(agentId: string) {
    const today = localDate(new Date(), ZONE);
    return demo.handle.db
      .select({ id: s.visits.id, caseId: s.appointments.caseId })
      .from(s.visits)
      .innerJoin(s.crewMembers, and(eq(s.crewMembers.crewId, s.visits.crewId), eq(s.crewMembers.agentId, agentId)))
      .innerJoin(s.appointments, eq(s.appointments.id, s.visits.appointmentId))
      .where(and(gte(s.visits.visitDate, today), lte(s.visits.visitDate, addDays(today, 14))));
  }

  it('create shows the address once, stores only its hash, audits without it; a replay names the same feed', async () => {
    expect(await agent().calendar.myFeed()).toBeNull();
    const input = { idempotencyKey: key('create') };
    const created = await agent().calendar.createFeed(input);
    expect(created.url).toMatch(/^http:\/\/doorstep\.test\/cal\/[A-Za-z0-9_-]{43}\.ics$/);
    const token = pathOf(created.url).slice('/cal/'.length, -'.ics'.length);
    const [row] = await demo.handle.db.select().from(s.calendarFeeds).where(eq(s.calendarFeeds.id, created.id));
    expect(row?.tokenHash).toBe(hashFeedToken(token));
    expect(row?.agentId).toBe(demo.users.agent.agentId);
    const everywhere = JSON.stringify([
      await demo.handle.db.select().from(s.calendarFeeds),
      await demo.handle.db.select().from(s.idempotencyKeys),
      await demo.handle.db.select().from(s.auditLog),
    ]);
    expect(everywhere).not.toContain(token);
    const audit = await demo.handle.db.select().from(s.auditLog).where(eq(s.auditLog.entityId, created.id));
    expect(audit.map((a) => a.action)).toEqual(['calendarFeed.create']);

    const replay = await agent().calendar.createFeed(input);
    expect(replay).toEqual({ id: created.id, createdAt: created.createdAt, url: null });
    expect(await agent().calendar.myFeed()).toEqual({
      id: created.id,
      createdAt: created.createdAt,
      lastFetchedAt: null,
    });
  });

  it("the feed has exactly the agent's visits, in Asia/Shanghai with its VTIMEZONE, and no debt data", async () => {
    const created = await agent().calendar.createFeed({ idempotencyKey: key('feed') });
    const res = await get(pathOf(created.url));
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(res.headers['cache-control']).toBe('private, max-age=300');
    const feed = parseFeed(res.body);
    expect(feed.zones).toEqual([ZONE]);

    const expected = await expectedVisits(demo.users.agent.agentId as string);
    expect(expected.length).toBeGreaterThan(0);
    expect(feed.events.map((e) => e.uid).sort()).toEqual(expected.map((v) => `${v.id}@doorstep`).sort());
    // Another crew's visits today are not there.
    const others = await demo.handle.db
      .select({ id: s.visits.id })
      .from(s.visits)
      .where(
        and(
          eq(s.visits.visitDate, localDate(new Date(), ZONE)),
          sql`${s.visits.crewId} is not null`,
          expected.length ? sql`${s.visits.id} not in ${expected.map((v) => v.id)}` : sql`true`,
        ),
      );
    expect(others.length).toBeGreaterThan(0);
    for (const o of others) expect(res.body).not.toContain(o.id);

    // Each start is written in the team's zone and names the visit's planned arrival (or its slot) exactly.
    const rows = await demo.handle.db
      .select({
        id: s.visits.id,
        plannedArrival: s.visits.plannedArrival,
        serviceMinutes: s.visits.serviceMinutes,
        slotStart: s.appointments.slotStart,
        slotEnd: s.appointments.slotEnd,
      })
      .from(s.visits)
      .innerJoin(s.appointments, eq(s.appointments.id, s.visits.appointmentId))
      .where(
        inArray(
          s.visits.id,
          expected.map((v) => v.id),
        ),
      );
    for (const r of rows) {
      const e = feed.events.find((x) => x.uid === `${r.id}@doorstep`);
      expect(e?.startZone).toBe(ZONE);
      const start = r.plannedArrival ?? r.slotStart;
      const end = r.plannedArrival ? new Date(r.plannedArrival.getTime() + r.serviceMinutes * 60_000) : r.slotEnd;
      expect(e?.start.toISOString()).toBe(new Date(Math.floor(start.getTime() / 1000) * 1000).toISOString());
      expect(e?.end.toISOString()).toBe(new Date(Math.floor(end.getTime() / 1000) * 1000).toISOString());
      expect(e?.summary).toMatch(/^(协商拜访|核实拜访) · \S+/);
      // In the agent's language (the demo agent's is zh-CN).
      expect(e?.description).toMatch(
        /^约定时段：\d{4}-\d\d-\d\d \d\d:\d\d–\d\d:\d\d\n小组：.+（工号 .+）\n借款人：.+$/,
      );
    }
    // The raw text holds none of the cases' amounts, ID numbers or phone numbers, nor the borrower's full name.
    const secrets = await demo.handle.db
      .select({
        amount: s.cases.overdueAmountCents,
        principal: s.cases.principalCents,
        idNumber: s.borrowers.idNumber,
        phone: s.borrowers.phone,
        name: s.borrowers.fullName,
      })
      .from(s.cases)
      .innerJoin(s.borrowers, eq(s.borrowers.id, s.cases.borrowerId))
      .where(
        inArray(
          s.cases.id,
          expected.map((v) => v.caseId),
        ),
      );
    const unfolded = res.body.replace(/\r\n[ \t]/g, '');
    for (const c of secrets) {
      expect(unfolded).not.toContain(c.idNumber);
      expect(unfolded).not.toContain(c.phone);
      expect(unfolded).not.toContain(c.phone.slice(-8));
      expect(unfolded).not.toContain(c.name);
      for (const cents of [c.amount, c.principal]) {
        expect(unfolded).not.toContain((cents / 100).toFixed(2));
        expect(unfolded).not.toContain((cents / 100).toLocaleString('en-US'));
      }
    }
    expect(unfolded).not.toMatch(/amount|overdue|欠款|金额|身份证|电话/i);
  });

  it('a moved visit shows its new time with a higher SEQUENCE; an unchanged feed answers 304 to its ETag', async () => {
    const created = await agent().calendar.createFeed({ idempotencyKey: key('move') });
    const path = pathOf(created.url);
    const before = await get(path);
    const etag = String(before.headers.etag);
    expect((await get(path, { headers: { 'if-none-match': etag } })).statusCode).toBe(304);

    // The dispatcher moves the agent's last stop of today 10 minutes later, on the same crew, through the router
    // (at 07:00 local, before the day starts, so that the move is not refused as in the past).
    const today = localDate(new Date(), ZONE);
    const [last] = await demo.handle.db
      .select({
        id: s.visits.id,
        version: s.visits.version,
        crewId: s.visits.crewId,
        plannedArrival: s.visits.plannedArrival,
      })
      .from(s.visits)
      .innerJoin(s.crewMembers, eq(s.crewMembers.crewId, s.visits.crewId))
      .where(
        and(
          eq(s.crewMembers.agentId, demo.users.agent.agentId as string),
          eq(s.visits.visitDate, today),
          eq(s.visits.status, 'assigned'),
        ),
      )
      .orderBy(sql`${s.visits.plannedArrival} desc`)
      .limit(1);
    const first = last as NonNullable<typeof last>;
    const old = parseFeed(before.body).events.find((e) => e.uid === `${first.id}@doorstep`);
    const newArrival = new Date((first.plannedArrival as Date).getTime() + 10 * 60_000);
    const dispatcher = createCaller(
      makeContext(demo.handle, demo.users.dispatcher, { now: zonedTimeToUtc(today, '07:00', ZONE) }),
    );
    await dispatcher.dispatch.move({
      visitId: first.id,
      crewId: first.crewId as string,
      arrival: newArrival.toISOString(),
      version: first.version,
      idempotencyKey: key('dispatch-move'),
    });

    const after = await get(path, { headers: { 'if-none-match': etag } });
    expect(after.statusCode).toBe(200);
    expect(after.headers.etag).not.toBe(etag);
    const moved = parseFeed(after.body).events.find((e) => e.uid === `${first?.id}@doorstep`);
    expect(moved?.start.toISOString()).toBe(newArrival.toISOString());
    expect(old?.start.toISOString()).toBe(first.plannedArrival?.toISOString());
    expect(moved?.sequence).toBe((old?.sequence ?? 0) + 1);
  });

  it('a cancelled visit leaves the feed (a subscribed calendar drops it on its next read)', async () => {
    const created = await agent().calendar.createFeed({ idempotencyKey: key('cancel') });
    const before = parseFeed((await get(pathOf(created.url))).body);
    const [, second] = await expectedVisits(demo.users.agent.agentId as string);
    const [visit] = await demo.handle.db
      .select({ appointmentId: s.visits.appointmentId })
      .from(s.visits)
      .where(eq(s.visits.id, second?.id as string));
    expect(before.events.some((e) => e.uid === `${second?.id}@doorstep`)).toBe(true);
    await createCaller(makeContext(demo.handle, demo.users.dispatcher)).appointments.cancel({
      appointmentId: visit?.appointmentId as string,
      reason: 'borrower asked to cancel',
      idempotencyKey: key('appointment-cancel'),
    });
    const after = parseFeed((await get(pathOf(created.url))).body);
    expect(after.events.map((e) => e.uid)).toEqual(
      before.events.map((e) => e.uid).filter((u) => u !== `${second?.id}@doorstep`),
    );
    expect(after.events.every((e) => e.status === 'CONFIRMED')).toBe(true);
  });

  it('a new address revokes the old one; a revoked address is 404 like an unknown one; lastFetched is recorded', async () => {
    const a = await agent().calendar.createFeed({ idempotencyKey: key('a') });
    expect((await get(pathOf(a.url))).statusCode).toBe(200);
    expect((await agent().calendar.myFeed())?.lastFetchedAt).not.toBeNull();
    const b = await agent().calendar.createFeed({ idempotencyKey: key('b') });
    const oldAnswer = await get(pathOf(a.url));
    expect(oldAnswer.statusCode).toBe(404);
    expect(JSON.parse(oldAnswer.body).error.code).toBe('CALENDAR_FEED_NOT_FOUND');
    expect((await get(pathOf(b.url))).statusCode).toBe(200);

    const revoked = await agent().calendar.revokeFeed({ idempotencyKey: key('revoke') });
    expect(revoked.id).toBe(b.id);
    const gone = await get(pathOf(b.url), { headers: { 'accept-language': 'zh-CN' } });
    const unknown = await get(`/cal/${'A'.repeat(43)}.ics`, { headers: { 'accept-language': 'zh-CN' } });
    expect(gone.statusCode).toBe(404);
    expect(unknown.statusCode).toBe(404);
    expect(gone.body).toBe(unknown.body);
    expect(JSON.parse(gone.body).error.message).toBe('该日历地址不存在或已被撤销。');
    const en = await get(`/cal/${'A'.repeat(43)}.ics`);
    expect(JSON.parse(en.body).error.message).toBe('This calendar address does not exist or was revoked.');
    expect(await agent().calendar.myFeed()).toBeNull();
    expect(await agent().calendar.revokeFeed({ idempotencyKey: key('revoke-none') })).toEqual({
      id: null,
      revokedAt: null,
    });
    const audit = await demo.handle.db.select().from(s.auditLog).where(eq(s.auditLog.entityId, b.id));
    expect(audit.map((x) => x.action).sort()).toEqual(['calendarFeed.create', 'calendarFeed.revoke']);
  });

  it('two creates at once leave exactly one live feed, and neither fails', async () => {
    const both = await Promise.all([
      agent().calendar.createFeed({ idempotencyKey: key('race-1') }),
      agent().calendar.createFeed({ idempotencyKey: key('race-2') }),
    ]);
    expect(both.every((c) => c.url !== null)).toBe(true);
    const live = await demo.handle.db
      .select({ id: s.calendarFeeds.id })
      .from(s.calendarFeeds)
      .where(
        and(eq(s.calendarFeeds.agentId, demo.users.agent.agentId as string), sql`${s.calendarFeeds.revokedAt} is null`),
      );
    expect(live.length).toBe(1);
    const codes = await Promise.all(both.map((c) => get(pathOf(c.url)).then((r) => r.statusCode)));
    expect(codes.sort()).toEqual([200, 404]);
  });

  it('only an agent has a feed: a dispatcher is refused', async () => {
    const en = await failure(
      createCaller(makeContext(demo.handle, demo.users.dispatcher)).calendar.createFeed({ idempotencyKey: key('d') }),
    );
    expect(en.code).toBe('FORBIDDEN');
    const zh = await failure(
      createCaller(makeContext(demo.handle, demo.users.dispatcher, { locale: 'zh-CN' })).calendar.myFeed(),
    );
    expect(zh.code).toBe('FORBIDDEN');
  });

  it('hostile tokens are refused with 404, 400 or 414 (too long), never a 500, and guessing is rate-limited per address', async () => {
    const ip = '10.9.9.9';
    const hostile = [
      '/cal/%00.ics',
      `/cal/${'A'.repeat(42)}%00.ics`,
      `/cal/${'x'.repeat(20_000)}.ics`,
      '/cal/%ED%A0%80.ics',
      '/cal/%uD800.ics',
      '/cal/..%2F..%2Fetc%2Fpasswd.ics',
      `/cal/${'A'.repeat(43)}`,
      "/cal/'%20or%201=1--.ics",
    ];
    for (const path of hostile) {
      const res = await get(path, { ip });
      expect([400, 404, 414], `${path.slice(0, 40)} → ${res.statusCode}`).toContain(res.statusCode);
    }
    let last = 0;
    for (let i = 0; i < 25 && last !== 429; i++) last = (await get(`/cal/${'B'.repeat(43)}.ics`, { ip })).statusCode;
    expect(last).toBe(429);
    const limited = await get(`/cal/${'B'.repeat(43)}.ics`, { ip });
    expect(JSON.parse(limited.body).error.code).toBe('CALENDAR_FEED_RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(JSON.parse(limited.body).error.message).toMatch(/^This calendar address was asked for too often/);
    const zh = await get(`/cal/${'B'.repeat(43)}.ics`, { ip, headers: { 'accept-language': 'zh-CN' } });
    expect(JSON.parse(zh.body).error.message).toMatch(/^该日历地址请求过于频繁/);
    // Another address is not affected.
    expect((await get(`/cal/${'B'.repeat(43)}.ics`, { ip: '10.9.9.10' })).statusCode).toBe(404);
  });
});
