import type { Locale } from '../errors';
import type { OutcomeCode, VisitStatus, VisitType } from './constants';

/** The words for the domain's codes in one language: what the screens, the history and the exports say. */
export interface CodeLabels {
  status: Record<VisitStatus, string>;
  visitType: Record<VisitType, string>;
  outcome: Record<OutcomeCode, string>;
}

/**
 * One home for these words: the client merges them into its translations (`status.*`, `visitType.*`,
 * `outcome.*`) and the server writes them into exports and history sentences, so a screen and a file never
 * name the same code differently.
 */
export const CODE_LABELS: Record<Locale, CodeLabels> = {
  en: {
    status: {
      unassigned: 'Unassigned',
      assigned: 'Assigned',
      en_route: 'En route',
      on_site: 'On site',
      completed: 'Completed',
      missed: 'Missed',
      cancelled: 'Cancelled',
    },
    visitType: { negotiation: 'Negotiation', verification: 'Verification' },
    outcome: {
      paid_in_full: 'Paid in full',
      partial_payment: 'Partial payment',
      promise_to_pay: 'Promise to pay',
      repayment_plan_agreed: 'Repayment plan agreed',
      hardship_referral: 'Hardship referral',
      dispute: 'Dispute',
      refused: 'Refused',
      borrower_absent: 'Borrower absent',
      wrong_address: 'Wrong address',
      moved: 'Moved',
      complaint_raised: 'Complaint raised',
    },
  },
  'zh-CN': {
    status: {
      unassigned: '未分配',
      assigned: '已分配',
      en_route: '在途',
      on_site: '已到达',
      completed: '已完成',
      missed: '未完成',
      cancelled: '已取消',
    },
    visitType: { negotiation: '协商拜访', verification: '核实拜访' },
    outcome: {
      paid_in_full: '已全额还款',
      partial_payment: '部分还款',
      promise_to_pay: '承诺还款',
      repayment_plan_agreed: '达成还款计划',
      hardship_referral: '困难转介',
      dispute: '有异议',
      refused: '拒绝沟通',
      borrower_absent: '借款人不在',
      wrong_address: '地址错误',
      moved: '已搬离',
      complaint_raised: '提出投诉',
    },
  },
};

/** The label of a code of one kind, or the code itself when it is not one this version knows. */
export function codeLabel(locale: Locale, kind: keyof CodeLabels, code: string | null | undefined): string {
  if (code == null) return '';
  return (CODE_LABELS[locale][kind] as Record<string, string>)[code] ?? code;
}
