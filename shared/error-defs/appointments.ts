import type { ErrorDef } from './types';

/** Errors of agreeing, moving and cancelling slots, and of the borrower's slot link. */
export const APPOINTMENT_ERRORS = {
  SLOT_VIOLATIONS: {
    status: 'BAD_REQUEST',
    en: 'This slot cannot be agreed: {summary}',
    'zh-CN': '该时段不能约定：{summary}',
  },
  SLOT_INVALID: {
    status: 'BAD_REQUEST',
    en: 'The slot must end after it starts and last at most {hours} hours.',
    'zh-CN': '时段的结束时间必须晚于开始时间，且不超过 {hours} 小时。',
  },
  LOAN_REF_TAKEN: {
    status: 'CONFLICT',
    en: 'Loan reference {loanRef} already belongs to a case.',
    'zh-CN': '借据号 {loanRef} 已有对应的案件。',
  },
  CASE_NOT_ACTIVE: {
    status: 'CONFLICT',
    en: 'The case is {status}; no visit can be arranged for it.',
    'zh-CN': '该案件状态为 {status}，不能再安排上门。',
  },
  APPOINTMENT_NOT_ACTIVE: {
    status: 'CONFLICT',
    en: 'This appointment is already {status}; it cannot be changed.',
    'zh-CN': '该预约已是 {status} 状态，不能再修改。',
  },
  VISIT_UNDER_WAY: {
    status: 'CONFLICT',
    en: 'The visit is already {status}; it can no longer be moved or cancelled.',
    'zh-CN': '该上门已是 {status} 状态，不能再改期或取消。',
  },
  SLOT_LINK_INVALID: {
    status: 'NOT_FOUND',
    en: 'This link is not valid. Please call the number in the notice you received.',
    'zh-CN': '该链接无效。请拨打您收到的通知中的电话。',
  },
  SLOT_LINK_EXPIRED: {
    status: 'BAD_REQUEST',
    en: 'This link expired on {at}. Please call the number in the notice you received.',
    'zh-CN': '该链接已于 {at} 失效。请拨打您收到的通知中的电话。',
  },
  SLOT_LINK_USED: {
    status: 'CONFLICT',
    en: 'This link was already used to choose {slot}.',
    'zh-CN': '该链接已用于选择 {slot}。',
  },
  SLOT_NOT_OFFERED: {
    status: 'CONFLICT',
    en: 'That time is no longer available. Please choose another one.',
    'zh-CN': '该时段已不可选，请选择其他时段。',
  },
  SLOT_LINK_RATE_LIMITED: {
    status: 'TOO_MANY_REQUESTS',
    en: 'Too many invalid links from this device. Try again in {minutes} minutes.',
    'zh-CN': '此设备的无效链接过多，请 {minutes} 分钟后再试。',
  },
} as const satisfies Record<string, ErrorDef>;
