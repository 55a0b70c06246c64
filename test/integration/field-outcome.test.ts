import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { attachments, auditLog, instalments, outcomes, repaymentPlans, visits } from '../../drizzle/schema';
import { createCaller } from '../../server/trpc/root';
import type { RecordOutcomeInput } from '../../shared/schemas/field';
import { addDays } from '../../shared/time';
import { PNG as PNG_FILE } from '../helpers/files';
import { arriveAt, assignedStops, setUpFieldDay } from './field-helpers';
import { appCode, failure, fieldErrorsOf } from './helpers/calls';
import { clientView } from './helpers/client-error';
import { makeContext } from './helpers/db';
import { TODAY } from './helpers/demo';

const PNG = PNG_FILE.toString('base64');

describe('field app: outcomes, plans, corrections and evidence', () => {
  const demo = setUpFieldDay();
  let now: Date;
  const agent = (locale: 'en' | 'zh-CN' = 'en') =>
    createCaller(makeContext(demo.handle, demo.users.agent, { now, locale }));
  const promise = (over: Partial<RecordOutcomeInput> = {}): RecordOutcomeInput => ({
    visitId: demo.stop.id,
    clientId: 'outcome-main-0001',
    code: 'promise_to_pay',
    idShown: true,
    recordingMade: true,
    recordingRef: 'REC-0001',
    identityVerified: true,
    borrowerPresent: true,
    attitude: 'cooperative',
    notes: 'Agreed three instalments.',
    promisedAmountCents: 300_000,
    plan: {
      channel: 'bank_transfer',
      instalments: [
        { dueDate: addDays(TODAY, 7), amountCents: 100_000 },
        { dueDate: addDays(TODAY, 14), amountCents: 100_000 },
        { dueDate: addDays(TODAY, 21), amountCents: 100_000 },
      ],
    },
    signedCommitment: false,
    attachmentIds: [],
    nextAction: 'follow_up_visit',
    ...over,
  });

  it('refuses an outcome before check-in', async () => {
    now = new Date(new Date(demo.stop.slotStart).getTime() + 5 * 60_000);
    const err = await failure(agent().field.recordOutcome(promise({ clientId: 'outcome-too-early' })));
    expect(appCode(err)).toBe('OUTCOME_NOT_ALLOWED');
  });

  it('refuses an outcome when the badge was not shown, on the idShown field', async () => {
    now = await arriveAt(demo.handle, demo.users, demo.stop, 'outcome-arrive');
    const err = await failure(
      agent('zh-CN').field.recordOutcome(promise({ clientId: 'outcome-no-id', idShown: false })),
    );
    expect(appCode(err)).toBe('ID_NOT_SHOWN');
    expect(err.message).toContain('工作证');
    expect(clientView(demo.handle, err, 'zh-CN').fieldErrors).toEqual({ idShown: '必须先出示工作证' });
  });

  it('refuses a plan whose instalments do not add up to the promised total, on the plan field', async () => {
    const err = await failure(
      agent().field.recordOutcome(promise({ clientId: 'outcome-bad-sum', promisedAmountCents: 250_000 })),
    );
    expect(appCode(err)).toBe('PLAN_TOTAL_MISMATCH');
    expect(err.message).toContain('3000.00');
    expect(fieldErrorsOf(err).plan).toContain('2500.00');
    const rows = await demo.handle.db
      .select({ id: outcomes.id })
      .from(outcomes)
      .where(eq(outcomes.visitId, demo.stop.id));
    expect(rows).toHaveLength(0);
  });

  it('stores a photo once per client id, content-hashed under the data dir', async () => {
    const input = {
      visitId: demo.stop.id,
      clientId: 'attach-doc-0001',
      kind: 'document' as const,
      mimeType: 'image/png',
      dataBase64: PNG,
    };
    const first = await agent().field.uploadAttachment(input);
    const again = await agent().field.uploadAttachment(input);
    expect(again.id).toBe(first.id);
    expect(first.sha256).toMatch(/^[0-9a-f]{64}$/);
    const rows = await demo.handle.db
      .select({ id: attachments.id })
      .from(attachments)
      .where(eq(attachments.clientId, 'attach-doc-0001'));
    expect(rows).toHaveLength(1);
  });

  it('records a promise with a 3-instalment plan, completes the visit, and replays write nothing more', async () => {
    const [doc] = await demo.handle.db
      .select({ id: attachments.id })
      .from(attachments)
      .where(eq(attachments.clientId, 'attach-doc-0001'));
    const input = promise({ signedCommitment: true, attachmentIds: [doc?.id as string] });
    const first = await agent().field.recordOutcome(input);
    expect(first).toMatchObject({ version: 1, visitStatus: 'completed' });
    for (let i = 0; i < 3; i++) expect(await agent().field.recordOutcome(input)).toEqual(first);
    const rows = await demo.handle.db
      .select({ id: outcomes.id, signed: outcomes.signedDocumentRef })
      .from(outcomes)
      .where(eq(outcomes.visitId, demo.stop.id));
    expect(rows).toEqual([{ id: first.outcomeId, signed: doc?.id }]);
    const [plan] = await demo.handle.db
      .select({ id: repaymentPlans.id, total: repaymentPlans.totalCents })
      .from(repaymentPlans)
      .where(eq(repaymentPlans.outcomeId, first.outcomeId));
    expect(plan?.total).toBe(300_000);
    const items = await demo.handle.db
      .select({ amount: instalments.amountCents })
      .from(instalments)
      .where(eq(instalments.planId, plan?.id as string));
    expect(items.map((i) => i.amount)).toEqual([100_000, 100_000, 100_000]);
    const audits = await demo.handle.db
      .select({ id: auditLog.id })
      .from(auditLog)
      .where(eq(auditLog.entityId, first.outcomeId));
    expect(audits).toHaveLength(1);
    const day = await createCaller(makeContext(demo.handle, demo.users.dispatcher, { now })).dispatch.day({
      teamId: demo.teamId,
    });
    expect(day.visits.find((v) => v.id === demo.stop.id)?.status).toBe('completed');
  });

  it('a correction needs a reason and becomes version 2, chained to version 1', async () => {
    const noReason = await failure(
      agent().field.recordOutcome(
        promise({ clientId: 'outcome-corr-0001', code: 'dispute', plan: undefined, promisedAmountCents: undefined }),
      ),
    );
    expect(clientView(demo.handle, noReason).fieldErrors).toEqual({
      correctionReason: 'say why the outcome is corrected',
    });
    const corrected = await agent().field.recordOutcome(
      promise({
        clientId: 'outcome-corr-0002',
        code: 'dispute',
        plan: undefined,
        promisedAmountCents: undefined,
        correctionReason: 'Borrower disputes the amount',
      }),
    );
    expect(corrected.version).toBe(2);
    const versions = await createCaller(makeContext(demo.handle, demo.users.dispatcher, { now })).field.outcomeVersions(
      {
        visitId: demo.stop.id,
      },
    );
    expect(versions.map((v) => [v.version, v.code])).toEqual([
      [1, 'promise_to_pay'],
      [2, 'dispute'],
    ]);
    expect(versions[1]?.prevHash).toBe(versions[0]?.hash);
    expect(versions[0]?.instalments).toHaveLength(3);
    expect(versions[0]?.hash).not.toBe(versions[1]?.hash);
    // The agent's route shows the latest version's code (what the phone's "correct" button and badge use).
    const route = await agent().field.today({});
    expect(route.stops.find((s) => s.id === demo.stop.id)).toMatchObject({ outcomeCode: 'dispute', outcomeVersion: 2 });
  });

  it('an outcome saved offline keeps the phone’s time when it reaches the server later, as a kept one does', async () => {
    const [, second] = await assignedStops(demo.handle, demo.users);
    if (!second) throw new Error('the demo agent needs a second assigned stop today');
    const checkedIn = await arriveAt(demo.handle, demo.users, second, 'offline-outcome');
    const savedAt = new Date(checkedIn.getTime() + 15 * 60_000);
    // Back in signal an hour later: the queue sends the outcome with the time the agent saved it.
    const sentAt = new Date(checkedIn.getTime() + 75 * 60_000);
    const phone = createCaller(makeContext(demo.handle, demo.users.agent, { now: sentAt }));
    const res = await phone.field.recordOutcome(
      promise({
        visitId: second.id,
        clientId: 'outcome-offline-0001',
        code: 'refused',
        plan: undefined,
        promisedAmountCents: undefined,
        recordedAt: savedAt.toISOString(),
      }),
    );
    expect(res).toMatchObject({ version: 1, visitStatus: 'completed' });
    const [v1] = await phone.field.outcomeVersions({ visitId: second.id });
    expect(v1?.recordedAt).toBe(savedAt.toISOString());
    const [visit] = await demo.handle.db
      .select({ checkOutAt: visits.checkOutAt })
      .from(visits)
      .where(eq(visits.id, second.id));
    expect(visit?.checkOutAt).toEqual(savedAt);
  });
});
