import { asc, desc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { agents, crewMembers, crews } from '../../drizzle/schema';
import { createCaller } from '../../server/trpc/root';
import { describeHistory } from '../../shared/history/messages';
import { addDays, localTime } from '../../shared/time';
import { arriveAt, assignedStops } from './field-helpers';
import { makeContext } from './helpers/db';
import { TODAY } from './helpers/demo';
import { key, setUpPlacementFixture } from './helpers/placement-fixture';

const ZONE = 'Asia/Shanghai';
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;
const ISO = /\d{4}-\d\d-\d\dT\d\d:\d\d/;

describe('a visit’s history reads as sentences in the reader’s language and the team’s time', () => {
  const fx = setUpPlacementFixture();
  const now = new Date(Math.floor(Date.now() / 60_000) * 60_000);
  const manager = () => createCaller(makeContext(fx.handle, fx.users.manager, { now }));
  /** The timeline's change entries with their sentence in both languages. */
  const history = async (visitId: string) =>
    (await manager().reports.timeline({ visitId })).events
      .filter((e) => e.kind === 'audit')
      .map((e) => ({
        action: e.details.action,
        change: String(e.details.change),
        en: e.history ? describeHistory(e.history, 'en') : null,
        zh: e.history ? describeHistory(e.history, 'zh-CN') : null,
      }));

  it('names who assigned the visit to which crew, its members and the arrival, in local time', async () => {
    const dispatcher = createCaller(makeContext(fx.handle, fx.users.dispatcher, { now }));
    await dispatcher.dispatch.assign({
      visitId: fx.tray.id,
      ...fx.good,
      version: fx.tray.version,
      idempotencyKey: key(),
    });
    // The crew and its members as the database has them, lead first.
    const members = await fx.handle.db
      .select({ crew: crews.name, name: agents.fullName })
      .from(crews)
      .innerJoin(crewMembers, eq(crewMembers.crewId, crews.id))
      .innerJoin(agents, eq(agents.id, crewMembers.agentId))
      .where(eq(crews.id, fx.good.crewId))
      .orderBy(desc(crewMembers.isLead), asc(agents.fullName));
    const crew = members[0]?.crew as string;
    const names = members.map((m) => m.name);
    const at = localTime(now, ZONE);
    const arrival = localTime(new Date(fx.good.arrival), ZONE);
    const entry = (await history(fx.tray.id)).find((h) => h.action === 'visit.assign');
    expect(entry?.en).toBe(
      `${at} ${fx.users.dispatcher.displayName} assigned the visit to ${crew} (${names.join(', ')}), arrival ${arrival}`,
    );
    expect(entry?.zh).toBe(
      `${at} ${fx.users.dispatcher.displayName} 将走访分派给 ${crew}（${names.join('、')}），预计 ${arrival} 到达`,
    );
    // No ids or UTC timestamps in the sentence; the raw change stays available on demand.
    expect(entry?.en).not.toMatch(UUID);
    expect(entry?.en).not.toMatch(ISO);
    expect(entry?.change).toContain(fx.good.crewId);

    await dispatcher.dispatch.unassign({ visitId: fx.tray.id, version: fx.tray.version + 1, idempotencyKey: key() });
    const off = (await history(fx.tray.id)).find((h) => h.action === 'visit.unassign');
    expect(off?.en).toBe(`${at} ${fx.users.dispatcher.displayName} took the visit off ${crew}; it is unassigned again`);
    expect(off?.zh).toBe(`${at} ${fx.users.dispatcher.displayName} 将走访从 ${crew} 撤回，走访重新待分配`);
  });

  it('tells a check-in with its distance and a corrected outcome with the codes in words', async () => {
    const [stop] = await assignedStops(fx.handle, fx.users);
    if (!stop) throw new Error('no assigned stop for the demo agent today');
    const arrived = await arriveAt(fx.handle, fx.users, stop, 'history');
    const agent = createCaller(makeContext(fx.handle, fx.users.agent, { now: arrived }));
    const outcome = {
      visitId: stop.id,
      code: 'promise_to_pay' as const,
      idShown: true,
      recordingMade: true,
      recordingRef: 'REC-HISTORY',
      identityVerified: true,
      borrowerPresent: true,
      promisedAmountCents: 150_000,
      promisedDate: addDays(TODAY, 7),
      signedCommitment: false,
      attachmentIds: [],
      nextAction: 'follow_up_visit' as const,
    };
    await agent.field.recordOutcome({ ...outcome, clientId: 'history-outcome-1' });
    await agent.field.recordOutcome({
      ...outcome,
      clientId: 'history-outcome-2',
      code: 'partial_payment',
      promisedAmountCents: undefined,
      promisedDate: undefined,
      correctionReason: 'Borrower paid half on the spot',
    });
    const h = await history(stop.id);
    const t = localTime(arrived, ZONE);
    const who = fx.users.agent.displayName;
    expect(h.find((e) => e.action === 'visit.check_in')?.en).toBe(`${t} ${who} checked in 0 m from the address`);
    expect(h.find((e) => e.action === 'outcome.record')?.en).toBe(`${t} ${who} recorded the outcome: Promise to pay`);
    expect(h.find((e) => e.action === 'outcome.correct')?.en).toBe(
      `${t} ${who} corrected the outcome: Promise to pay → Partial payment (version 2, because: Borrower paid half on the spot)`,
    );
    expect(h.find((e) => e.action === 'outcome.correct')?.zh).toBe(
      `${t} ${who} 更正了走访结果：承诺还款 → 部分还款（第 2 版，原因：Borrower paid half on the spot）`,
    );
    for (const e of h) {
      expect(e.en, e.action as string).not.toMatch(UUID);
      expect(e.zh, e.action as string).not.toMatch(ISO);
    }
  });
});
