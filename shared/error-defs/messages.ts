import type { ErrorDef } from './types';

/**
 * Errors of borrower messages, the job queue and agents' calendar feeds (SPEC §8.4–8.5). Each part keeps its
 * codes in its own block below (one owner per block). A message's `statusReason` is one of these codes.
 */
export const MESSAGE_ERRORS = {
  // ── Job queue (admin's jobs page, retries, planning runs through the queue) ──
  JOB_NOT_FOUND: {
    status: 'NOT_FOUND',
    en: 'There is no such job (it may have been cleaned up).',
    'zh-CN': '没有该任务（可能已被清理）。',
  },
  JOB_NOT_FAILED: {
    status: 'CONFLICT',
    en: 'Only a failed job can be retried; this one is {state}.',
    'zh-CN': '只有失败的任务可以重试；该任务当前为“{state}”。',
  },

  // ── Outbox, templates, rules, opt-outs ──
  MESSAGE_NOT_FOUND: {
    status: 'NOT_FOUND',
    en: 'There is no such message.',
    'zh-CN': '没有该消息。',
  },
  OPTED_OUT: {
    status: 'CONFLICT',
    en: 'The borrower opted out of {channel} messages.',
    'zh-CN': '借款人已退订{channel}消息。',
  },
  CONTACT_CAP: {
    status: 'CONFLICT',
    en: 'The borrower already had {cap} messages today, the most the team’s policy allows.',
    'zh-CN': '借款人今天已收到 {cap} 条消息，已达团队政策上限。',
  },

  TEMPLATE_UNKNOWN_VARIABLE: {
    status: 'BAD_REQUEST',
    en: 'The text uses {{name}}, which this kind of message does not know.',
    'zh-CN': '文本中使用了 {{name}}，该类消息没有这个变量。',
  },
  OPT_OUT_NOT_FOUND: {
    status: 'NOT_FOUND',
    en: 'The borrower has not opted out of {channel} messages.',
    'zh-CN': '借款人未退订{channel}消息。',
  },
  BORROWER_OR_CASE_REQUIRED: {
    status: 'BAD_REQUEST',
    en: 'Name the borrower or one of their cases.',
    'zh-CN': '请指定借款人或其某个案件。',
  },

  // ── SMS gateway and delivery receipts ──
  NO_GATEWAY: {
    status: 'CONFLICT',
    en: 'No SMS gateway is configured: the message was not sent. Copy its text and send it yourself.',
    'zh-CN': '未配置短信网关：消息未发送。请复制内容自行发送。',
  },

  // ── Agents' calendar feeds ──
  CALENDAR_FEED_NOT_FOUND: {
    status: 'NOT_FOUND',
    en: 'This calendar address does not exist or was revoked.',
    'zh-CN': '该日历地址不存在或已被撤销。',
  },
  CALENDAR_FEED_RATE_LIMITED: {
    status: 'TOO_MANY_REQUESTS',
    en: 'This calendar address was asked for too often. Try again in {minutes} minutes.',
    'zh-CN': '该日历地址请求过于频繁，请 {minutes} 分钟后再试。',
  },
} as const satisfies Record<string, ErrorDef>;
