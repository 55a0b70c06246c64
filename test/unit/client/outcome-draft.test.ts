import { recordOutcomeInput } from '@shared/schemas/field';
import type { TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import {
  blankDraft,
  earlyErrors,
  type OutcomeDraft,
  outcomeInput,
} from '../../../client/src/features/my-route/outcome-draft';

const t = ((key: string) => key) as unknown as TFunction;
const stop = { id: '8b9f0a52-5d0e-4c4b-9a51-3f1f0c1d2e3f', status: 'on_site', outcomeCode: null, outcomeVersion: null };
const sent = {
  clientId: '1c7e7a0e-2b9c-4d3f-8e61-6a2b0c9d8e7f',
  attachmentClientIds: [],
  recordedAt: '2026-03-02T06:00:00.000Z',
};
const draft = (over: Partial<OutcomeDraft>): OutcomeDraft => ({ ...blankDraft('2026-03-02'), idShown: true, ...over });

/** What the server's schema says of the draft as it would be sent (attachments resolved to ids by then). */
function serverAccepts(d: OutcomeDraft): boolean {
  const { attachmentClientIds: _, ...input } = outcomeInput(d, stop as never, sent);
  return recordOutcomeInput.safeParse({ ...input, attachmentIds: [] }).success;
}

describe('the outcome form checks what the server checks (shared/schemas/field.ts recordOutcomeInput)', () => {
  const drafts: Record<string, OutcomeDraft> = {
    'partial payment without a promised amount': draft({ code: 'partial_payment' }),
    'partial payment with an amount': draft({ code: 'partial_payment', amount: 300 }),
    'promise to pay without an amount': draft({ code: 'promise_to_pay' }),
    'promise to pay with amount and date': draft({ code: 'promise_to_pay', amount: 500 }),
    'plan agreed without a plan': draft({ code: 'repayment_plan_agreed', amount: 500 }),
    'plan agreed with an empty plan': draft({ code: 'repayment_plan_agreed', amount: 500, usePlan: true }),
    'plan agreed with a complete plan': draft({
      code: 'repayment_plan_agreed',
      amount: 500,
      usePlan: true,
      rows: [{ dueDate: '2026-04-01', amount: 500 }],
    }),
    'no outcome chosen': draft({ code: null }),
    'borrower absent': draft({ code: 'borrower_absent' }),
  };

  for (const [name, d] of Object.entries(drafts)) {
    it(`${name}: the phone refuses it exactly when the server would`, () => {
      const refused = Object.keys(earlyErrors(d, stop as never, 'en', t)).length > 0;
      expect(refused).toBe(!serverAccepts(d));
    });
  }

  it('a partial payment needs no promised amount, on the phone as on the server', () => {
    expect(earlyErrors(draft({ code: 'partial_payment' }), stop as never, 'en', t)).toEqual({});
  });

  it('the schema’s own rules reach the phone in the agent’s language (zh-CN and en)', () => {
    const noAmount = draft({ code: 'promise_to_pay' });
    expect(earlyErrors(noAmount, stop as never, 'zh-CN', t)).toEqual({ promisedAmountCents: '请填写承诺金额' });
    expect(earlyErrors(noAmount, stop as never, 'en', t)).toEqual({ promisedAmountCents: 'enter the promised amount' });
    const noPlan = draft({ code: 'repayment_plan_agreed', amount: 500 });
    expect(earlyErrors(noPlan, stop as never, 'zh-CN', t)).toEqual({ plan: '请添加还款计划的分期' });
    const planNoTotal = draft({
      code: 'partial_payment',
      usePlan: true,
      rows: [{ dueDate: '2026-04-01', amount: 500 }],
    });
    expect(earlyErrors(planNoTotal, stop as never, 'zh-CN', t)).toEqual({
      promisedAmountCents: '还款计划需要填写承诺总额',
    });
  });
});
