import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, rosterPatterns, shifts } from '../../drizzle/schema';
import { ROSTER_HORIZON_DAYS } from '../../shared/rules/roster';
import { addDays } from '../../shared/time';
import { appCode, fieldErrorsOf, refusal } from './helpers/calls';
import { clientAnswer } from './helpers/client-error';
import { key, NOW, setUpRosterFixture, TODAY } from './helpers/roster-fixture';

const weekdays = [1, 2, 3, 4, 5];
const dayShift = { starts: '09:00', ends: '17:00', breakStarts: '12:00', breakEnds: '13:30', breakMinutes: 60 };

describe('roster: weekly patterns make the shifts of the next 8 weeks (SPEC §8.2)', () => {
  const fx = setUpRosterFixture();
  const shiftsOf = (agentId: string) =>
    fx.handle.db
      .select({
        workDate: shifts.workDate,
        startsAt: shifts.startsAt,
        endsAt: shifts.endsAt,
        breakStartsAt: shifts.breakStartsAt,
        origin: shifts.origin,
      })
      .from(shifts)
      .where(eq(shifts.agentId, agentId))
      .orderBy(shifts.workDate);

  /** The refusal in English and in Chinese: the same code, a different (translated) message, on the field. */
  async function refusedBoth(call: (locale: 'en' | 'zh-CN') => Promise<unknown>, code: string, field: string) {
    const en = await clientAnswer(fx.handle, call('en'), 'en');
    const zh = await clientAnswer(fx.handle, call('zh-CN'), 'zh-CN');
    expect(en.code).not.toBe('OK');
    expect(en.fieldErrors[field], JSON.stringify(en)).toBeTruthy();
    expect(zh.fieldErrors[field]).toBeTruthy();
    expect(zh.fieldErrors[field]).not.toBe(en.fieldErrors[field]);
    const e = await refusal(call('en'));
    expect(e.appCode === code || e.appCode === 'VALIDATION' || e.appCode === null).toBe(true);
    return { en, zh, appCode: e.appCode };
  }

  it('a pattern generates a shift on each working weekday from today to 8 weeks ahead, in UTC from Shanghai time', async () => {
    const agent = fx.sh.agents[0] as string;
    const out = await fx.as('dispatcher').roster.createPattern({
      agentId: agent,
      weekdays,
      ...dayShift,
      validFrom: '2026-01-01',
      idempotencyKey: key(),
    });
    const rows = await shiftsOf(agent);
    expect(out.shifts.inserted).toBe(rows.length);
    expect(rows[0]?.workDate).toBe(TODAY);
    expect((rows.at(-1)?.workDate ?? '') >= addDays(TODAY, ROSTER_HORIZON_DAYS - 3)).toBe(true);
    expect(rows.every((r) => r.workDate <= addDays(TODAY, ROSTER_HORIZON_DAYS))).toBe(true);
    // 8 weeks and a day of Mondays to Fridays.
    expect(rows.length).toBeGreaterThanOrEqual(40);
    const weekend = rows.filter((r) => [0, 6].includes(new Date(`${r.workDate}T00:00:00Z`).getUTCDay()));
    expect(weekend).toEqual([]);
    const first = rows[0];
    expect(first?.startsAt.toISOString()).toBe(`${TODAY}T01:00:00.000Z`);
    expect(first?.endsAt.toISOString()).toBe(`${TODAY}T09:00:00.000Z`);
    expect(first?.breakStartsAt?.toISOString()).toBe(`${TODAY}T04:00:00.000Z`);
    expect(rows.every((r) => r.origin === 'roster')).toBe(true);
    const [audit] = await fx.handle.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(eq(auditLog.entityId, out.pattern.id));
    expect(audit?.action).toBe('roster.pattern.create');
  });

  it('New York: 09:00 local is 13:00 UTC before the clocks go back on 1 November and 14:00 UTC after', async () => {
    const agent = fx.ny.agents[0] as string;
    await fx.as('nyDispatcher').roster.createPattern({
      agentId: agent,
      weekdays,
      starts: '09:00',
      ends: '17:00',
      validFrom: TODAY,
      idempotencyKey: key(),
    });
    const rows = await shiftsOf(agent);
    const on = (d: string) => rows.find((r) => r.workDate === d);
    expect(on('2026-10-30')?.startsAt.toISOString()).toBe('2026-10-30T13:00:00.000Z');
    expect(on('2026-10-30')?.endsAt.toISOString()).toBe('2026-10-30T21:00:00.000Z');
    expect(on('2026-11-02')?.startsAt.toISOString()).toBe('2026-11-02T14:00:00.000Z');
    expect(on('2026-11-02')?.endsAt.toISOString()).toBe('2026-11-02T22:00:00.000Z');
  });

  it('a public holiday takes the day off every agent of the team; removing it brings the shifts back', async () => {
    const agent = fx.sh.agents[0] as string;
    const holiday = addDays(TODAY, 14); // a Tuesday
    const before = (await shiftsOf(agent)).length;
    const added = await fx.as('dispatcher').roster.addException({
      teamId: fx.sh.teamId,
      kind: 'public_holiday',
      startsOn: holiday,
      endsOn: holiday,
      idempotencyKey: key(),
    });
    expect(added.shiftsRemoved).toBe(1);
    const rows = await shiftsOf(agent);
    expect(rows.length).toBe(before - 1);
    expect(rows.find((r) => r.workDate === holiday)).toBeUndefined();
    // Regenerating the whole team keeps the holiday free.
    await fx.as('dispatcher').roster.regenerate({ teamId: fx.sh.teamId, idempotencyKey: key() });
    expect((await shiftsOf(agent)).find((r) => r.workDate === holiday)).toBeUndefined();
    await fx.as('dispatcher').roster.removeException({ id: added.id, idempotencyKey: key() });
    expect((await shiftsOf(agent)).find((r) => r.workDate === holiday)).toBeDefined();
  });

  it('a hand-set shift is manual and survives regeneration and pattern changes', async () => {
    const agent = fx.sh.agents[0] as string;
    const date = addDays(TODAY, 1);
    const set = await fx.as('dispatcher').roster.setShift({
      agentId: agent,
      date,
      starts: '10:00',
      ends: '15:00',
      idempotencyKey: key(),
    });
    expect(set.origin).toBe('manual');
    await fx.as('dispatcher').roster.regenerate({ teamId: fx.sh.teamId, idempotencyKey: key() });
    const row = (await shiftsOf(agent)).find((r) => r.workDate === date);
    expect(row?.origin).toBe('manual');
    expect(row?.startsAt.toISOString()).toBe(`${date}T02:00:00.000Z`);
    expect(row?.endsAt.toISOString()).toBe(`${date}T07:00:00.000Z`);
  });

  it('refuses overlapping shifts: a second pattern of one agent on a shared weekday in an overlapping period', async () => {
    const agent = fx.sh.agents[0] as string;
    const call = (locale: 'en' | 'zh-CN') =>
      fx.as('dispatcher', locale).roster.createPattern({
        agentId: agent,
        weekdays: [5, 6],
        starts: '18:00',
        ends: '21:00',
        validFrom: addDays(TODAY, 30),
        idempotencyKey: key(),
      });
    const r = await refusedBoth(call, 'ROSTER_PATTERNS_OVERLAP', 'weekdays');
    expect(r.appCode).toBe('ROSTER_PATTERNS_OVERLAP');
    expect(r.en.message).toContain('Overlapping shifts');
    expect(r.zh.message).toContain('班次重叠');
    // Saturday and Sunday alone do not overlap Monday to Friday.
    const ok = await fx.as('dispatcher').roster.createPattern({
      agentId: agent,
      weekdays: [6],
      starts: '09:00',
      ends: '12:00',
      validFrom: addDays(TODAY, 30),
      validTo: addDays(TODAY, 40),
      idempotencyKey: key(),
    });
    expect(ok.pattern.weekdays).toEqual([6]);
  });

  it('refuses a break outside the shift, a break longer than its window and an end before the start, on the field', async () => {
    const agent = fx.sh.agents[1] as string;
    const base = { agentId: agent, weekdays: [1], validFrom: TODAY };
    const outside = await refusedBoth(
      (locale) =>
        fx.as('dispatcher', locale).roster.createPattern({
          ...base,
          ...dayShift,
          breakStarts: '08:00',
          breakEnds: '09:30',
          idempotencyKey: key(),
        }),
      'ROSTER_BREAK_OUTSIDE_SHIFT',
      'breakStarts',
    );
    expect(outside.en.fieldErrors.breakStarts).toContain('inside the shift (09:00–17:00)');
    expect(outside.zh.fieldErrors.breakStarts).toContain('休息时段须在班次');
    const tooLong = await refusedBoth(
      (locale) =>
        fx.as('dispatcher', locale).roster.createPattern({
          ...base,
          ...dayShift,
          breakMinutes: 120,
          idempotencyKey: key(),
        }),
      'ROSTER_BREAK_TOO_LONG',
      'breakMinutes',
    );
    expect(tooLong.en.fieldErrors.breakMinutes).toContain('(120 min) is longer than its window (90 min)');
    const reversed = await refusedBoth(
      (locale) =>
        fx.as('dispatcher', locale).roster.setShift({
          agentId: agent,
          date: TODAY,
          starts: '17:00',
          ends: '09:00',
          idempotencyKey: key(),
        }),
      'ROSTER_END_BEFORE_START',
      'ends',
    );
    expect(reversed.en.fieldErrors.ends).toContain('end after it starts');
    expect(reversed.zh.fieldErrors.ends).toContain('结束时间须晚于开始时间');
    const badTime = await refusedBoth(
      (locale) =>
        fx
          .as('dispatcher', locale)
          .roster.createPattern({ ...base, ...dayShift, starts: '24:00', idempotencyKey: key() }),
      'VALIDATION',
      'starts',
    );
    expect(badTime.en.fieldErrors.starts).toContain('HH:MM');
    expect((await shiftsOf(agent)).length).toBe(0);
  });

  it('refuses a base of another team and an inactive agent, each with its own translated message', async () => {
    const agent = fx.sh.agents[1] as string;
    const base = await refusedBoth(
      (locale) =>
        fx.as('admin', locale).roster.createPattern({
          agentId: agent,
          weekdays: [1],
          ...dayShift,
          startBaseId: fx.ny.baseId,
          validFrom: TODAY,
          idempotencyKey: key(),
        }),
      'ROSTER_BASE_OTHER_TEAM',
      'startBaseId',
    );
    expect(base.appCode).toBe('ROSTER_BASE_OTHER_TEAM');
    expect(base.zh.message).toContain('驻点属于其他小组');
    const inactive = await refusedBoth(
      (locale) =>
        fx.as('dispatcher', locale).roster.createPattern({
          agentId: fx.sh.inactive,
          weekdays: [1],
          ...dayShift,
          validFrom: TODAY,
          idempotencyKey: key(),
        }),
      'ROSTER_AGENT_INACTIVE',
      'agentId',
    );
    expect(inactive.appCode).toBe('ROSTER_AGENT_INACTIVE');
    expect(inactive.en.message).toContain('Agent Gone is inactive');
    expect(inactive.zh.message).toContain('已停用');
  });

  it('refuses an agent on a public holiday and a leave without an agent, and a validity that ends before it starts', async () => {
    const holidayWithAgent = await refusedBoth(
      (locale) =>
        fx.as('dispatcher', locale).roster.addException({
          teamId: fx.sh.teamId,
          agentId: fx.sh.agents[1] as string,
          kind: 'public_holiday',
          startsOn: TODAY,
          endsOn: TODAY,
          idempotencyKey: key(),
        }),
      'ROSTER_HOLIDAY_WHOLE_TEAM',
      'agentId',
    );
    expect(holidayWithAgent.appCode).toBe('ROSTER_HOLIDAY_WHOLE_TEAM');
    const leaveWithout = await refusedBoth(
      (locale) =>
        fx.as('dispatcher', locale).roster.addException({
          teamId: fx.sh.teamId,
          kind: 'leave',
          startsOn: TODAY,
          endsOn: TODAY,
          idempotencyKey: key(),
        }),
      'ROSTER_AGENT_REQUIRED',
      'agentId',
    );
    expect(leaveWithout.appCode).toBe('ROSTER_AGENT_REQUIRED');
    const reversed = await refusedBoth(
      (locale) =>
        fx.as('dispatcher', locale).roster.createPattern({
          agentId: fx.sh.agents[1] as string,
          weekdays: [2],
          ...dayShift,
          validFrom: '2026-12-01',
          validTo: '2026-11-01',
          idempotencyKey: key(),
        }),
      'VALIDATION',
      'validTo',
    );
    expect(reversed.en.fieldErrors.validTo).toContain('before the start date');
    const notADate = await clientAnswer(
      fx.handle,
      fx.as('dispatcher').roster.addException({
        teamId: fx.sh.teamId,
        agentId: fx.sh.agents[1] as string,
        kind: 'leave',
        startsOn: '2026-02-30',
        endsOn: '2026-03-01',
        idempotencyKey: key(),
      }),
    );
    expect(notADate.code).toBe('BAD_REQUEST');
    expect(notADate.fieldErrors.startsOn).toBeTruthy();
  });

  it('two dispatchers change the same pattern at once: exactly one wins, the other is told to reload', async () => {
    const agent = fx.sh.agents[2] as string;
    const created = await fx.as('dispatcher').roster.createPattern({
      agentId: agent,
      weekdays: [1, 2, 3],
      ...dayShift,
      validFrom: TODAY,
      idempotencyKey: key(),
    });
    const { id, version } = created.pattern;
    const edit = (who: 'dispatcher' | 'dispatcher2', ends: string, locale: 'en' | 'zh-CN' = 'en') =>
      fx.as(who, locale).roster.updatePattern({
        id,
        version,
        weekdays: [1, 2, 3],
        ...dayShift,
        ends,
        validFrom: TODAY,
        idempotencyKey: key(),
      });
    const results = await Promise.allSettled([edit('dispatcher', '18:00'), edit('dispatcher2', '19:00')]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(appCode(lost[0]?.reason)).toBe('ROSTER_PATTERN_CHANGED');
    const [stored] = await fx.handle.db
      .select({ ends: sql<string>`to_char(${rosterPatterns.ends}, 'HH24:MI')` })
      .from(rosterPatterns)
      .where(eq(rosterPatterns.id, id));
    const winner = (won[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof edit>>>).value;
    expect(stored?.ends).toBe(winner.pattern.ends);
    const zh = await clientAnswer(fx.handle, edit('dispatcher', '20:00', 'zh-CN'), 'zh-CN');
    expect(zh.message).toContain('其他人已修改此排班规则');
  });

  it('a retried create with the same key makes one pattern and answers the same; ending it removes later shifts', async () => {
    const agent = fx.sh.agents[3] as string;
    const input = { agentId: agent, weekdays: [2, 4], ...dayShift, validFrom: TODAY, idempotencyKey: key() };
    const first = await fx.as('dispatcher').roster.createPattern(input);
    const again = await fx.as('dispatcher').roster.createPattern(input);
    expect(again).toEqual(first);
    const count = await fx.handle.db
      .select({ n: sql<number>`count(*)`.mapWith(Number) })
      .from(rosterPatterns)
      .where(eq(rosterPatterns.agentId, agent));
    expect(count[0]?.n).toBe(1);
    const end = addDays(TODAY, 7);
    await fx.as('dispatcher').roster.endPattern({
      id: first.pattern.id,
      version: first.pattern.version,
      validTo: end,
      idempotencyKey: key(),
    });
    const left = await fx.handle.db
      .select({ workDate: shifts.workDate })
      .from(shifts)
      .where(and(eq(shifts.agentId, agent), sql`${shifts.workDate} > ${end}`));
    expect(left).toEqual([]);
    expect((await shiftsOf(agent)).length).toBeGreaterThan(0);
  });

  it('access: a manager reads but does not edit; another team’s agent is not found', async () => {
    const range = await fx.as('manager').roster.range({ teamId: fx.sh.teamId, from: TODAY, to: addDays(TODAY, 6) });
    expect(range.agents.map((a) => a.fullName)).toContain('Agent SH1');
    expect(range.shifts.length).toBeGreaterThan(0);
    expect(range.timeZone).toBe('Asia/Shanghai');
    const forbidden = await refusal(
      fx.as('manager').roster.setShift({
        agentId: fx.sh.agents[0] as string,
        date: TODAY,
        starts: '09:00',
        ends: '10:00',
        idempotencyKey: key(),
      }),
    );
    expect(forbidden.code).toBe('FORBIDDEN');
    const foreign = await refusal(
      fx.as('dispatcher').roster.createPattern({
        agentId: fx.ny.agents[1] as string,
        weekdays: [1],
        ...dayShift,
        validFrom: TODAY,
        idempotencyKey: key(),
      }),
    );
    expect(foreign.appCode).toBe('NOT_FOUND');
    const otherRange = await refusal(
      fx.as('dispatcher').roster.range({ teamId: fx.ny.teamId, from: TODAY, to: TODAY }),
    );
    expect(otherRange.appCode).toBe('NOT_FOUND');
    expect(
      fieldErrorsOf(
        await (async () => {
          try {
            await fx.as('dispatcher').roster.setShift({
              agentId: fx.sh.agents[0] as string,
              date: addDays(TODAY, -1),
              starts: '09:00',
              ends: '10:00',
              idempotencyKey: key(),
            });
          } catch (e) {
            return e as never;
          }
          throw new Error('a past date was accepted');
        })(),
      ).date,
    ).toBe('ROSTER_DATE_PAST');
    expect(NOW.toISOString()).toBe('2026-10-20T04:00:00.000Z');
  });
});
