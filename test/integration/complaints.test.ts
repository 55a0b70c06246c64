import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../server/db/client';
import { createCaller } from '../../server/trpc/root';
import { appCode, failure, fieldErrorsOf } from './helpers/calls';
import { createTestDb, makeContext } from './helpers/db';
import { at, D1, D2, D3 } from './helpers/oversight-dataset';
import { buildOversightFixture } from './helpers/oversight-fixture';

describe('complaints', () => {
  let handle: DbHandle;
  let fx: Awaited<ReturnType<typeof buildOversightFixture>>;
  const as = (user: typeof fx.manager) => createCaller(makeContext(handle, user, { now: at(D3, '10:00') }));

  beforeAll(async () => {
    handle = await createTestDb();
    fx = await buildOversightFixture(handle);
  }, 120_000);
  afterAll(async () => handle?.close());

  it('records a complaint once per key, shows it open on the dashboard and in the visit timeline', async () => {
    const input = {
      key: 'complaint-key-0001',
      visitId: fx.visitIds.v3 as string,
      channel: 'phone' as const,
      text: 'The visitor did not show an ID badge',
    };
    const a = await as(fx.dispatcher).complaints.create(input);
    const b = await as(fx.dispatcher).complaints.create(input);
    expect(b.id).toBe(a.id);
    const list = await as(fx.manager).complaints.list({});
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ status: 'open', channel: 'phone', visitId: fx.visitIds.v3 });
    expect((await as(fx.manager).reports.dashboard({ from: D1, to: D2 })).openComplaints).toBe(1);
    const timeline = await as(fx.manager).reports.timeline({ visitId: fx.visitIds.v3 as string });
    expect(timeline.events.map((e) => e.kind)).toEqual(
      expect.arrayContaining(['slotAgreed', 'checkIn', 'outcome', 'complaint', 'audit']),
    );
  });

  it('assigns to a handler of the team and resolves with a note, each audited', async () => {
    const [c] = await as(fx.manager).complaints.list({ status: 'open' });
    await expect(
      as(fx.manager).complaints.assign({ id: c?.id as string, userId: fx.agentUser.id }),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    // The field says why in the caller's language.
    const inChinese = createCaller(makeContext(handle, fx.manager, { now: at(D3, '10:00'), locale: 'zh-CN' }));
    const refused = await failure(inChinese.complaints.assign({ id: c?.id as string, userId: fx.agentUser.id }));
    expect(appCode(refused)).toBe('ASSIGNEE_INVALID');
    expect(fieldErrorsOf(refused)).toEqual({ userId: '不是本小组的主管或调度员' });
    await as(fx.manager).complaints.assign({ id: c?.id as string, userId: fx.dispatcher.id });
    await expect(as(fx.manager).complaints.resolve({ id: c?.id as string, resolution: 'ok' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await as(fx.manager).complaints.resolve({
      id: c?.id as string,
      resolution: 'Apologised; crew retrained on showing ID',
    });
    const [done] = await as(fx.manager).complaints.list({});
    expect(done).toMatchObject({ status: 'resolved', assigneeName: 'fx-dispatcher' });
    await expect(
      as(fx.manager).complaints.resolve({ id: c?.id as string, resolution: 'again and again' }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    const timeline = await as(fx.manager).reports.timeline({ visitId: fx.visitIds.v3 as string });
    const actions = timeline.events.filter((e) => e.kind === 'audit').map((e) => e.details.action);
    expect(actions).toEqual(['complaint.create', 'complaint.assign', 'complaint.resolve']);
    expect((await as(fx.manager).reports.dashboard({ from: D1, to: D2 })).openComplaints).toBe(0);
  });

  it('dispatchers record but do not resolve; other teams see nothing', async () => {
    await expect(
      as(fx.dispatcher).complaints.resolve({ id: fx.visitIds.v1 as string, resolution: 'nope nope' }),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(await as(fx.otherManager).complaints.list({})).toEqual([]);
    await expect(
      as(fx.otherManager).complaints.create({
        key: 'complaint-key-0002',
        visitId: fx.visitIds.v1 as string,
        channel: 'sms',
        text: 'not my team',
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('names what was not found in the caller’s language', async () => {
    const caller = (locale: 'en' | 'zh-CN') =>
      createCaller(makeContext(handle, fx.otherManager, { now: at(D3, '10:00'), locale }));
    const create = { key: 'complaint-key-0003', visitId: fx.visitIds.v1 as string, channel: 'sms' as const };
    const zh = await failure(caller('zh-CN').complaints.create({ ...create, text: '不是本小组的上门' }));
    expect(zh.message).toBe('未找到：上门。');
    const en = await failure(caller('en').complaints.create({ ...create, text: 'not my team' }));
    expect(en.message).toBe('Not found: visit.');
    const unknown = '00000000-0000-4000-8000-00000000abcd';
    const zhComplaint = await failure(caller('zh-CN').complaints.resolve({ id: unknown, resolution: '已处理完毕' }));
    expect(zhComplaint.message).toBe('未找到：投诉。');
  });
});
