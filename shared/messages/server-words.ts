import type { Catalogue } from './catalogue';

/** Words the server writes into a sentence or a page that are not errors, rule violations or plan reasons. */
export const SERVER_WORDS = {
  // Who changed a visit when no user did (a job): VISIT_STALE's {by}, mid-sentence, hence lower case.
  SYSTEM_ACTOR: { en: 'the system', 'zh-CN': '系统' },
  // Who the agents visit on behalf of, on the badge and the borrower's pages. Where a borrower complains is each
  // team's own setting (teams.complaint_phone / complaint_url, teams.service complaintChannelOf).
  LENDER_NAME: { en: 'Doorstep Consumer Finance Co., Ltd.', 'zh-CN': '门前消费金融有限公司' },
  // What is logged on the case when the borrower asks for a call from the slot link (stored, in both languages).
  CALL_REQUESTED: {
    en: 'Borrower asked for a call: none of the offered times suit',
    'zh-CN': '借款人请求来电：所列时段都不合适',
  },
  // What is logged on the case when a dispatcher sends a notice as an SMS through the outbox (both languages).
  NOTICE_SMS_QUEUED: {
    en: 'Notice sent by SMS (Doorstep outbox)',
    'zh-CN': '已通过短信发送通知（Doorstep 发件箱）',
  },
} as const satisfies Catalogue;
